/**
 * The three approval-flow components of health, all lower-is-better in their raw value:
 * - approval_wait: 100 − Σ per artwork waiting for an approver (FOR_REVIEW) min(40, 4 × max(0, days waited − 5))
 *   − 20 per artwork in review with no approver, floored at 0;
 * - rejections: rejections per artwork r → 100 × (1 − r), clamped to 0-100;
 * - revisions: mean revision number m → 100 − 25 × (m − 2), clamped to 0-100.
 * None is scored for a project without artworks.
 */
import {
  meanRevisions,
  rejectionsOf,
  revisionWaits,
  STALE_WAIT_DAYS,
  type RevisionWait,
  waitingArtworks,
  waitsByApprover,
  withoutApprover,
  type WaitingArtwork,
} from './approvals.js';
import { clamp, round } from './stats.js';
import { listNames, plural, quote } from './text.js';
import type { HealthComponent } from './health.js';
import type { EventFact, ProjectFact } from './types.js';

export const WAIT_PENALTY_PER_DAY = 4;
export const WAIT_PENALTY_MAX = 40;
export const NO_APPROVER_PENALTY = 20;

type Component = Omit<HealthComponent, 'weight'>;

export function waitSentences(waiting: readonly WaitingArtwork[]): string[] {
  const stale = waiting.filter((w) => (w.days ?? 0) > STALE_WAIT_DAYS);
  return waitsByApprover(stale).map((a) =>
    a.artworks === 1
      ? `${quote(a.artworkNames[0]!)} has waited ${a.maxDays} days for ${a.username} (since ${a.oldestSince}).`
      : `${a.artworks} artworks have waited ${a.minDays}+ days for ${a.username} (oldest since ${a.oldestSince}).`,
  );
}

/** Who owes which new revisions: one sentence per supplier (or one for artworks without one). */
export function revisionSentences(waits: readonly RevisionWait[]): string[] {
  const by = new Map<string, RevisionWait[]>();
  for (const w of waits) for (const s of w.suppliers.length ? w.suppliers : ['']) by.set(s, [...(by.get(s) ?? []), w]);
  return [...by].map(([supplier, ws]) => {
    const what = listNames(ws.map((w) => `${quote(w.name)} (${w.state === 'REJECTED' ? 'rejected' : 'commented'})`));
    const since = ws[0]!.revisionSince ? `; the reviewed revision dates from ${ws[0]!.revisionSince}` : '';
    return supplier
      ? `Waiting on ${supplier} for a new revision of ${what}${since}.`
      : `${what} ${ws.length === 1 ? 'needs' : 'need'} a new revision, and no supplier is assigned${since}.`;
  });
}

export function approvalComponents(p: ProjectFact, history: readonly EventFact[] | undefined, now: number) {
  const live = p.artworks.filter((a) => a.state !== 'CANCELED');
  const waiting = waitingArtworks(p, now);
  const orphans = withoutApprover(p);
  const waitingOn = [...new Set(waiting.flatMap((w) => w.waitingOn))];
  const revisions = revisionWaits(p);
  const suppliersOwing = [...new Set(revisions.flatMap((w) => w.suppliers))];
  if (live.length === 0) {
    const none = (key: Component['key'], unit: string): Component => ({
      key,
      value: null,
      unit,
      direction: 'lower_is_better',
      score: null,
      detail: `No artworks yet, so ${key.replace('_', ' ')} is not scored.`,
    });
    return {
      waiting,
      waitingOn,
      revisions,
      suppliersOwing,
      components: [
        none('approval_wait', 'artworks waiting > 5 days'),
        none('rejections', 'rejections per artwork'),
        none('revisions', 'mean revision number'),
      ],
    };
  }

  const penalty =
    waiting.reduce(
      (s, w) => s + Math.min(WAIT_PENALTY_MAX, WAIT_PENALTY_PER_DAY * Math.max(0, (w.days ?? 0) - STALE_WAIT_DAYS)),
      0,
    ) +
    NO_APPROVER_PENALTY * orphans.length;
  const stale = waiting.filter((w) => (w.days ?? 0) > STALE_WAIT_DAYS);
  const waitText = [...waitSentences(waiting)];
  if (orphans.length)
    waitText.push(
      `${listNames(orphans.map((a) => quote(a.name)))} ${orphans.length === 1 ? 'is' : 'are'} in review with no approver assigned.`,
    );
  if (!waitText.length) {
    waitText.push(
      waiting.length
        ? `${plural(waiting.length, 'artwork')} in review, none waiting more than ${STALE_WAIT_DAYS} days.`
        : 'No artwork is waiting for approval.',
    );
  }
  const approvalWait: Component = {
    key: 'approval_wait',
    value: stale.length + orphans.length,
    unit: 'artworks waiting > 5 days',
    direction: 'lower_is_better',
    score: Math.max(0, 100 - penalty),
    detail: waitText.join(' '),
  };

  const rej = rejectionsOf(p, history);
  const perArtwork = round(rej.count / live.length, 2);
  const rejections: Component = {
    key: 'rejections',
    value: perArtwork,
    unit: 'rejections per artwork',
    direction: 'lower_is_better',
    score: round(clamp(100 * (1 - perArtwork), 0, 100)),
    detail: `${plural(rej.count, 'rejection')} across ${plural(live.length, 'artwork')} (${rej.source === 'history' ? 'counted from history' : 'artworks rejected now; history not available or shows fewer'}).`,
  };

  const m = meanRevisions(p);
  const revisionsComponent: Component = {
    key: 'revisions',
    value: m,
    unit: 'mean revision number',
    direction: 'lower_is_better',
    score: m === null ? null : round(clamp(100 - 25 * (m - 2), 0, 100)),
    detail:
      m === null
        ? 'No revision uploaded yet, so revisions are not scored.'
        : `Artworks are on revision ${m} on average (2 or fewer is normal).`,
  };
  return {
    waiting,
    waitingOn,
    revisions,
    suppliersOwing,
    components: [approvalWait, rejections, revisionsComponent],
  };
}

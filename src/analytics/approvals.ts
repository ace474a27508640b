/**
 * The approval flow of one project, read from its artworks (and history for rejections).
 * Waiting for approval = state FOR_REVIEW with at least one undecided approver (a user whose
 * `approver.undecided` is true, or an UNDECIDED approver team, named by its undecided members).
 * The wait is counted from `currentRevision.created`, the day the revision under review arrived.
 * A COMMENTED or REJECTED artwork waits for a new revision from its suppliers, not for its
 * approvers: that wait is the supplier's (revisionWaits), never charged to an approver.
 */
import { mean, round } from './stats.js';
import { daysBetween, isoDay, parseInstant } from './time.js';
import type { ArtworkFact, EventFact, ProjectFact } from './types.js';

export const WAITING_STATES: readonly string[] = ['FOR_REVIEW'];
/** States in which the next move is a new revision from the supplier. */
export const REVISION_DUE_STATES: readonly string[] = ['COMMENTED', 'REJECTED'];
export const DONE_STATES: readonly string[] = ['APPROVED', 'BUNDLED', 'SHIPPED', 'DELIVERED'];
/** A wait longer than this many days is "stale" and costs health points. */
export const STALE_WAIT_DAYS = 5;
/** History event names counted as rejections (Cway names are free text). */
export const REJECTION_EVENT = /reject/i;
const NOT_A_REJECTION = /revok|undo|reset|withdr/i;

export interface WaitingArtwork {
  artworkId: string;
  name: string;
  state: string;
  /** Day the wait started (`currentRevision.created`), or null when unknown. */
  since: string | null;
  days: number | null;
  /** Usernames (or "team <name>" when a team lists no undecided member) still to decide. */
  waitingOn: string[];
}

/** Who an artwork waits for; an empty list means nobody is assigned to decide. */
export function undecidedOf(a: ArtworkFact): string[] {
  const who = a.approvers.filter((x) => x.decision === 'undecided').map((x) => x.username);
  for (const t of a.teams) {
    if (t.state !== 'UNDECIDED') continue;
    if (t.undecidedMembers.length) who.push(...t.undecidedMembers);
    else who.push(`team ${t.team}`);
  }
  return [...new Set(who)];
}

/** Artworks in review that somebody still has to decide, oldest wait first. */
export function waitingArtworks(p: ProjectFact, now: number): WaitingArtwork[] {
  const out: WaitingArtwork[] = [];
  for (const a of p.artworks) {
    if (!WAITING_STATES.includes(a.state)) continue;
    const waitingOn = undecidedOf(a);
    if (!waitingOn.length) continue;
    const since = parseInstant(a.revisionCreated);
    out.push({
      artworkId: a.id,
      name: a.name,
      state: a.state,
      since: since === null ? null : isoDay(since),
      days: since === null ? null : Math.max(0, daysBetween(since, now)),
      waitingOn,
    });
  }
  return out.sort((x, y) => (y.days ?? -1) - (x.days ?? -1));
}

export interface RevisionWait {
  artworkId: string;
  name: string;
  /** COMMENTED or REJECTED. */
  state: string;
  /** Day the revision that was commented or rejected was uploaded (the wait began after it). */
  revisionSince: string | null;
  /** Usernames of its suppliers (and "team <name>" for supplier teams); empty when none is assigned. */
  suppliers: string[];
}

/** Artworks that wait for a new revision from their suppliers, oldest revision first. */
export function revisionWaits(p: ProjectFact): RevisionWait[] {
  return p.artworks
    .filter((a) => REVISION_DUE_STATES.includes(a.state))
    .map((a) => {
      const since = parseInstant(a.revisionCreated);
      return {
        artworkId: a.id,
        name: a.name,
        state: a.state,
        revisionSince: since === null ? null : isoDay(since),
        suppliers: [...a.suppliers],
      };
    })
    .sort((x, y) => (x.revisionSince ?? '').localeCompare(y.revisionSince ?? ''));
}

/** Artworks in review with nobody assigned (or left) to decide: approvals cannot progress. */
export function withoutApprover(p: ProjectFact): ArtworkFact[] {
  return p.artworks.filter((a) => WAITING_STATES.includes(a.state) && a.approvers.length === 0 && a.teams.length === 0);
}

export interface ApproverWait {
  username: string;
  artworks: number;
  /** Fewest days any of these artworks has waited (so "N artworks have waited minDays+ days"). */
  minDays: number | null;
  maxDays: number | null;
  oldestSince: string | null;
  artworkNames: string[];
}

/** Waiting artworks grouped by the person they wait for, most artworks first. */
export function waitsByApprover(waiting: readonly WaitingArtwork[]): ApproverWait[] {
  const by = new Map<string, WaitingArtwork[]>();
  for (const w of waiting) for (const u of w.waitingOn) by.set(u, [...(by.get(u) ?? []), w]);
  return [...by.entries()]
    .map(([username, ws]) => {
      const days = ws.map((w) => w.days).filter((d): d is number => d !== null);
      const sinces = ws
        .map((w) => w.since)
        .filter((d): d is string => d !== null)
        .sort();
      return {
        username,
        artworks: ws.length,
        minDays: days.length ? Math.min(...days) : null,
        maxDays: days.length ? Math.max(...days) : null,
        oldestSince: sinces[0] ?? null,
        artworkNames: ws.map((w) => w.name),
      };
    })
    .sort(
      (a, b) =>
        b.artworks - a.artworks || (b.maxDays ?? -1) - (a.maxDays ?? -1) || a.username.localeCompare(b.username),
    );
}

export interface Rejections {
  count: number;
  /** `history`: events whose name mentions a rejection; `current_state`: artworks now rejected. */
  source: 'history' | 'current_state';
}

/** Rejections of a project: the larger of the history count and the currently-rejected count. */
export function rejectionsOf(p: ProjectFact, history: readonly EventFact[] | undefined): Rejections {
  const current = p.artworks.filter(
    (a) =>
      a.state === 'REJECTED' ||
      a.approvers.some((x) => x.decision === 'rejected') ||
      a.teams.some((t) => t.state === 'REJECTED'),
  ).length;
  if (!history) return { count: current, source: 'current_state' };
  const fromHistory = history.filter((e) => REJECTION_EVENT.test(e.name) && !NOT_A_REJECTION.test(e.name)).length;
  return fromHistory >= current
    ? { count: fromHistory, source: 'history' }
    : { count: current, source: 'current_state' };
}

/** Mean `currentRevision.revisionNo` over artworks that have a revision; null when none has. */
export function meanRevisions(p: ProjectFact): number | null {
  const m = mean(p.artworks.map((a) => a.revisionNo).filter((n): n is number => n !== null && Number.isFinite(n)));
  return m === null ? null : round(m, 2);
}

/**
 * What holds a project up, and the one next step that would move it. Checked in this order, the
 * first that applies wins: undecided approvers on FOR_REVIEW artworks → review without approver →
 * a new revision is due (REJECTED or COMMENTED)
 * → a first file is due → nothing started → no artworks → all done, delivery due → unknown.
 */
import { DONE_STATES, waitingArtworks, waitsByApprover, withoutApprover } from './approvals.js';
import { listNames, plural, quote } from './text.js';
import type { ProjectFact } from './types.js';

export type BlockKind =
  'approval' | 'no_approver' | 'new_revision' | 'first_upload' | 'not_started' | 'no_artworks' | 'delivery' | 'unknown';

export interface Blocking {
  kind: BlockKind;
  /** The people (usernames) who can unblock it. */
  who: string[];
  detail: string;
  recommendedAction: string;
}

const suppliersOf = (arts: ProjectFact['artworks']) => [...new Set(arts.flatMap((a) => a.suppliers))];

export function blockingOf(p: ProjectFact, now: number): Blocking {
  const pm = p.projectManager?.username ?? null;
  const owner = pm ?? 'the orderer (no project manager is assigned)';
  const ownerWho = pm ? [pm] : [];
  // Artworks in FOR_REVIEW wait on their approvers; COMMENTED and REJECTED ones (below) wait on a
  // new revision first, even while some approvers are still undecided.
  const waiting = waitingArtworks(p, now).filter((w) => w.state === 'FOR_REVIEW');
  if (waiting.length) {
    const by = waitsByApprover(waiting);
    const top = by[0]!;
    const since = top.oldestSince ? ` since ${top.oldestSince}` : '';
    return {
      kind: 'approval',
      who: by.map((a) => a.username),
      detail: by
        .map(
          (a) =>
            `${a.username}: ${plural(a.artworks, 'artwork')} waiting${a.maxDays !== null ? `, longest ${a.maxDays} days` : ''}`,
        )
        .join('; '),
      recommendedAction: `Remind ${top.username}, who has ${plural(top.artworks, 'artwork')} waiting${since} (${listNames(top.artworkNames.map(quote))}).`,
    };
  }
  const orphans = withoutApprover(p);
  if (orphans.length) {
    return {
      kind: 'no_approver',
      who: ownerWho,
      detail: `${listNames(orphans.map((a) => quote(a.name)))} ${orphans.length === 1 ? 'is' : 'are'} in review with no approver.`,
      recommendedAction: `Assign an approver to ${listNames(orphans.map((a) => quote(a.name)))}.`,
    };
  }
  const live = p.artworks.filter((a) => a.state !== 'CANCELED');
  const redo = live.filter((a) => a.state === 'REJECTED' || a.state === 'COMMENTED');
  if (redo.length) {
    const sup = suppliersOf(redo);
    const who = sup.length ? listNames(sup) : owner;
    return {
      kind: 'new_revision',
      who: sup.length ? sup : ownerWho,
      detail: `${listNames(redo.map((a) => `${quote(a.name)} (${a.state === 'REJECTED' ? 'rejected' : 'commented'})`))} ${redo.length === 1 ? 'needs' : 'need'} a new revision.`,
      recommendedAction: `Ask ${who} to upload a new revision of ${listNames(redo.map((a) => quote(a.name)))}.`,
    };
  }
  const awaitingFile = live.filter(
    (a) => a.state !== 'UNSTARTED' && !DONE_STATES.includes(a.state) && a.revisionNo === null,
  );
  if (awaitingFile.length) {
    const sup = suppliersOf(awaitingFile);
    return {
      kind: 'first_upload',
      who: sup.length ? sup : ownerWho,
      detail: `${plural(awaitingFile.length, 'started artwork')} without any file yet.`,
      recommendedAction: `Ask ${sup.length ? listNames(sup) : owner} to upload the first file for ${listNames(awaitingFile.map((a) => quote(a.name)))}.`,
    };
  }
  const unstarted = live.filter((a) => a.state === 'UNSTARTED');
  if (unstarted.length && unstarted.length === live.filter((a) => !DONE_STATES.includes(a.state)).length) {
    return {
      kind: 'not_started',
      who: ownerWho,
      detail: `${plural(unstarted.length, 'artwork')} not started.`,
      recommendedAction: `${pm ? `${pm} should start` : 'Start'} the ${plural(unstarted.length, 'unstarted artwork')} (${listNames(unstarted.map((a) => quote(a.name)))}) or close the project if it is no longer needed.`,
    };
  }
  if (live.length === 0) {
    return {
      kind: 'no_artworks',
      who: ownerWho,
      detail: 'The project has no artworks.',
      recommendedAction: `Ask ${owner} to add artworks, or close the project if it is no longer needed.`,
    };
  }
  if (live.every((a) => DONE_STATES.includes(a.state))) {
    return {
      kind: 'delivery',
      who: ownerWho,
      detail: `All ${plural(live.length, 'artwork')} are approved or further along.`,
      recommendedAction: `Ask ${owner} to deliver the project: every artwork is done.`,
    };
  }
  return {
    kind: 'unknown',
    who: ownerWho,
    detail: 'No waiting approval, missing file or rejection explains the silence.',
    recommendedAction: `Ask ${owner} for a status update.`,
  };
}

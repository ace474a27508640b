/**
 * State rules of projects and artworks: which states allow which action, the status balls,
 * progress, and the closable/deleteable predicates. The sandbox's own reading of the real API,
 * documented in docs/sandbox.md.
 */
import type { ArtworkState, ProjectRow, ArtworkRow } from '../store/types.js';
import { toDay } from '../time.js';

const set = (...states: ArtworkState[]) => new Set<ArtworkState>(states);

export const APPROVABLE = set('FOR_REVIEW', 'COMMENTED');
export const REJECTABLE = APPROVABLE;
/** Corrections go on the current revision while it is under review or was turned down. */
export const COMMENTABLE = set('FOR_REVIEW', 'COMMENTED', 'REJECTED');
export const NEW_REVISION = set('UNSTARTED', 'FOR_REVIEW', 'COMMENTED', 'REJECTED');
/** States that count as "done" for progress and the status ball. */
export const DONE = set('APPROVED', 'BUNDLED', 'SHIPPED', 'DELIVERED');
/** States in which an artwork no longer keeps a project open. */
export const FINISHED = set('SHIPPED', 'DELIVERED', 'CANCELED');
/** States a supplier has to act on (upload a revision). */
export const NEEDS_UPLOAD: ArtworkState[] = ['UNSTARTED', 'REJECTED', 'COMMENTED'];

export interface Progress {
  totalArtworks: number;
  artworksDone: number;
  artworksInProgress: number;
  artworksUnstarted: number;
  percentageDone: number;
  percentageInProgress: number;
  percentageUnstarted: number;
}

const pct = (n: number, total: number) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);

/** Progress over the non-canceled artworks; percentages are 0–100 with one decimal. */
export function progress(counts: Map<ArtworkState, number>): Progress {
  let total = 0;
  let done = 0;
  for (const [state, n] of counts) {
    if (state === 'CANCELED') continue;
    total += n;
    if (DONE.has(state)) done += n;
  }
  const unstarted = counts.get('UNSTARTED') ?? 0;
  const inProgress = total - done - unstarted;
  return {
    totalArtworks: total,
    artworksDone: done,
    artworksInProgress: inProgress,
    artworksUnstarted: unstarted,
    percentageDone: pct(done, total),
    percentageInProgress: pct(inProgress, total),
    percentageUnstarted: pct(unstarted, total),
  };
}

export function isClosable(p: ProjectRow, counts: Map<ArtworkState, number>): boolean {
  return p.state !== 'CLOSED' && [...counts.keys()].every((s) => FINISHED.has(s));
}

/** Deleting loses nothing when no artwork has got past UNSTARTED (canceled ones aside). */
export function isDeleteable(counts: Map<ArtworkState, number>): boolean {
  return [...counts.keys()].every((s) => s === 'UNSTARTED' || s === 'CANCELED');
}

type Ball = 'GREY' | 'BLUE' | 'GREEN' | 'YELLOW' | 'RED';

const overdue = (endDate: string | null, now: number) => endDate !== null && endDate < toDay(now);

export function artworkStatus(a: ArtworkRow, now: number): Ball {
  if (a.state === 'UNSTARTED' || a.state === 'CANCELED') return 'GREY';
  if (DONE.has(a.state)) return 'GREEN';
  if (a.state === 'REJECTED' || overdue(a.endDate, now)) return 'RED';
  return a.state === 'COMMENTED' ? 'YELLOW' : 'BLUE';
}

export function projectStatus(p: ProjectRow, counts: Map<ArtworkState, number>, now: number): Ball {
  if (p.state === 'PLANNED' || p.state === 'CLOSED') return 'GREY';
  if (p.state === 'DELIVERED') return 'GREEN';
  if (p.state === 'STAND_BY') return 'YELLOW';
  const prog = progress(counts);
  if (overdue(p.endDate, now) || counts.has('REJECTED')) return 'RED';
  if (counts.has('COMMENTED')) return 'YELLOW';
  if (prog.totalArtworks > 0 && prog.artworksDone === prog.totalArtworks) return 'GREEN';
  return 'BLUE';
}

/** Cway answers → the analytics' facts (src/analytics/types.ts). Lenient: odd values become null. */
import { readFragment, type FragmentOf, type ResultOf } from '../../cway/graphql.js';
import type { ArtworkFact, EventFact, ProjectFact } from '../../analytics/types.js';
import { AnalyticsProjectFields } from './fragments.js';
import { epochMs } from '../shared.js';

type RawArtwork = ResultOf<typeof AnalyticsProjectFields>['artworks'][number];

const str = (v: string | null | undefined): string | null => (typeof v === 'string' && v !== '' ? v : null);

function toArtwork(a: RawArtwork): ArtworkFact {
  const revisionDays = a.revisions
    .map((r) => r.created)
    .filter((d): d is string => typeof d === 'string')
    .sort();
  const revisionNo = a.currentRevision ? Number(a.currentRevision.revisionNo) : null;
  return {
    id: a.id,
    name: a.name,
    state: a.state,
    endDate: str(a.endDate),
    approvalDate: str(a.approvalDate),
    deliveryDate: str(a.deliveryDate),
    revisionNo: revisionNo !== null && Number.isFinite(revisionNo) ? revisionNo : null,
    revisionCreated: str(a.currentRevision?.created),
    firstRevisionCreated: revisionDays[0] ?? null,
    approvers: a.approvers.map((x) => ({
      username: x.username,
      name: x.name,
      // An approver without an Approver record has not decided.
      decision: x.approver?.approved ? 'approved' : x.approver?.rejected ? 'rejected' : 'undecided',
    })),
    teams: a.teamApprovers.map((t) => ({
      team: t.name,
      state: t.approvalState,
      undecidedMembers: t.memberApprovals
        .filter((m) => m.approved === null || m.approved === undefined)
        .map((m) => m.user.username),
    })),
    suppliers: [...a.suppliers.map((s) => s.username), ...a.teamSuppliers.map((t) => `team ${t.name}`)],
  };
}

export function toProjectFact(data: FragmentOf<typeof AnalyticsProjectFields>): ProjectFact {
  const p = readFragment(AnalyticsProjectFields, data);
  return {
    id: p.id,
    name: p.name,
    state: p.state,
    created: str(p.created),
    startDate: str(p.startDate),
    endDate: str(p.endDate),
    planningStart: str(p.planning.start),
    planningEnd: str(p.planning.end),
    lastActivity: str(p.lastActivity),
    totalArtworks: p.progress.totalArtworks,
    artworksDone: p.progress.artworksDone,
    percentageDone: Number(p.progress.percentageDone),
    projectManager: p.projectManager ? { username: p.projectManager.username, name: p.projectManager.name } : null,
    artworks: p.artworks.map(toArtwork),
  };
}

/** History entries → events (epoch ms), oldest first; unreadable timestamps are dropped. */
export function toEvents(list: readonly { timestamp: number | string; name: string }[]): EventFact[] {
  return list
    .map((e) => ({ at: epochMs(e.timestamp), name: e.name }))
    .filter((e) => e.at > 0)
    .sort((a, b) => a.at - b.at);
}

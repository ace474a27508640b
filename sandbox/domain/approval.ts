/**
 * Approval bookkeeping. A user may hold several approval "slots" on one artwork: a direct
 * approver assignment and a membership in each approver team attached to it. Approving or
 * rejecting fills every slot of the user at once.
 */
import type { Store } from '../store.js';
import type { ArtworkTeamRow, ArtworkUserRow, TeamApprovalRow } from '../store/types.js';

export type TeamApprovalState = 'UNDECIDED' | 'APPROVED' | 'REJECTED';

/** What one user is on one artwork. */
export interface ArtworkRole {
  direct?: ArtworkUserRow;
  /** Attached teams the user is a member of. */
  teams: ArtworkTeamRow[];
  isApprover: boolean;
  isSupplier: boolean;
  isReceiver: boolean;
  /** True when the user has an approval slot that is not approved yet. */
  hasPendingApproval: boolean;
  /** True when the user has approved in at least one slot. */
  hasApproved: boolean;
  /** True when the user has rejected in at least one slot. */
  hasRejected: boolean;
}

export function roleOn(store: Store, artworkId: string, userId: string): ArtworkRole {
  const direct = store.artworks.assignment(artworkId, userId);
  const mine = new Set(store.users.teamIdsOf(userId));
  const teams = store.artworks.teams(artworkId).filter((t) => mine.has(t.teamId));
  const approverTeams = teams.filter((t) => t.isApprover);
  const decisions = approverTeams.map((t) => decisionOf(store, t.id, userId));
  const directApprover = direct?.isApprover ? direct : undefined;
  return {
    direct,
    teams,
    isApprover: !!directApprover || approverTeams.length > 0,
    isSupplier: !!direct?.isSupplier || teams.some((t) => t.isSupplier),
    isReceiver: !!direct?.isReceiver || teams.some((t) => t.isReceiver),
    hasPendingApproval: (!!directApprover && !directApprover.approved) || decisions.some((d) => d?.approved !== 1),
    hasApproved: !!directApprover?.approved || decisions.some((d) => d?.approved === 1),
    hasRejected: !!directApprover?.rejected || decisions.some((d) => d?.approved === 0),
  };
}

function decisionOf(store: Store, artworkTeamId: string, userId: string): TeamApprovalRow | undefined {
  return store.get<TeamApprovalRow>('SELECT * FROM teamApprovals WHERE artworkTeamId = ? AND userId = ?', [
    artworkTeamId,
    userId,
  ]);
}

/** A team's decision from its live members: any rejection rejects; the mode says how many approvals it takes. */
export function teamApprovalState(store: Store, team: ArtworkTeamRow): TeamApprovalState {
  const members = store.users.members(team.teamId).map((m) => m.userId);
  const byUser = new Map(store.artworks.teamApprovals(team.id).map((d) => [d.userId, d.approved]));
  const decisions = members.map((u) => byUser.get(u) ?? null);
  if (decisions.includes(0)) return 'REJECTED';
  const approved = decisions.filter((d) => d === 1).length;
  if (members.length === 0 || approved === 0) return 'UNDECIDED';
  return team.approvalMode === 'ANY_MEMBER' || approved === members.length ? 'APPROVED' : 'UNDECIDED';
}

/** Every approver and every approver team has approved (and there is at least one of them). */
export function isFullyApproved(store: Store, artworkId: string): boolean {
  const users = store.artworks.users(artworkId).filter((u) => u.isApprover);
  const teams = store.artworks.teams(artworkId).filter((t) => t.isApprover);
  if (users.length + teams.length === 0) return false;
  return users.every((u) => u.approved) && teams.every((t) => teamApprovalState(store, t) === 'APPROVED');
}

/** Records the user's decision in every approval slot they hold on the artwork. */
export function decide(
  store: Store,
  artworkId: string,
  userId: string,
  approve: boolean,
  at: number,
  revisionId: string | null,
): void {
  store.update(
    'artworkUsers',
    { artworkId, userId, isApprover: 1 },
    { approved: approve, rejected: !approve, approvedRevision: approve ? revisionId : null },
  );
  for (const team of roleOn(store, artworkId, userId).teams.filter((t) => t.isApprover)) {
    store.run(
      `INSERT INTO teamApprovals (artworkTeamId, userId, approved, approvedAt) VALUES (@t, @u, @a, @at)
       ON CONFLICT (artworkTeamId, userId) DO UPDATE SET approved = @a, approvedAt = @at`,
      { t: team.id, u: userId, a: approve ? 1 : 0, at },
    );
  }
}

export interface ClearOptions {
  /** Only these users' decisions (default: everyone's). */
  userIds?: string[];
  approvals: boolean;
  rejections: boolean;
  /** Keep direct approvals whose `clearOnNextRevision` is false. */
  onlyFlagged?: boolean;
}

/** Clears decisions on an artwork, for direct approvers and team members alike. */
export function clearDecisions(store: Store, artworkId: string, o: ClearOptions): void {
  const users = o.userIds ? JSON.stringify(o.userIds) : null;
  const who = 'AND (@users IS NULL OR userId IN (SELECT value FROM json_each(@users)))';
  if (o.approvals) {
    store.run(
      `UPDATE artworkUsers SET approved = 0, approvedRevision = NULL
       WHERE artworkId = @a AND approved = 1 AND (@flagged = 0 OR clearOnNextRevision = 1) ${who}`,
      { a: artworkId, flagged: o.onlyFlagged ? 1 : 0, users },
    );
  }
  if (o.rejections)
    store.run(`UPDATE artworkUsers SET rejected = 0 WHERE artworkId = @a AND rejected = 1 ${who}`, {
      a: artworkId,
      users,
    });
  const kinds = [o.approvals ? 1 : -1, o.rejections ? 0 : -1];
  store.run(
    `DELETE FROM teamApprovals WHERE artworkTeamId IN (SELECT id FROM artworkTeams WHERE artworkId = @a)
     AND approved IN (@k1, @k2) ${who}`,
    { a: artworkId, k1: kinds[0], k2: kinds[1], users },
  );
}

/** The artwork waits for this user's decision: an undecided direct approval, or an undecided team still missing theirs. */
export function awaitsDecisionFrom(store: Store, artworkId: string, userId: string): boolean {
  const direct = store.artworks.assignment(artworkId, userId);
  if (direct?.isApprover && !direct.approved && !direct.rejected) return true;
  const mine = new Set(store.users.teamIdsOf(userId));
  return store.artworks
    .teams(artworkId)
    .some(
      (t) =>
        t.isApprover &&
        mine.has(t.teamId) &&
        !decisionOf(store, t.id, userId) &&
        teamApprovalState(store, t) === 'UNDECIDED',
    );
}

/** Field resolvers of Project and Artwork and the types hanging off artworks (computed fields). */
import { artworkTasks } from './editing.js';
import type { Ctx } from './context.js';
import { memo } from './context.js';
import type {
  ArtworkRow,
  ArtworkTeamRow,
  ArtworkUserRow,
  CorrectionRow,
  ProjectRow,
  RevisionRow,
} from '../store/types.js';
import {
  artworkStatus,
  COMMENTABLE,
  APPROVABLE,
  DONE,
  NEW_REVISION,
  REJECTABLE,
  isClosable,
  isDeleteable,
  progress,
  projectStatus,
} from '../domain/rules.js';
import { roleOn, teamApprovalState } from '../domain/approval.js';
import { artworkPermissions, projectPermissions } from '../permissions.js';
import { toDay } from '../time.js';
import { displayName } from './context.js';
import { parseMarkers } from './markers.js';

const stateCounts = (ctx: Ctx, projectId: string) =>
  memo(ctx, `counts:${projectId}`, () => ctx.store.projects.stateCounts(projectId));
const projectOf = (ctx: Ctx, projectId: string) =>
  memo(ctx, `project:${projectId}`, () => ctx.store.projects.get(projectId)!);
const currentRevision = (ctx: Ctx, artworkId: string) =>
  memo(ctx, `rev:${artworkId}`, () => ctx.store.artworks.currentRevision(artworkId));
const user = (ctx: Ctx, id: string | null) => (id ? (ctx.store.users.byId(id) ?? null) : null);
const file = (ctx: Ctx, id: string | null) => (id ? (ctx.store.media.file(id) ?? null) : null);

export const Project = {
  status: (p: ProjectRow, _: unknown, ctx: Ctx) => projectStatus(p, stateCounts(ctx, p.id), ctx.now()),
  planning: (p: ProjectRow) => ({ start: p.startDate, end: p.endDate }),
  progress: (p: ProjectRow, _: unknown, ctx: Ctx) => progress(stateCounts(ctx, p.id)),
  orderer: (p: ProjectRow, _: unknown, ctx: Ctx) => user(ctx, p.ordererId),
  projectManager: (p: ProjectRow, _: unknown, ctx: Ctx) => user(ctx, p.managerId),
  artworks: (p: ProjectRow, _: unknown, ctx: Ctx) => ctx.store.projects.artworks(p.id),
  files: (p: ProjectRow, _: unknown, ctx: Ctx) =>
    ctx.store.all(
      'SELECT f.* FROM projectFiles pf JOIN files f ON f.id = pf.fileId WHERE pf.projectId = ? ORDER BY pf.addedAt, f.id',
      [p.id],
    ),
  created: (p: ProjectRow) => toDay(p.createdAt),
  projectPermissions: (p: ProjectRow, _: unknown, ctx: Ctx) => projectPermissions(ctx.viewer, p),
  isInClosableState: (p: ProjectRow, _: unknown, ctx: Ctx) => isClosable(p, stateCounts(ctx, p.id)),
  isInDeleteableState: (p: ProjectRow, _: unknown, ctx: Ctx) => isDeleteable(stateCounts(ctx, p.id)),
};

export const Artwork = {
  projectName: (a: ArtworkRow, _: unknown, ctx: Ctx) => projectOf(ctx, a.projectId).name,
  orderer: (a: ArtworkRow, _: unknown, ctx: Ctx) => user(ctx, projectOf(ctx, a.projectId).ordererId),
  category: (a: ArtworkRow, _: unknown, ctx: Ctx) => ctx.store.setup.category(a.categoryId),
  created: (a: ArtworkRow) => toDay(a.createdAt),
  users: (a: ArtworkRow, _: unknown, ctx: Ctx) => ctx.store.artworks.users(a.id),
  approvers: (a: ArtworkRow, _: unknown, ctx: Ctx) => ctx.store.artworks.users(a.id).filter((u) => u.isApprover),
  receivers: (a: ArtworkRow, _: unknown, ctx: Ctx) => ctx.store.artworks.users(a.id).filter((u) => u.isReceiver),
  suppliers: (a: ArtworkRow, _: unknown, ctx: Ctx) => ctx.store.artworks.users(a.id).filter((u) => u.isSupplier),
  teams: (a: ArtworkRow, _: unknown, ctx: Ctx) => ctx.store.artworks.teams(a.id),
  teamApprovers: (a: ArtworkRow, _: unknown, ctx: Ctx) => ctx.store.artworks.teams(a.id).filter((t) => t.isApprover),
  teamReceivers: (a: ArtworkRow, _: unknown, ctx: Ctx) => ctx.store.artworks.teams(a.id).filter((t) => t.isReceiver),
  teamSuppliers: (a: ArtworkRow, _: unknown, ctx: Ctx) => ctx.store.artworks.teams(a.id).filter((t) => t.isSupplier),
  revisions: (a: ArtworkRow, _: unknown, ctx: Ctx) => ctx.store.artworks.revisions(a.id),
  tasks: (a: ArtworkRow, _: unknown, ctx: Ctx) => artworkTasks(ctx, a.id),
  currentRevision: (a: ArtworkRow, _: unknown, ctx: Ctx) => currentRevision(ctx, a.id) ?? null,
  filesWithType: (a: ArtworkRow, _: unknown, ctx: Ctx) =>
    ctx.store.artworks
      .files(a.id)
      .map((f) => ({ file: file(ctx, f.fileId), fileType: f.fileType }))
      .filter((f) => f.file),
  status: (a: ArtworkRow, _: unknown, ctx: Ctx) => artworkStatus(a, ctx.now()),
  previewFile: (a: ArtworkRow, _: unknown, ctx: Ctx) => file(ctx, currentRevision(ctx, a.id)?.fileId ?? null),
  isInCommentableState: (a: ArtworkRow, _: unknown, ctx: Ctx) =>
    COMMENTABLE.has(a.state) && !!currentRevision(ctx, a.id),
  isInApprovableState: (a: ArtworkRow) => APPROVABLE.has(a.state),
  isInCreateNewRevisionState: (a: ArtworkRow) => NEW_REVISION.has(a.state),
  isInRejectableState: (a: ArtworkRow) => REJECTABLE.has(a.state),
  artworkPermissions: (a: ArtworkRow, _: unknown, ctx: Ctx) =>
    artworkPermissions(
      ctx.viewer,
      projectOf(ctx, a.projectId),
      { state: a.state, hasRevision: !!currentRevision(ctx, a.id) },
      roleOn(ctx.store, a.id, ctx.viewer.user.id),
    ),
};

export const ArtworkUser = {
  username: (u: ArtworkUserRow, _: unknown, ctx: Ctx) => ctx.store.users.byId(u.userId)!.username,
  name: (u: ArtworkUserRow, _: unknown, ctx: Ctx) => displayName(ctx.store.users.byId(u.userId)!),
  isApprover: (u: ArtworkUserRow) => !!u.isApprover,
  isReceiver: (u: ArtworkUserRow) => !!u.isReceiver,
  isSupplier: (u: ArtworkUserRow) => !!u.isSupplier,
  approver: (u: ArtworkUserRow) => (u.isApprover ? u : null),
  receiver: (u: ArtworkUserRow) => (u.isReceiver ? { downloaded: !!u.downloaded } : null),
  supplier: (u: ArtworkUserRow) => (u.isSupplier ? { type: u.supplierType } : null),
};

export const Approver = {
  approved: (u: ArtworkUserRow) => !!u.approved,
  rejected: (u: ArtworkUserRow) => !!u.rejected,
  clearOnNextRevision: (u: ArtworkUserRow) => !!u.clearOnNextRevision,
  undecided: (u: ArtworkUserRow) => !u.approved && !u.rejected,
};

export const ArtworkUserTeam = {
  sourceTeamId: (t: ArtworkTeamRow) => t.teamId,
  name: (t: ArtworkTeamRow, _: unknown, ctx: Ctx) => ctx.store.users.team(t.teamId)?.name ?? '',
  description: (t: ArtworkTeamRow, _: unknown, ctx: Ctx) => ctx.store.users.team(t.teamId)?.description ?? '',
  members: (t: ArtworkTeamRow, _: unknown, ctx: Ctx) =>
    ctx.store.users.members(t.teamId).map((m) => ({ user: ctx.store.users.byId(m.userId), admin: !!m.admin })),
  isApprover: (t: ArtworkTeamRow) => !!t.isApprover,
  isReceiver: (t: ArtworkTeamRow) => !!t.isReceiver,
  isSupplier: (t: ArtworkTeamRow) => !!t.isSupplier,
  memberApprovals: (t: ArtworkTeamRow, _: unknown, ctx: Ctx) => {
    if (!t.isApprover) return [];
    const decisions = new Map(ctx.store.artworks.teamApprovals(t.id).map((d) => [d.userId, d]));
    return ctx.store.users.members(t.teamId).map((m) => {
      const d = decisions.get(m.userId);
      return {
        user: ctx.store.users.byId(m.userId),
        approved: d?.approved == null ? null : d.approved === 1,
        approvedAt: d?.approvedAt ?? null,
        deadline: d?.deadline ?? null,
      };
    });
  },
  approvalState: (t: ArtworkTeamRow, _: unknown, ctx: Ctx) =>
    t.isApprover ? teamApprovalState(ctx.store, t) : 'UNDECIDED',
};

export const Revision = {
  closed: (r: RevisionRow, _: unknown, ctx: Ctx) => {
    const artwork = ctx.store.artworks.get(r.artworkId)!;
    const latest = currentRevision(ctx, r.artworkId);
    return (
      (latest !== undefined && r.revisionNo < latest.revisionNo) ||
      DONE.has(artwork.state) ||
      artwork.state === 'CANCELED'
    );
  },
  corrections: (r: RevisionRow, _: unknown, ctx: Ctx) => ctx.store.artworks.corrections(r.id),
  file: (r: RevisionRow, _: unknown, ctx: Ctx) => file(ctx, r.fileId),
  createdBy: (r: RevisionRow, _: unknown, ctx: Ctx) => user(ctx, r.createdBy),
  created: (r: RevisionRow) => toDay(r.createdAt),
};

export const Correction = {
  markers: (c: CorrectionRow) => parseMarkers(c.markers),
  commentedBy: (c: CorrectionRow, _: unknown, ctx: Ctx) => user(ctx, c.commentedBy),
  created: (c: CorrectionRow) => c.createdAt,
  valid: (c: CorrectionRow) => !!c.valid,
  invalidatedBy: (c: CorrectionRow, _: unknown, ctx: Ctx) => user(ctx, c.invalidatedBy),
};

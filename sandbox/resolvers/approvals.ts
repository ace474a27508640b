/**
 * The approval workflow: approve, reject, revoke, remind, corrections and new revisions.
 * Rules (documented in docs/sandbox.md): only approvers decide, only in FOR_REVIEW/COMMENTED;
 * the artwork is APPROVED once every approver and approver team has approved.
 */
import type { Ctx } from './context.js';
import {
  displayName,
  me,
  nonBlank,
  record,
  requireArtwork,
  requireProjectArtworks,
  requireUserByName,
} from './context.js';
import type { ArtworkRow, ProjectRow, UserRow } from '../store/types.js';
import { clearDecisions, decide, isFullyApproved, roleOn } from '../domain/approval.js';
import { APPROVABLE, COMMENTABLE, NEW_REVISION, REJECTABLE } from '../domain/rules.js';
import { managesProject } from '../permissions.js';
import { badInput, conflict, forbidden, notFound } from '../errors.js';
import { normalizeMarkers, type StoredMarker } from './markers.js';

const who = (ctx: Ctx) => displayName(me(ctx));

function revisionLabel(ctx: Ctx, artworkId: string): string {
  const rev = ctx.store.artworks.currentRevision(artworkId);
  return rev ? ` (revision ${rev.revisionNo})` : '';
}

function approveOne(ctx: Ctx, project: ProjectRow, a: ArtworkRow): void {
  const role = roleOn(ctx.store, a.id, me(ctx).id);
  if (!role.isApprover) throw forbidden(`You are not an approver of artwork "${a.name}"`);
  if (!APPROVABLE.has(a.state))
    throw conflict(`Artwork "${a.name}" is ${a.state}; only FOR_REVIEW or COMMENTED artworks can be approved`);
  if (!role.hasPendingApproval) throw conflict(`You have already approved artwork "${a.name}"`);
  const now = ctx.now();
  decide(ctx.store, a.id, me(ctx).id, true, now, ctx.store.artworks.currentRevision(a.id)?.id ?? null);
  const complete = isFullyApproved(ctx.store, a.id);
  if (complete) ctx.store.update('artworks', { id: a.id }, { state: 'APPROVED', approvalDate: now });
  record(ctx, {
    projectId: project.id,
    artworkId: a.id,
    kind: 'artwork.approved',
    name: 'Artwork approved',
    description: `${who(ctx)} approved "${a.name}"${revisionLabel(ctx, a.id)}${complete ? '; every approver has approved, the artwork is APPROVED' : ''}`,
  });
}

function rejectOne(ctx: Ctx, project: ProjectRow, a: ArtworkRow, approver: UserRow, comment?: string | null): void {
  const role = roleOn(ctx.store, a.id, approver.id);
  if (!role.isApprover) {
    if (approver.id === me(ctx).id) throw forbidden(`You are not an approver of artwork "${a.name}"`);
    throw badInput(`${approver.username} is not an approver of artwork "${a.name}"`);
  }
  if (!REJECTABLE.has(a.state))
    throw conflict(`Artwork "${a.name}" is ${a.state}; only FOR_REVIEW or COMMENTED artworks can be rejected`);
  const now = ctx.now();
  decide(ctx.store, a.id, approver.id, false, now, null);
  ctx.store.update('artworks', { id: a.id }, { state: 'REJECTED', approvalDate: null });
  const rev = ctx.store.artworks.currentRevision(a.id);
  if (comment?.trim() && rev) {
    ctx.store.insert('corrections', {
      id: ctx.store.newId(),
      artworkId: a.id,
      revisionId: rev.id,
      number: ctx.store.artworks.nextCorrectionNumber(rev.id),
      text: comment.trim(),
      commentedBy: approver.id,
      createdAt: now,
    });
  }
  const by = approver.id === me(ctx).id ? who(ctx) : `${who(ctx)} on behalf of ${displayName(approver)}`;
  record(ctx, {
    projectId: project.id,
    artworkId: a.id,
    kind: 'artwork.rejected',
    name: 'Artwork rejected',
    description: `${by} rejected "${a.name}"${revisionLabel(ctx, a.id)}${comment?.trim() ? `: ${comment.trim()}` : ''}`,
  });
}

type Batch = { projectId: string; artworkIds: string[] };

interface RejectArtworkInput {
  artworkId: string;
  username: string;
  comment?: string | null;
  resetUsernames?: string[] | null;
}

function correctionOf(ctx: Ctx, artworkId: string, correctionId: string) {
  const { artwork, project } = requireArtwork(ctx, artworkId);
  const c = ctx.store.artworks.correction(correctionId);
  if (!c || c.artworkId !== artwork.id) throw notFound(`Correction ${correctionId} not found on artwork ${artworkId}`);
  if (!managesProject(ctx.viewer, project) && !roleOn(ctx.store, artwork.id, me(ctx).id).isApprover) {
    throw forbidden(`Only the project manager or an approver may (in)validate corrections of "${artwork.name}"`);
  }
  return { artwork, project, c };
}

export const approvalMutations = {
  approveArtwork: (_: unknown, args: { artworkId: string }, ctx: Ctx) => {
    const { artwork, project } = requireArtwork(ctx, args.artworkId);
    approveOne(ctx, project, artwork);
    return true;
  },

  approveArtworks: (_: unknown, args: Batch, ctx: Ctx) => {
    const { project, artworks } = requireProjectArtworks(ctx, args.projectId, args.artworkIds);
    for (const a of artworks) approveOne(ctx, project, a);
    return true;
  },

  rejectArtwork: (_: unknown, { input }: { input?: RejectArtworkInput | null }, ctx: Ctx) => {
    if (!input) throw badInput('input is required');
    const { artwork, project } = requireArtwork(ctx, input.artworkId);
    const approver = requireUserByName(ctx, input.username);
    if (approver.id !== me(ctx).id && !managesProject(ctx.viewer, project)) {
      throw forbidden(
        `You can only reject as yourself; only the project manager may reject on behalf of ${approver.username}`,
      );
    }
    const resets = (input.resetUsernames ?? []).map((u) => requireUserByName(ctx, u).id);
    rejectOne(ctx, project, artwork, approver, input.comment);
    if (resets.length) clearDecisions(ctx.store, artwork.id, { userIds: resets, approvals: true, rejections: false });
    return true;
  },

  rejectArtworks: (_: unknown, args: Batch, ctx: Ctx) => {
    const { project, artworks } = requireProjectArtworks(ctx, args.projectId, args.artworkIds);
    for (const a of artworks) rejectOne(ctx, project, a, me(ctx));
    return true;
  },

  revokeArtworkApproval: (_: unknown, args: Batch, ctx: Ctx) => {
    const { project, artworks } = requireProjectArtworks(ctx, args.projectId, args.artworkIds);
    for (const a of artworks) {
      const role = roleOn(ctx.store, a.id, me(ctx).id);
      const manager = managesProject(ctx.viewer, project);
      if (!role.hasApproved && !manager) throw forbidden(`You have no approval to revoke on "${a.name}"`);
      if (!APPROVABLE.has(a.state) && a.state !== 'APPROVED')
        throw conflict(`Artwork "${a.name}" is ${a.state}; approvals can only be revoked before it is bundled`);
      if (!role.hasApproved && a.state !== 'APPROVED') throw conflict(`Artwork "${a.name}" is not approved`);
      clearDecisions(ctx.store, a.id, {
        userIds: role.hasApproved ? [me(ctx).id] : undefined,
        approvals: true,
        rejections: false,
      });
      if (a.state === 'APPROVED')
        ctx.store.update('artworks', { id: a.id }, { state: 'FOR_REVIEW', approvalDate: null });
      const whose = role.hasApproved ? 'their approval' : 'all approvals';
      record(ctx, {
        projectId: project.id,
        artworkId: a.id,
        kind: 'approval.revoked',
        name: 'Approval revoked',
        description: `${who(ctx)} revoked ${whose} of "${a.name}"`,
      });
    }
    return true;
  },

  revokeArtworkRejection: (_: unknown, args: Batch, ctx: Ctx) => {
    const { project, artworks } = requireProjectArtworks(ctx, args.projectId, args.artworkIds);
    for (const a of artworks) {
      const role = roleOn(ctx.store, a.id, me(ctx).id);
      if (!role.hasRejected && !managesProject(ctx.viewer, project))
        throw forbidden(`You have no rejection to revoke on "${a.name}"`);
      if (a.state !== 'REJECTED') throw conflict(`Artwork "${a.name}" is ${a.state}, not REJECTED`);
      clearDecisions(ctx.store, a.id, {
        userIds: role.hasRejected ? [me(ctx).id] : undefined,
        approvals: false,
        rejections: true,
      });
      const stillRejected =
        ctx.store.artworks.users(a.id).some((u) => u.rejected) ||
        !!ctx.store.get(
          'SELECT 1 FROM teamApprovals t JOIN artworkTeams a ON a.id = t.artworkTeamId WHERE a.artworkId = ? AND t.approved = 0',
          [a.id],
        );
      if (!stillRejected) ctx.store.update('artworks', { id: a.id }, { state: 'FOR_REVIEW' });
      const whose = role.hasRejected ? 'their rejection' : 'all rejections';
      record(ctx, {
        projectId: project.id,
        artworkId: a.id,
        kind: 'rejection.revoked',
        name: 'Rejection revoked',
        description: `${who(ctx)} revoked ${whose} of "${a.name}"`,
      });
    }
    return true;
  },

  addCorrection: (
    _: unknown,
    {
      input,
    }: { input: { artworkId: string; text: string; markers?: StoredMarker[] | null; fileIds?: string[] | null } },
    ctx: Ctx,
  ) => {
    const { artwork, project } = requireArtwork(ctx, input.artworkId);
    const role = roleOn(ctx.store, artwork.id, me(ctx).id);
    const involved = role.isApprover || role.isSupplier || role.isReceiver || project.ordererId === me(ctx).id;
    if (!involved && !managesProject(ctx.viewer, project))
      throw forbidden(`You are not involved in artwork "${artwork.name}"`);
    const rev = ctx.store.artworks.currentRevision(artwork.id);
    if (!rev || !COMMENTABLE.has(artwork.state))
      throw conflict(
        `Artwork "${artwork.name}" is ${artwork.state}${rev ? '' : ' without a revision'}; corrections need a revision under review (FOR_REVIEW, COMMENTED or REJECTED)`,
      );
    const text = nonBlank(input.text, 'text');
    for (const id of input.fileIds ?? []) if (!ctx.store.media.file(id)) throw notFound(`File ${id} not found`);
    const number = ctx.store.artworks.nextCorrectionNumber(rev.id);
    ctx.store.insert('corrections', {
      id: ctx.store.newId(),
      artworkId: artwork.id,
      revisionId: rev.id,
      number,
      text,
      markers: JSON.stringify(normalizeMarkers(input.markers)),
      commentedBy: me(ctx).id,
      createdAt: ctx.now(),
    });
    if (artwork.state === 'FOR_REVIEW') ctx.store.update('artworks', { id: artwork.id }, { state: 'COMMENTED' });
    record(ctx, {
      projectId: project.id,
      artworkId: artwork.id,
      kind: 'correction.added',
      name: 'Correction added',
      description: `${who(ctx)} added correction #${number} on revision ${rev.revisionNo} of "${artwork.name}": ${text}`,
    });
    return true;
  },

  invalidateCorrection: (_: unknown, args: { artworkId: string; correctionId: string }, ctx: Ctx) => {
    const { artwork, project, c } = correctionOf(ctx, args.artworkId, args.correctionId);
    if (!c.valid) throw conflict(`Correction #${c.number} is already invalidated`);
    ctx.store.update('corrections', { id: c.id }, { valid: 0, invalidatedBy: me(ctx).id });
    record(ctx, {
      projectId: project.id,
      artworkId: artwork.id,
      kind: 'correction.invalidated',
      name: 'Correction invalidated',
      description: `${who(ctx)} invalidated correction #${c.number} of "${artwork.name}"`,
    });
    return true;
  },

  validateCorrection: (_: unknown, args: { artworkId: string; correctionId: string }, ctx: Ctx) => {
    const { artwork, project, c } = correctionOf(ctx, args.artworkId, args.correctionId);
    if (c.valid) throw conflict(`Correction #${c.number} is already valid`);
    ctx.store.update('corrections', { id: c.id }, { valid: 1, invalidatedBy: null });
    record(ctx, {
      projectId: project.id,
      artworkId: artwork.id,
      kind: 'correction.validated',
      name: 'Correction validated',
      description: `${who(ctx)} validated correction #${c.number} of "${artwork.name}" again`,
    });
    return true;
  },

  newRevisionFromFile: (_: unknown, args: { artworkId: string; comment?: string | null; fileId: string }, ctx: Ctx) => {
    const { artwork, project } = requireArtwork(ctx, args.artworkId);
    if (!managesProject(ctx.viewer, project) && !roleOn(ctx.store, artwork.id, me(ctx).id).isSupplier) {
      throw forbidden(`Only a supplier of "${artwork.name}" or its project manager may upload revisions`);
    }
    if (!NEW_REVISION.has(artwork.state))
      throw conflict(
        `Artwork "${artwork.name}" is ${artwork.state}; new revisions are accepted in ${[...NEW_REVISION].join(', ')}`,
      );
    const now = ctx.now();
    const revisionNo = ctx.store.artworks.revisionCount(artwork.id) + 1;
    if (!ctx.store.media.file(args.fileId)) {
      ctx.store.insert('files', {
        id: args.fileId,
        name: `${artwork.name} r${revisionNo}.pdf`,
        size: 0,
        contentType: 'application/pdf',
        renderStatus: 'DONE',
        noPages: 1,
        created: now,
      });
    }
    ctx.store.insert('revisions', {
      id: ctx.store.newId(),
      artworkId: artwork.id,
      revisionNo,
      name: `Revision ${revisionNo}`,
      comment: args.comment ?? null,
      fileId: args.fileId,
      createdBy: me(ctx).id,
      createdAt: now,
    });
    clearDecisions(ctx.store, artwork.id, { approvals: true, rejections: true, onlyFlagged: true });
    ctx.store.update('artworks', { id: artwork.id }, { state: 'FOR_REVIEW', approvalDate: null });
    record(ctx, {
      projectId: project.id,
      artworkId: artwork.id,
      kind: 'revision.uploaded',
      name: 'New revision uploaded',
      description: `${who(ctx)} uploaded revision ${revisionNo} of "${artwork.name}"${args.comment ? `: ${args.comment}` : ''}`,
    });
    return true;
  },

  remindApprover: (
    _: unknown,
    { input }: { input?: { projectId: string; artworkId: string; username: string } | null },
    ctx: Ctx,
  ) => {
    if (!input) throw badInput('input is required');
    const { project, artworks } = requireProjectArtworks(ctx, input.projectId, [input.artworkId]);
    const artwork = artworks[0];
    if (!managesProject(ctx.viewer, project) && project.ordererId !== me(ctx).id)
      throw forbidden(`Only the orderer or the project manager of "${project.name}" may send reminders`);
    const approver = requireUserByName(ctx, input.username);
    const row = ctx.store.artworks.assignment(artwork.id, approver.id);
    if (!row?.isApprover) throw badInput(`${approver.username} is not an approver of artwork "${artwork.name}"`);
    if (!APPROVABLE.has(artwork.state))
      throw conflict(`Artwork "${artwork.name}" is ${artwork.state}; there is nothing to approve`);
    if (row.approved || row.rejected) throw conflict(`${approver.username} has already decided on "${artwork.name}"`);
    ctx.store.update('artworkUsers', { artworkId: artwork.id, userId: approver.id }, { reminderSentDate: ctx.now() });
    record(ctx, {
      projectId: project.id,
      artworkId: artwork.id,
      kind: 'approver.reminded',
      name: 'Approver reminded',
      description: `${who(ctx)} reminded ${displayName(approver)} to review "${artwork.name}"`,
    });
    return true;
  },
};

/** Artwork queries, the artwork lifecycle (create, start, cancel, bundle, deliver) and assignments. */
import type { Ctx } from './context.js';
import {
  displayName,
  me,
  nonBlank,
  record,
  requireArtwork,
  requireManager,
  requireProject,
  requireProjectArtworks,
  requireUserById,
  visibleArtwork,
} from './context.js';
import type { ArtworkRow, ArtworkState, ProjectRow } from '../store/types.js';
import { awaitsDecisionFrom } from '../domain/approval.js';
import { NEEDS_UPLOAD } from '../domain/rules.js';
import { badInput, conflict, notFound } from '../errors.js';
import type { ZipEntry } from './commonTypes.js';
import { stableUuid } from '../random.js';

const who = (ctx: Ctx) => displayName(me(ctx));

interface NewArtwork {
  name?: string;
  description?: string | null;
  categoryId?: string;
  startDate?: string | null;
  endDate?: string | null;
  /** Create it from a media-center artwork or a file: name, category and first revision come from it. */
  fromMedia?: { type: 'FILE' | 'MC_ARTWORK'; id: string };
}

/** Adds an UNSTARTED artwork to a project (with revision 1 when made from media) and records it. */
export function insertArtwork(ctx: Ctx, project: ProjectRow, input: NewArtwork): string {
  const s = ctx.store;
  let name = input.name;
  let categoryId = input.categoryId ?? s.setup.defaultCategory().id;
  let fileId: string | null = null;
  if (input.fromMedia?.type === 'MC_ARTWORK') {
    const mc = s.media.mcArtwork(input.fromMedia.id);
    if (!mc) throw notFound(`Media-center artwork ${input.fromMedia.id} not found`);
    [name, categoryId, fileId] = [mc.name, mc.categoryId, mc.previewFileId];
  } else if (input.fromMedia?.type === 'FILE') {
    const file = s.media.file(input.fromMedia.id);
    if (!file) throw notFound(`File ${input.fromMedia.id} not found`);
    [name, fileId] = [file.name.replace(/\.[^.]+$/, ''), file.id];
  }
  const category = s.setup.category(categoryId);
  if (!category) throw notFound(`Category ${categoryId} not found`);
  if (category.archived) throw badInput(`Category "${category.name}" is archived`);
  const now = ctx.now();
  const id = s.newId();
  const position = s.get<{ n: number }>(
    'SELECT coalesce(max(position), -1) + 1 AS n FROM artworks WHERE projectId = ?',
    [project.id],
  )!.n;
  s.insert('artworks', {
    id,
    projectId: project.id,
    name: nonBlank(name ?? '', 'name'),
    description: input.description ?? '',
    categoryId,
    state: 'UNSTARTED',
    createdAt: now,
    startDate: input.startDate ?? null,
    endDate: input.endDate ?? null,
    latestActivity: now,
    position,
  });
  if (fileId) {
    s.insert('revisions', {
      id: s.newId(),
      artworkId: id,
      revisionNo: 1,
      name: 'Revision 1',
      comment: null,
      fileId,
      createdBy: me(ctx).id,
      createdAt: now,
    });
  }
  record(ctx, {
    projectId: project.id,
    artworkId: id,
    kind: 'artwork.created',
    name: 'Artwork created',
    description: `${who(ctx)} added the artwork "${name}" to "${project.name}"`,
  });
  return id;
}

type Batch = { projectId: string; artworkIds: string[] };

/** Runs a state transition over a batch: every artwork must be in one of `from`, or nothing changes. */
function transition(
  ctx: Ctx,
  args: Batch,
  t: {
    action: string;
    from: ArtworkState[];
    to: ArtworkState;
    kind: string;
    name: string;
    verb: string;
    patch?: (a: ArtworkRow) => Partial<ArtworkRow>;
    check?: (a: ArtworkRow) => void;
    extra?: string;
  },
) {
  const { project, artworks } = requireProjectArtworks(ctx, args.projectId, args.artworkIds);
  requireManager(ctx, project, t.action);
  for (const a of artworks) {
    if (!t.from.includes(a.state))
      throw conflict(`Artwork "${a.name}" is ${a.state}; only ${t.from.join(' or ')} artworks can be ${t.verb}`);
    t.check?.(a);
    ctx.store.update('artworks', { id: a.id }, { state: t.to, ...t.patch?.(a) });
    record(ctx, {
      projectId: project.id,
      artworkId: a.id,
      kind: t.kind,
      name: t.name,
      description: `${who(ctx)} ${t.verb} "${a.name}"${t.extra ?? ''}`,
    });
  }
  return true;
}

type Action = 'ASSIGN' | 'UN_ASSIGN' | 'LEAVE_UNCHANGED' | null | undefined;
interface UserAssignmentsInput {
  projectId: string;
  artworkIds: string[];
  assignments: Array<{ userId: string; approver?: Action; receiver?: Action; supplier?: Action }>;
}

const apply = (current: number, action: Action) => (action === 'ASSIGN' ? 1 : action === 'UN_ASSIGN' ? 0 : current);

export const artworkQueries = {
  artwork: (_: unknown, args: { id: string }, ctx: Ctx) => visibleArtwork(ctx, args.id)?.artwork ?? null,

  artworksToApprove: (_: unknown, __: unknown, ctx: Ctx) => {
    const self = me(ctx).id;
    const direct = ctx.store.artworks.awaitingDirectDecision(self);
    const seen = new Set(direct.map((a) => a.id));
    const viaTeams = ctx.store.artworks
      .underReviewByTeamsOf(self)
      .filter((a) => !seen.has(a.id) && awaitsDecisionFrom(ctx.store, a.id, self));
    return [...direct, ...viaTeams].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  },

  artworksToUpload: (_: unknown, __: unknown, ctx: Ctx) =>
    ctx.store.artworks.supplierArtworks(me(ctx).id, NEEDS_UPLOAD),

  artworkZipStructure: (_: unknown, args: { artworkId: string }, ctx: Ctx): ZipEntry[] => {
    const { artwork } = requireArtwork(ctx, args.artworkId);
    const entries: ZipEntry[] = [{ kind: 'folder', id: artwork.id, name: artwork.name, parent: null }];
    const folder = (name: string) => {
      const id = stableUuid(0, `${artwork.id}:${name}`);
      if (!entries.some((e) => e.id === id)) entries.push({ kind: 'folder', id, name, parent: artwork.id });
      return id;
    };
    const addFile = (fileId: string | null, folderName: string) => {
      const f = fileId ? ctx.store.media.file(fileId) : undefined;
      if (f) entries.push({ kind: 'file', id: f.id, name: f.name, parent: folder(folderName), size: f.size ?? 0 });
    };
    for (const r of ctx.store.artworks.revisions(artwork.id)) addFile(r.fileId, 'Revisions');
    for (const f of ctx.store.artworks.files(artwork.id))
      addFile(f.fileId, f.fileType[0] + f.fileType.slice(1).toLowerCase());
    return entries;
  },
};

export const artworkMutations = {
  createArtwork: (
    _: unknown,
    {
      input,
    }: {
      input: {
        projectId: string;
        name: string;
        description?: string | null;
        categoryId: string;
        startDate?: string | null;
        endDate?: string | null;
      };
    },
    ctx: Ctx,
  ) => {
    const project = requireProject(ctx, input.projectId);
    requireManager(ctx, project, 'add artworks');
    if (project.state === 'DELIVERED' || project.state === 'CLOSED')
      throw conflict(`Project "${project.name}" is ${project.state}; reopen it before adding artworks`);
    if (input.startDate && input.endDate && input.endDate < input.startDate)
      throw badInput(`endDate ${input.endDate} is before startDate ${input.startDate}`);
    insertArtwork(ctx, project, input);
    return true;
  },

  startArtworks: (_: unknown, args: Batch, ctx: Ctx) =>
    transition(ctx, args, {
      action: 'start artworks',
      from: ['UNSTARTED'],
      to: 'FOR_REVIEW',
      kind: 'artwork.started',
      name: 'Artwork started',
      verb: 'started',
      check: (a) => {
        if (!ctx.store.artworks.currentRevision(a.id)) {
          throw conflict(
            `Artwork "${a.name}" has no revision yet; upload one with newRevisionFromFile, which puts it up for review`,
          );
        }
      },
    }),

  cancelArtworks: (_: unknown, args: Batch, ctx: Ctx) =>
    transition(ctx, args, {
      action: 'cancel artworks',
      from: ['UNSTARTED', 'FOR_REVIEW', 'COMMENTED', 'REJECTED', 'APPROVED', 'BUNDLED'],
      to: 'CANCELED',
      kind: 'artwork.canceled',
      name: 'Artwork canceled',
      verb: 'canceled',
    }),

  bundleArtworks: (_: unknown, args: Batch, ctx: Ctx) =>
    transition(ctx, args, {
      action: 'bundle artworks',
      from: ['APPROVED'],
      to: 'BUNDLED',
      kind: 'artwork.bundled',
      name: 'Artwork bundled',
      verb: 'bundled',
    }),

  deliverArtworks: (_: unknown, args: Batch & { message?: string | null }, ctx: Ctx) =>
    transition(ctx, args, {
      action: 'deliver artworks',
      from: ['APPROVED', 'BUNDLED'],
      to: 'DELIVERED',
      kind: 'artwork.delivered',
      name: 'Artwork delivered',
      verb: 'delivered',
      patch: () => ({ deliveryDate: ctx.now() }),
      extra: args.message ? `: ${args.message}` : '',
    }),

  assignUsersToArtworks: (_: unknown, { input }: { input: UserAssignmentsInput }, ctx: Ctx) => {
    const { project, artworks } = requireProjectArtworks(ctx, input.projectId, input.artworkIds);
    requireManager(ctx, project, 'assign users');
    if (input.assignments.length === 0) throw badInput('assignments must not be empty');
    const users = input.assignments.map((a) => ({ ...a, user: requireUserById(ctx, a.userId) }));
    const s = ctx.store;
    for (const artwork of artworks) {
      const changes: string[] = [];
      for (const a of users) {
        const row = s.artworks.assignment(artwork.id, a.user.id);
        const before = {
          approver: row?.isApprover ?? 0,
          receiver: row?.isReceiver ?? 0,
          supplier: row?.isSupplier ?? 0,
        };
        const after = {
          approver: apply(before.approver, a.approver),
          receiver: apply(before.receiver, a.receiver),
          supplier: apply(before.supplier, a.supplier),
        };
        for (const role of ['approver', 'receiver', 'supplier'] as const) {
          if (before[role] !== after[role])
            changes.push(`${after[role] ? 'assigned' : 'unassigned'} ${displayName(a.user)} as ${role}`);
        }
        const flags = { isApprover: after.approver, isReceiver: after.receiver, isSupplier: after.supplier };
        if (!after.approver && !after.receiver && !after.supplier) {
          s.run('DELETE FROM artworkUsers WHERE artworkId = ? AND userId = ?', [artwork.id, a.user.id]);
        } else if (!row) {
          const seq = s.get<{ n: number }>(
            'SELECT coalesce(max(seq), -1) + 1 AS n FROM artworkUsers WHERE artworkId = ?',
            [artwork.id],
          )!.n;
          s.insert('artworkUsers', { artworkId: artwork.id, projectId: project.id, userId: a.user.id, ...flags, seq });
        } else {
          const resetDecision =
            after.approver !== before.approver
              ? { approved: 0, rejected: 0, approvedRevision: null, reminderSentDate: null }
              : {};
          s.update('artworkUsers', { artworkId: artwork.id, userId: a.user.id }, { ...flags, ...resetDecision });
        }
      }
      if (changes.length) {
        record(ctx, {
          projectId: project.id,
          artworkId: artwork.id,
          kind: 'users.assigned',
          name: 'Users assigned',
          description: `${who(ctx)} ${changes.join('; ')} on "${artwork.name}"`,
        });
      }
    }
    return true;
  },

  attachTeamToArtwork: (
    _: unknown,
    args: {
      artworkId: string;
      teamId: string;
      assignments: Array<'APPROVER' | 'RECEIVER' | 'SUPPLIER'>;
      approvalMode?: 'ALL_REQUIRED' | 'ANY_MEMBER' | null;
    },
    ctx: Ctx,
  ) => {
    const { artwork, project } = requireArtwork(ctx, args.artworkId);
    requireManager(ctx, project, 'attach teams');
    const team = ctx.store.users.team(args.teamId);
    if (!team) throw notFound(`Team ${args.teamId} not found`);
    if (args.assignments.length === 0)
      throw badInput('assignments must name at least one of APPROVER, RECEIVER, SUPPLIER');
    const roles = {
      isApprover: args.assignments.includes('APPROVER'),
      isReceiver: args.assignments.includes('RECEIVER'),
      isSupplier: args.assignments.includes('SUPPLIER'),
    };
    const approvalMode = args.approvalMode ?? team.approvalMode ?? 'ALL_REQUIRED';
    const existing = ctx.store.get<{ id: string }>('SELECT id FROM artworkTeams WHERE artworkId = ? AND teamId = ?', [
      artwork.id,
      team.id,
    ]);
    if (existing) ctx.store.update('artworkTeams', { id: existing.id }, { ...roles, approvalMode });
    else
      ctx.store.insert('artworkTeams', {
        id: ctx.store.newId(),
        artworkId: artwork.id,
        projectId: project.id,
        teamId: team.id,
        approvalMode,
        ...roles,
      });
    record(ctx, {
      projectId: project.id,
      artworkId: artwork.id,
      kind: 'team.attached',
      name: 'Team attached',
      description: `${who(ctx)} attached the team "${team.name}" to "${artwork.name}" as ${args.assignments.map((r) => r.toLowerCase()).join(', ')} (${approvalMode})`,
    });
    return true;
  },
};

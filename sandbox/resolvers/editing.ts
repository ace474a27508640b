/**
 * Artwork editing after creation (rename, dates, category, delete, duplicate, create from files,
 * undo delivery), artwork tasks (`Artwork.tasks`, the `*ArtworkActions` mutations) and project files (`Project.files`, add and remove). Every rule
 * here is an assumption about the real Cway, listed in docs/sandbox.md ("Artwork editing").
 */
import type { Ctx } from './context.js';
import {
  displayName,
  me,
  nonBlank,
  record,
  requireManager,
  requireProject,
  requireProjectArtworks,
  visibleArtwork,
} from './context.js';
import type { ProjectRow } from '../store/types.js';
import { badInput, conflict, notFound } from '../errors.js';
import { insertArtwork } from './artworks.js';

type TaskType =
  | 'DELIVER_TO_MEDIACENTER'
  | 'DIGITAL_PROOF'
  | 'COLOR_TARGET'
  | 'COLOR_PROOF'
  | 'SEND_PACKSHOT'
  | 'APPROVE_PRINT_COVERAGE';

/** The description a task gets (the real texts are unknown). */
const TASK_TEXT: Record<TaskType, string> = {
  DELIVER_TO_MEDIACENTER: 'Deliver to the media center',
  DIGITAL_PROOF: 'Make a digital proof',
  COLOR_TARGET: 'Set the colour target',
  COLOR_PROOF: 'Make a colour proof',
  SEND_PACKSHOT: 'Send a packshot',
  APPROVE_PRINT_COVERAGE: 'Approve the print coverage',
};

interface TaskRow {
  artworkId: string;
  type: TaskType;
  description: string;
  done: number;
  dateCreated: number;
  dateDone: number | null;
  finishedBy: string | null;
}

export function artworkTasks(ctx: Ctx, artworkId: string) {
  return ctx.store
    .all<TaskRow>('SELECT * FROM artworkTasks WHERE artworkId = ? ORDER BY dateCreated, type', [artworkId])
    .map((t) => ({
      description: t.description,
      type: t.type,
      dateDone: t.dateDone,
      finishedBy: t.finishedBy ? (ctx.store.users.byId(t.finishedBy) ?? null) : null,
      dateCreated: t.dateCreated,
      done: !!t.done,
      readOnly: false,
    }));
}

const who = (ctx: Ctx) => displayName(me(ctx));
const CLOSED = new Set(['DELIVERED', 'CLOSED']);

function requireOpen(p: ProjectRow, action: string): void {
  if (CLOSED.has(p.state)) throw conflict(`Project "${p.name}" is ${p.state}; reopen it before you ${action}`);
}

type Batch = { projectId: string; artworkIds: string[] };

/** Removes an artwork and everything hanging off it. */
function dropArtwork(ctx: Ctx, artworkId: string): void {
  const s = ctx.store;
  s.run('DELETE FROM teamApprovals WHERE artworkTeamId IN (SELECT id FROM artworkTeams WHERE artworkId = ?)', [
    artworkId,
  ]);
  for (const table of ['artworkTeams', 'artworkUsers', 'corrections', 'revisions', 'artworkFiles', 'artworkTasks'])
    s.run(`DELETE FROM ${table} WHERE artworkId = ?`, [artworkId]);
  s.run('DELETE FROM artworkEvents WHERE artworkId = ?', [artworkId]);
  s.run('DELETE FROM artworks WHERE id = ?', [artworkId]);
}

function taskBatch(ctx: Ctx, args: Batch & { taskActionType: TaskType }, verb: string) {
  const { project, artworks } = requireProjectArtworks(ctx, args.projectId, args.artworkIds);
  requireManager(ctx, project, `${verb} artwork tasks`);
  return { project, artworks };
}

export const editingMutations = {
  addFilesToProject: (_: unknown, args: { projectId: string; files: string[] }, ctx: Ctx) => {
    const project = requireProject(ctx, args.projectId);
    requireManager(ctx, project, 'add project files');
    if (args.files.length === 0) throw badInput('files must not be empty');
    for (const id of new Set(args.files)) {
      if (!ctx.store.media.file(id)) throw notFound(`File ${id} not found`);
      ctx.store.run('INSERT INTO projectFiles (projectId, fileId, addedAt) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [
        project.id,
        id,
        ctx.now(),
      ]);
    }
    record(ctx, {
      projectId: project.id,
      kind: 'project.files_added',
      name: 'Project files added',
      description: `${who(ctx)} added ${args.files.length} file(s) to "${project.name}"`,
    });
    return true;
  },

  removeFilesFromProject: (_: unknown, args: { projectId: string; files: string[] }, ctx: Ctx) => {
    const project = requireProject(ctx, args.projectId);
    requireManager(ctx, project, 'remove project files');
    if (args.files.length === 0) throw badInput('files must not be empty');
    for (const id of new Set(args.files)) {
      const n = ctx.store.run('DELETE FROM projectFiles WHERE projectId = ? AND fileId = ?', [project.id, id]);
      if (n === 0) throw notFound(`File ${id} is not a file of project "${project.name}"`);
    }
    return true;
  },

  changeArtworkName: (_: unknown, args: { projectId: string; artworkId: string; name: string }, ctx: Ctx) => {
    const { project, artworks } = requireProjectArtworks(ctx, args.projectId, [args.artworkId]);
    requireManager(ctx, project, 'rename artworks');
    const a = artworks[0]!;
    const name = nonBlank(args.name, 'name');
    ctx.store.update('artworks', { id: a.id }, { name, latestActivity: ctx.now() });
    record(ctx, {
      projectId: project.id,
      artworkId: a.id,
      kind: 'artwork.renamed',
      name: 'Artwork renamed',
      description: `${who(ctx)} renamed "${a.name}" to "${name}"`,
    });
    return true;
  },

  setDatesOnArtworks: (
    _: unknown,
    args: { projectId: string; artworkId: string[]; startDate?: string | null; endDate?: string | null },
    ctx: Ctx,
  ) => {
    const { project, artworks } = requireProjectArtworks(ctx, args.projectId, args.artworkId);
    requireManager(ctx, project, 'change artwork dates');
    if (args.startDate === undefined && args.endDate === undefined)
      throw badInput('Give startDate, endDate or both (null clears a date)');
    for (const a of artworks) {
      const start = args.startDate === undefined ? a.startDate : args.startDate;
      const end = args.endDate === undefined ? a.endDate : args.endDate;
      if (start && end && end < start) throw badInput(`endDate ${end} is before startDate ${start} on "${a.name}"`);
      ctx.store.update('artworks', { id: a.id }, { startDate: start, endDate: end });
      record(ctx, {
        projectId: project.id,
        artworkId: a.id,
        kind: 'artwork.dates',
        name: 'Artwork dates changed',
        description: `${who(ctx)} set the dates of "${a.name}" to ${start ?? 'none'} – ${end ?? 'none'}`,
      });
    }
    return true;
  },

  changeCategoryOfArtworks: (_: unknown, args: Batch & { categoryId: string }, ctx: Ctx) => {
    const { project, artworks } = requireProjectArtworks(ctx, args.projectId, args.artworkIds);
    requireManager(ctx, project, 'change artwork categories');
    const category = ctx.store.setup.category(args.categoryId);
    if (!category) throw notFound(`Category ${args.categoryId} not found`);
    if (category.archived) throw badInput(`Category "${category.name}" is archived`);
    for (const a of artworks) {
      ctx.store.update('artworks', { id: a.id }, { categoryId: category.id });
      record(ctx, {
        projectId: project.id,
        artworkId: a.id,
        kind: 'artwork.category',
        name: 'Artwork category changed',
        description: `${who(ctx)} moved "${a.name}" to the category "${category.name}"`,
      });
    }
    return true;
  },

  deleteArtworks: (_: unknown, args: Batch, ctx: Ctx) => {
    const { project, artworks } = requireProjectArtworks(ctx, args.projectId, args.artworkIds);
    requireManager(ctx, project, 'delete artworks');
    for (const a of artworks) {
      dropArtwork(ctx, a.id);
      record(ctx, {
        projectId: project.id,
        kind: 'artwork.deleted',
        name: 'Artwork deleted',
        description: `${who(ctx)} deleted the artwork "${a.name}" (${a.state})`,
      });
    }
    return true;
  },

  createArtworksFromProjectArtworks: (_: unknown, args: Batch, ctx: Ctx) => {
    const project = requireProject(ctx, args.projectId);
    requireManager(ctx, project, 'add artworks');
    requireOpen(project, 'add artworks');
    if (args.artworkIds.length === 0) throw badInput('artworkIds must not be empty');
    const sources = [...new Set(args.artworkIds)].map((id) => {
      const found = visibleArtwork(ctx, id);
      if (!found) throw notFound(`Artwork ${id} not found`);
      return found.artwork;
    });
    for (const a of sources) {
      const category = ctx.store.setup.category(a.categoryId);
      insertArtwork(ctx, project, {
        name: a.name,
        description: a.description,
        categoryId: category && !category.archived ? a.categoryId : undefined,
        startDate: a.startDate,
        endDate: a.endDate,
      });
    }
    return true;
  },

  createArtworksFromFiles: (
    _: unknown,
    args: {
      projectId: string;
      files: Array<{
        fileId: string;
        categoryId?: string | null;
        artworkId?: string | null;
        artworkName?: string | null;
      }>;
    },
    ctx: Ctx,
  ) => {
    const project = requireProject(ctx, args.projectId);
    requireManager(ctx, project, 'add artworks');
    requireOpen(project, 'add artworks');
    if (args.files.length === 0) throw badInput('files must not be empty');
    for (const f of args.files) {
      if (f.artworkId && ctx.store.artworks.get(f.artworkId))
        throw conflict(`An artwork with id ${f.artworkId} already exists`);
      const id = insertArtwork(ctx, project, {
        categoryId: f.categoryId ?? undefined,
        fromMedia: { type: 'FILE', id: f.fileId },
      });
      const patch: Record<string, unknown> = {};
      if (f.artworkName?.trim()) patch.name = f.artworkName.trim();
      if (Object.keys(patch).length) ctx.store.update('artworks', { id }, patch);
      if (f.artworkId) {
        // Client-chosen id: re-key the rows insertArtwork wrote.
        for (const table of ['revisions', 'artworkEvents'])
          ctx.store.run(`UPDATE ${table} SET artworkId = ? WHERE artworkId = ?`, [f.artworkId, id]);
        ctx.store.run('UPDATE artworks SET id = ? WHERE id = ?', [f.artworkId, id]);
      }
    }
    return true;
  },

  revokeDeliveryOfArtworks: (_: unknown, args: Batch, ctx: Ctx) => {
    const { project, artworks } = requireProjectArtworks(ctx, args.projectId, args.artworkIds);
    requireManager(ctx, project, 'revoke deliveries');
    for (const a of artworks)
      if (a.state !== 'DELIVERED')
        throw conflict(`Artwork "${a.name}" is ${a.state}; only DELIVERED artworks can have their delivery revoked`);
    for (const a of artworks) {
      ctx.store.update('artworks', { id: a.id }, { state: 'BUNDLED', deliveryDate: null });
      record(ctx, {
        projectId: project.id,
        artworkId: a.id,
        kind: 'artwork.delivery_revoked',
        name: 'Delivery revoked',
        description: `${who(ctx)} revoked the delivery of "${a.name}"`,
      });
    }
    if (project.state === 'DELIVERED') ctx.store.update('projects', { id: project.id }, { state: 'IN_PROGRESS' });
    return true;
  },

  addArtworkActions: (_: unknown, args: Batch & { taskActionType: TaskType }, ctx: Ctx) => {
    const { artworks } = taskBatch(ctx, args, 'add');
    for (const a of artworks)
      ctx.store.run(
        'INSERT INTO artworkTasks (artworkId, type, description, dateCreated) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [a.id, args.taskActionType, TASK_TEXT[args.taskActionType], ctx.now()],
      );
    return true;
  },

  removeArtworkActions: (_: unknown, args: Batch & { taskActionType: TaskType }, ctx: Ctx) => {
    const { artworks } = taskBatch(ctx, args, 'remove');
    for (const a of artworks)
      ctx.store.run('DELETE FROM artworkTasks WHERE artworkId = ? AND type = ?', [a.id, args.taskActionType]);
    return true;
  },

  finishArtworkActions: (_: unknown, args: Batch & { taskActionType: TaskType }, ctx: Ctx) => {
    const { artworks } = taskBatch(ctx, args, 'finish');
    for (const a of artworks) {
      const n = ctx.store.run(
        'UPDATE artworkTasks SET done = 1, dateDone = ?, finishedBy = ? WHERE artworkId = ? AND type = ?',
        [ctx.now(), me(ctx).id, a.id, args.taskActionType],
      );
      if (n === 0) throw notFound(`Artwork "${a.name}" has no ${args.taskActionType} task`);
    }
    return true;
  },

  resetArtworkActions: (_: unknown, args: Batch & { taskActionType: TaskType }, ctx: Ctx) => {
    const { artworks } = taskBatch(ctx, args, 'reset');
    for (const a of artworks) {
      const n = ctx.store.run(
        'UPDATE artworkTasks SET done = 0, dateDone = NULL, finishedBy = NULL WHERE artworkId = ? AND type = ?',
        [a.id, args.taskActionType],
      );
      if (n === 0) throw notFound(`Artwork "${a.name}" has no ${args.taskActionType} task`);
    }
    return true;
  },
};

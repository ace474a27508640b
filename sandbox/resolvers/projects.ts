/** Project queries (`projects`, `project`, `plannerProjects`, histories) and project mutations. */
import type { Ctx } from './context.js';
import {
  displayName,
  me,
  nonBlank,
  paging,
  record,
  requireArtwork,
  requireManager,
  requirePermission,
  requireProject,
  requireUserById,
  visibleProject,
} from './context.js';
import type { ProjectQuery } from '../store/projects.js';
import { searchText } from '../store/projects.js';
import type { ArtworkState, ProjectRow, ProjectState } from '../store/types.js';
import { isClosable, isDeleteable, progress } from '../domain/rules.js';
import { projectPermissions } from '../permissions.js';
import { badInput, conflict, forbidden } from '../errors.js';
import { insertArtwork } from './artworks.js';

interface ProjectFilter {
  name?: string | null;
  orderNo?: string | null;
  orderer?: string | null;
  onlyMine?: boolean | null;
  states?: ProjectState[] | null;
}

type Paging = { page: number; pageSize: number } | null;

const blankToUndefined = (s: string | null | undefined) => (s == null || s.trim() === '' ? undefined : s.trim());

function checkDates(start: string | null | undefined, end: string | null | undefined): void {
  if (start && end && end < start) throw badInput(`endDate ${end} is before startDate ${start}`);
}

function projectQuery(ctx: Ctx, f: ProjectFilter): ProjectQuery {
  const self = me(ctx).id;
  return {
    involvedUserId: ctx.viewer.perms.canSeeOtherProjects ? undefined : self,
    mineUserId: f.onlyMine ? self : undefined,
    name: blankToUndefined(f.name),
    states: f.states?.length ? f.states : undefined,
    ordererUsername: blankToUndefined(f.orderer),
    orderNo: blankToUndefined(f.orderNo),
  };
}

export const projectQueries = {
  projects: (_: unknown, args: { filter?: ProjectFilter | null; paging?: Paging }, ctx: Ctx) => {
    const { page, offset, limit } = paging(args.paging);
    const { rows, total } = ctx.store.projects.list(projectQuery(ctx, args.filter ?? {}), offset, limit);
    return { projects: rows, page, totalHits: total };
  },

  project: (_: unknown, args: { id: string }, ctx: Ctx) => visibleProject(ctx, args.id),

  plannerProjects: (_: unknown, __: unknown, ctx: Ctx) => {
    const { rows } = ctx.store.projects.list(projectQuery(ctx, {}), 0, -1);
    const artworks = ctx.store.projects.artworksOf(rows.map((p) => p.id));
    const categories = new Map(
      ctx.store.setup
        .categories(false)
        .concat(ctx.store.setup.categories(true))
        .map((c) => [c.id, c.name]),
    );
    return rows.map((p) => {
      const list = artworks.get(p.id)!;
      const counts = new Map<ArtworkState, number>();
      for (const a of list) counts.set(a.state, (counts.get(a.state) ?? 0) + 1);
      return {
        id: p.id,
        name: p.name,
        state: p.state,
        startDate: p.startDate,
        endDate: p.endDate,
        percentageDone: progress(counts).percentageDone,
        artworks: list.map((a) => ({
          id: a.id,
          name: a.name,
          state: a.state,
          category: categories.get(a.categoryId) ?? '',
          startDate: a.startDate,
          endDate: a.endDate,
        })),
      };
    });
  },

  projectHistory: (_: unknown, args: { projectId: string }, ctx: Ctx) => {
    requirePermission(ctx, 'canSeeProjectHistory', 'see project history');
    return ctx.store.history.projectEvents(requireProject(ctx, args.projectId).id);
  },

  artworkHistory: (_: unknown, args: { artworkId: string }, ctx: Ctx) => {
    requirePermission(ctx, 'canSeeProjectHistory', 'see artwork history');
    return ctx.store.history.artworkEvents(requireArtwork(ctx, args.artworkId).artwork.id);
  },
};

interface CreateProjectInput {
  projectId?: string | null;
  name: string;
  ordererId: string;
  description?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  orderNo?: string | null;
  artworkMedia?: Array<{ type: 'FILE' | 'MC_ARTWORK'; id: string }> | null;
}

interface BasicProjectDataInput {
  projectId: string;
  name?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  description?: string | null;
  orderNumber?: string | null;
}

const who = (ctx: Ctx) => displayName(me(ctx));

function setState(
  ctx: Ctx,
  p: ProjectRow,
  state: ProjectState,
  closedAt: number | null,
  kind: string,
  name: string,
  verb: string,
) {
  ctx.store.update('projects', { id: p.id }, { state, closedAt });
  record(ctx, { projectId: p.id, kind, name, description: `${who(ctx)} ${verb} the project "${p.name}"` });
}

function managedProjects(ctx: Ctx, ids: string[], action: string): ProjectRow[] {
  if (ids.length === 0) throw badInput('projectIds must not be empty');
  return [...new Set(ids)].map((id) => {
    const p = requireProject(ctx, id);
    requireManager(ctx, p, action);
    return p;
  });
}

export const projectMutations = {
  createProject: (_: unknown, { input }: { input: CreateProjectInput }, ctx: Ctx) => {
    requirePermission(ctx, 'canCreateProject', 'create projects');
    const id = input.projectId ?? ctx.store.newId();
    if (ctx.store.projects.get(id)) throw conflict(`A project with id ${id} already exists`);
    const orderer = requireUserById(ctx, input.ordererId, 'Orderer');
    const name = nonBlank(input.name, 'name');
    checkDates(input.startDate, input.endDate);
    const now = ctx.now();
    ctx.store.insert('projects', {
      id,
      name,
      description: input.description ?? null,
      notes: null,
      orderNo: input.orderNo ?? '',
      state: 'IN_PROGRESS',
      ordererId: orderer.id,
      managerId: null,
      createdAt: now,
      startDate: input.startDate ?? null,
      endDate: input.endDate ?? null,
      lastActivity: now,
      search: searchText(name, input.description),
    });
    record(ctx, {
      projectId: id,
      kind: 'project.created',
      name: 'Project created',
      description: `${who(ctx)} created the project "${name}" ordered by ${displayName(orderer)}`,
    });
    const project = ctx.store.projects.get(id)!;
    for (const media of input.artworkMedia ?? []) insertArtwork(ctx, project, { fromMedia: media });
    return true;
  },

  changeBasicProjectData: (_: unknown, { input }: { input?: BasicProjectDataInput | null }, ctx: Ctx) => {
    if (!input) throw badInput('input is required');
    const p = requireProject(ctx, input.projectId);
    requireManager(ctx, p, 'change project data');
    const patch: Partial<ProjectRow> = {};
    if (input.name != null) patch.name = nonBlank(input.name, 'name');
    if (input.description != null) patch.description = input.description;
    if (input.orderNumber != null) patch.orderNo = input.orderNumber;
    if (input.startDate != null) patch.startDate = input.startDate;
    if (input.endDate != null) patch.endDate = input.endDate;
    checkDates(patch.startDate ?? p.startDate, patch.endDate ?? p.endDate);
    const changed = (Object.keys(patch) as Array<keyof ProjectRow>).filter((k) => patch[k] !== p[k]);
    if (changed.length === 0) return true;
    ctx.store.update('projects', { id: p.id }, patch);
    ctx.store.projects.refreshSearch(p.id);
    record(ctx, {
      projectId: p.id,
      kind: 'project.updated',
      name: 'Project details changed',
      description: `${who(ctx)} changed ${changed.join(', ')} of the project "${patch.name ?? p.name}"`,
    });
    return true;
  },

  changeOrderer: (_: unknown, args: { projectId: string; ordererId: string }, ctx: Ctx) => {
    const p = requireProject(ctx, args.projectId);
    if (!projectPermissions(ctx.viewer, p).canChangeOrderer)
      throw forbidden(`You are not allowed to change the orderer of "${p.name}"`);
    const orderer = requireUserById(ctx, args.ordererId, 'Orderer');
    ctx.store.update('projects', { id: p.id }, { ordererId: orderer.id });
    record(ctx, {
      projectId: p.id,
      kind: 'project.orderer',
      name: 'Orderer changed',
      description: `${who(ctx)} made ${displayName(orderer)} the orderer of "${p.name}"`,
    });
    return true;
  },

  updateProjectNotes: (_: unknown, args: { projectId: string; notes: string }, ctx: Ctx) => {
    const p = requireProject(ctx, args.projectId);
    if (!projectPermissions(ctx.viewer, p).canChangeNotes)
      throw forbidden(`You are not allowed to change the notes of "${p.name}"`);
    ctx.store.update('projects', { id: p.id }, { notes: args.notes });
    record(ctx, {
      projectId: p.id,
      kind: 'project.notes',
      name: 'Notes updated',
      description: `${who(ctx)} updated the notes of "${p.name}"`,
    });
    return true;
  },

  setProjectManager: (_: unknown, args: { projectId: string; projectManagerId: string }, ctx: Ctx) => {
    const p = requireProject(ctx, args.projectId);
    requireManager(ctx, p, 'set the project manager');
    const manager = requireUserById(ctx, args.projectManagerId, 'Project manager');
    ctx.store.update('projects', { id: p.id }, { managerId: manager.id });
    record(ctx, {
      projectId: p.id,
      kind: 'project.manager',
      name: 'Project manager changed',
      description: `${who(ctx)} made ${displayName(manager)} the project manager of "${p.name}"`,
    });
    return true;
  },

  setDatesOnProject: (
    _: unknown,
    args: { id: string; startDate?: string | null; endDate?: string | null },
    ctx: Ctx,
  ) => {
    const p = requireProject(ctx, args.id);
    requireManager(ctx, p, 'change project dates');
    const patch: Partial<ProjectRow> = {};
    if (args.startDate !== undefined) patch.startDate = args.startDate;
    if (args.endDate !== undefined) patch.endDate = args.endDate;
    checkDates(
      patch.startDate === undefined ? p.startDate : patch.startDate,
      patch.endDate === undefined ? p.endDate : patch.endDate,
    );
    ctx.store.update('projects', { id: p.id }, patch);
    const shown = (d: string | null | undefined) => d ?? 'none';
    record(ctx, {
      projectId: p.id,
      kind: 'project.dates',
      name: 'Project dates changed',
      description: `${who(ctx)} set the dates of "${p.name}" to ${shown(patch.startDate ?? p.startDate)} – ${shown(patch.endDate ?? p.endDate)}`,
    });
    return true;
  },

  deliverProject: (_: unknown, args: { projectId: string }, ctx: Ctx) => {
    const [p] = managedProjects(ctx, [args.projectId], 'deliver the project');
    if (p.state === 'DELIVERED' || p.state === 'CLOSED')
      throw conflict(`Project "${p.name}" is ${p.state} and cannot be delivered`);
    setState(ctx, p, 'DELIVERED', ctx.now(), 'project.delivered', 'Project delivered', 'delivered');
    return true;
  },

  closeProjects: (_: unknown, args: { projectIds: string[]; force?: boolean | null }, ctx: Ctx) => {
    for (const p of managedProjects(ctx, args.projectIds, 'close the project')) {
      if (p.state === 'CLOSED') throw conflict(`Project "${p.name}" is already closed`);
      if (!args.force && !isClosable(p, ctx.store.projects.stateCounts(p.id))) {
        throw conflict(
          `Project "${p.name}" has artworks that are not delivered or canceled; pass force: true to close it anyway`,
        );
      }
      setState(
        ctx,
        p,
        'CLOSED',
        p.closedAt ?? ctx.now(),
        'project.closed',
        'Project closed',
        args.force ? 'force-closed' : 'closed',
      );
    }
    return true;
  },

  reopenProjects: (_: unknown, args: { projectIds: string[] }, ctx: Ctx) => {
    for (const p of managedProjects(ctx, args.projectIds, 'reopen the project')) {
      if (p.state === 'IN_PROGRESS') throw conflict(`Project "${p.name}" is already in progress`);
      setState(ctx, p, 'IN_PROGRESS', null, 'project.reopened', 'Project reopened', 'reopened');
    }
    return true;
  },

  deleteProjects: (_: unknown, args: { projectIds: string[]; force?: boolean | null }, ctx: Ctx) => {
    for (const p of managedProjects(ctx, args.projectIds, 'delete the project')) {
      if (!args.force && !isDeleteable(ctx.store.projects.stateCounts(p.id))) {
        throw conflict(`Project "${p.name}" has artworks in progress or done; pass force: true to delete it anyway`);
      }
      for (const a of ctx.store.projects.artworks(p.id)) ctx.store.artworks.delete(a.id);
      ctx.store.history.deleteProject(p.id);
      ctx.store.run('DELETE FROM projects WHERE id = ?', [p.id]);
    }
    return true;
  },
};

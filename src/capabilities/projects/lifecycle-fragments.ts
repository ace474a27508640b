/**
 * Shared pieces of the project lifecycle writes: the re-read every write ends with (Cway's
 * mutations return only a Boolean), the project shape they return, and date input.
 */
import { z } from 'zod';
import type { CwaySession } from '../../cway/client.js';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';
import { ProjectBasics, toProjectBasics } from './fragments.js';
import { mapLimit, uuidString } from '../shared.js';

const LifecycleProject = graphql(
  `
    query LifecycleProject($id: UUID!) {
      project(id: $id) {
        ...ProjectBasics
        isInClosableState
        isInDeleteableState
        projectPermissions {
          canManageProject
        }
        progress {
          totalArtworks
          artworksDone
        }
        orderer {
          id
          username
          name
        }
        projectManager {
          id
          username
          name
        }
      }
    }
  `,
  [ProjectBasics],
);

/** `YYYY-MM-DD`, as Cway's `Date` scalar wants it. */
export const dateInput = (what: string) =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: `${what} must be a date like 2026-03-31` })
    .describe(`${what} (YYYY-MM-DD)`);

const person = z.object({ id: z.string(), username: z.string(), name: z.string() });

export const lifecycleProject = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  notes: z.string().nullable(),
  state: z.string().describe('IN_PROGRESS, STAND_BY, DELIVERED, CLOSED or PLANNED'),
  status: z.string().describe('Cway traffic light: GREY, BLUE, GREEN, YELLOW or RED'),
  orderNo: z.string(),
  created: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  isInClosableState: z.boolean().describe('Cway would close it without force.'),
  isInDeleteableState: z.boolean().describe('Cway would delete it without force.'),
  canManage: z.boolean().describe('You may manage it (change, deliver, close, reopen, delete).'),
  totalArtworks: z.number().int(),
  artworksDone: z.number().int(),
  orderer: person,
  projectManager: person.nullable(),
});
export type LifecycleProject = z.infer<typeof lifecycleProject>;

/** Reads a project; null when it does not exist or the caller cannot see it. */
export async function readProject(
  cway: CwaySession,
  id: string,
  signal?: AbortSignal,
): Promise<LifecycleProject | null> {
  let data;
  try {
    data = await cway.request(LifecycleProject, { id }, { signal });
  } catch (err) {
    if (err instanceof CapabilityError && err.code === 'not_found') return null;
    throw err;
  }
  const p = data.project;
  if (!p) return null;
  return {
    ...toProjectBasics(p),
    isInClosableState: p.isInClosableState,
    isInDeleteableState: p.isInDeleteableState,
    canManage: p.projectPermissions.canManageProject,
    totalArtworks: p.progress.totalArtworks,
    artworksDone: p.progress.artworksDone,
    orderer: { id: p.orderer.id, username: p.orderer.username, name: p.orderer.name },
    projectManager: p.projectManager
      ? { id: p.projectManager.id, username: p.projectManager.username, name: p.projectManager.name }
      : null,
  };
}

const notFound = (id: string, field: string) =>
  new CapabilityError('not_found', `No project ${id}, or you cannot see it.`, {
    field,
    hint: 'Use list_projects or search_projects to find the project id.',
  });

/** Reads a project or fails with not_found naming the input field. */
export async function requireProject(
  ctx: CapabilityContext,
  id: string,
  field = 'projectId',
): Promise<LifecycleProject> {
  const p = await readProject(ctx.cway, id, ctx.signal);
  if (!p) throw notFound(id, field);
  return p;
}

/** Reads several projects (in input order); every one must exist. */
export async function requireProjects(ctx: CapabilityContext, ids: readonly string[]): Promise<LifecycleProject[]> {
  const found = await mapLimit(ids, 4, (id) => readProject(ctx.cway, id, ctx.signal));
  const missing = ids.filter((_, i) => !found[i]);
  if (missing.length > 0) throw notFound(missing.join(', '), 'projectIds');
  return found as LifecycleProject[];
}

/** Refuses, before any confirmation or write, projects the caller may not manage. */
export function requireManageable(projects: readonly LifecycleProject[], action: string): void {
  const refused = projects.filter((p) => !p.canManage);
  if (refused.length > 0) {
    throw new CapabilityError('forbidden', `You may not ${action} ${refused.map((p) => `"${p.name}"`).join(', ')}.`, {
      hint: 'Its project manager or an administrator can; nothing was changed.',
    });
  }
}

/**
 * Refuses, before any confirmation or write, projects Cway would not accept without force
 * (`kind` is "closable" or "deletable").
 */
export function refuseUnlessForced(
  blocked: readonly LifecycleProject[],
  force: boolean,
  kind: string,
  describe: (p: LifecycleProject) => string,
  hint: string,
): void {
  if (blocked.length > 0 && !force) {
    throw new CapabilityError('conflict', `Not in a ${kind} state: ${blocked.map(describe).join('; ')}.`, {
      field: 'force',
      hint,
    });
  }
}

/** Distinct ids, keeping the first-seen order. */
export const distinct = (ids: readonly string[]): string[] => [...new Set(ids.map((s) => s.toLowerCase()))];

export const projectIdsInput = (verb: string) =>
  z
    .array(uuidString('each project id must be a UUID'))
    .min(1)
    .max(50)
    .describe(`Ids (UUIDs) of the projects to ${verb}, 1-50.`);

/**
 * What the project capabilities share: the one page-of-projects operation (list, search, active,
 * completed and ChatGPT's `search` all read projects through it), the row it maps to, the
 * project's own facts every single-project read selects (`ProjectBasics`), and the
 * project-not-found error.
 */
import { z } from 'zod';
import type { CwaySession } from '../../cway/client.js';
import { graphql, readFragment, type FragmentOf } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { pageInfo, pageOutput } from '../shared.js';

/** ProjectState as the API spells it. PLANNED is deprecated but still accepted. */
export const PROJECT_STATES = ['PLANNED', 'IN_PROGRESS', 'STAND_BY', 'DELIVERED', 'CLOSED'] as const;
export type ProjectState = (typeof PROJECT_STATES)[number];

export const ProjectsPage = graphql(`
  query ProjectsPage($filter: ProjectFilter, $paging: Paging) {
    projects(filter: $filter, paging: $paging) {
      page
      totalHits
      projects {
        id
        name
        state
        status
        orderNo
        startDate
        endDate
        lastActivity
        progress {
          totalArtworks
          percentageDone
        }
        projectManager {
          username
          name
        }
        orderer {
          username
          name
        }
      }
    }
  }
`);

/** The project's own facts, as get_project, the lifecycle writes and `fetch` read them. */
export const ProjectBasics = graphql(`
  fragment ProjectBasics on Project {
    id
    name
    description
    notes
    state
    status
    orderNo
    created
    startDate
    endDate
  }
`);

/** A project's own facts with Cway's optional values as null, in output order. */
export function toProjectBasics(ref: FragmentOf<typeof ProjectBasics>) {
  const b = readFragment(ProjectBasics, ref);
  return {
    id: b.id,
    name: b.name,
    description: b.description ?? null,
    notes: b.notes ?? null,
    state: b.state,
    status: b.status,
    orderNo: b.orderNo,
    created: b.created,
    startDate: b.startDate ?? null,
    endDate: b.endDate ?? null,
  };
}

export const projectRow = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string().describe('PLANNED, IN_PROGRESS, STAND_BY (on hold), DELIVERED or CLOSED'),
  status: z.string().describe('Traffic light: GREY, BLUE, GREEN, YELLOW or RED'),
  orderNo: z.string(),
  startDate: z.string().nullable().describe('YYYY-MM-DD'),
  endDate: z.string().nullable().describe('Deadline, YYYY-MM-DD'),
  lastActivity: z.string().nullable().describe('Local time, no zone'),
  totalArtworks: z.number().int(),
  percentageDone: z.number().describe('0-100'),
  projectManager: z.string().nullable().describe('Username'),
  orderer: z.string().describe('Username'),
});
export type ProjectRow = z.infer<typeof projectRow>;

/** A page of project rows with paging facts; the output of every project listing. */
export const projectPageOutput = z.object({ projects: z.array(projectRow) }).extend(pageOutput.shape);

export interface ProjectsFilter {
  states?: ProjectState[];
  name?: string;
  orderNo?: string;
  onlyMine?: boolean;
}

/** Reads one page of projects (0-based) and maps it to rows. */
export async function fetchProjectPage(
  cway: CwaySession,
  filter: ProjectsFilter,
  page: number,
  pageSize: number,
  signal?: AbortSignal,
): Promise<z.infer<typeof projectPageOutput>> {
  const data = await cway.request(ProjectsPage, { filter, paging: { page, pageSize } }, { signal });
  const result = data.projects ?? { page, totalHits: 0, projects: [] };
  return {
    projects: result.projects.map((p) => ({
      id: p.id,
      name: p.name,
      state: p.state,
      status: p.status,
      orderNo: p.orderNo,
      startDate: p.startDate ?? null,
      endDate: p.endDate ?? null,
      lastActivity: p.lastActivity ?? null,
      totalArtworks: p.progress.totalArtworks,
      percentageDone: p.progress.percentageDone,
      projectManager: p.projectManager?.username ?? null,
      orderer: p.orderer.username,
    })),
    ...pageInfo(page, pageSize, Number(result.totalHits)),
  };
}

/** The error for a project id Cway answers `null` for (missing, or not visible to the caller). */
export function projectNotFound(id: string): CapabilityError {
  return new CapabilityError('not_found', `No project with id ${id} is visible to you.`, {
    hint: 'Find the project with search_projects (by a word of its name) or list_projects, then use its id.',
  });
}

/** Re-throws Cway's own not-found for a project with the hint to search. */
export function withProjectHint(id: string) {
  return (err: unknown): never => {
    if (err instanceof CapabilityError && err.code === 'not_found') throw projectNotFound(id);
    throw err;
  };
}

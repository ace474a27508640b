import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { pageInfo, pageOutput, pagingInput } from '../shared.js';

export const PROJECT_STATES = ['PLANNED', 'IN_PROGRESS', 'STAND_BY', 'DELIVERED', 'CLOSED'] as const;

const ListProjects = graphql(`
  query ListProjects($filter: ProjectFilter, $paging: Paging) {
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

export const projectRow = z.object({
  id: z.string(),
  name: z.string(),
  state: z.string().describe('IN_PROGRESS, STAND_BY, DELIVERED, CLOSED or PLANNED'),
  status: z.string().describe('Cway traffic light: GREY, BLUE, GREEN, YELLOW or RED'),
  orderNo: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  lastActivity: z.string().nullable(),
  totalArtworks: z.number().int(),
  percentageDone: z.number(),
  projectManager: z.string().nullable().describe('Username of the project manager'),
  orderer: z.string().describe('Username of the orderer'),
});

export const listProjectsInput = {
  ...pagingInput,
  states: z.array(z.enum(PROJECT_STATES)).max(5).optional().describe('Only projects in these states.'),
  name: z
    .string()
    .max(200)
    .optional()
    .describe('Text to match in name, description, file content and barcodes (case-insensitive).'),
  onlyMine: z.boolean().optional().describe('Only projects where I am orderer, manager or assigned.'),
};

export type ProjectsFilter = { states?: (typeof PROJECT_STATES)[number][]; name?: string; onlyMine?: boolean };

/** Reads one page of projects; shared by list/search/active/completed. */
export async function fetchProjectPage(
  cway: import('../../cway/client.js').CwaySession,
  filter: ProjectsFilter,
  page: number,
  pageSize: number,
  signal?: AbortSignal,
) {
  const data = await cway.request(ListProjects, { filter, paging: { page, pageSize } }, { signal });
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
    ...pageInfo(page, pageSize, result.totalHits),
  };
}

export const listProjectsOutput = z.object({ projects: z.array(projectRow) }).extend(pageOutput.shape);

export default defineCapability({
  name: 'list_projects',
  title: 'List projects',
  description:
    'List Cway projects one page at a time, optionally filtered by state, text or "only mine". Returns id, name, state, dates, progress and people per project, plus nextPage when more exist.',
  toolset: 'projects',
  input: z.object(listProjectsInput),
  output: listProjectsOutput,
  hints: READ,
  rest: { method: 'GET', path: '/api/projects' },
  handler: async ({ page, pageSize, states, name, onlyMine }, ctx) =>
    fetchProjectPage(ctx.cway, { states, name, onlyMine }, page, pageSize, ctx.signal),
});

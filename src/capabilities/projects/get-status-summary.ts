import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { loadArtworkIndex, MAX_PROJECTS } from '../search/artwork-index.js';
import { summarizeStatus } from '../../analytics/status-summary.js';

const counts = z.record(z.string(), z.number().int());

export default defineCapability({
  name: 'get_status_summary',
  title: 'Status summary across projects',
  description:
    'Status balls (GREY…RED) of projects and artworks, artwork states and average progress, over every project you can see.',
  toolset: 'projects',
  input: z.object({
    projectStates: z
      .array(z.enum(['PLANNED', 'IN_PROGRESS', 'STAND_BY', 'DELIVERED', 'CLOSED']))
      .max(5)
      .optional()
      .describe('Only projects in these states.'),
  }),
  output: z.object({
    projects: z.number().int(),
    projectsByState: counts,
    projectStatus: counts,
    artworks: z.number().int(),
    artworkStatus: counts,
    artworksByState: counts,
    averageProgress: z.number().nullable().describe('Mean % done of projects with artworks.'),
    projectsVisible: z.number().int(),
    cutShort: z.boolean().describe(`Only the newest ${MAX_PROJECTS} projects were read.`),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/projects/status-summary' },
  handler: async ({ projectStates }, ctx) => {
    const index = await loadArtworkIndex(ctx);
    return {
      ...summarizeStatus(index.projects, index.artworks, projectStates),
      projectsVisible: index.projectsVisible,
      cutShort: index.cutShort,
    };
  },
});

import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { pagingInput } from '../shared.js';
import { fetchProjectPage, projectPageOutput, type ProjectState } from './fragments.js';

/** Cway has no COMPLETED state: completed = DELIVERED (work handed over) + CLOSED (archived). */
export default defineCapability({
  name: 'get_completed_projects',
  title: 'Completed projects',
  description: 'Finished work: DELIVERED and CLOSED projects. Returns project rows and nextPage.',
  toolset: 'projects',
  input: z.object({
    only: z
      .enum(['DELIVERED', 'CLOSED'])
      .optional()
      .describe('Only this one of the two completed states; default both.'),
    onlyMine: z.boolean().optional().describe('Only projects where I am orderer, manager or assigned.'),
    ...pagingInput,
  }),
  output: projectPageOutput.extend({
    states: z.array(z.string()).describe('The project states this list covers.'),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/projects/completed' },
  handler: async ({ only, onlyMine, page, pageSize }, ctx) => {
    const states: ProjectState[] = only ? [only] : ['DELIVERED', 'CLOSED'];
    const result = await fetchProjectPage(ctx.cway, { states, onlyMine }, page, pageSize, ctx.signal);
    return { ...result, states };
  },
});

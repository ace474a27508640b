import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { pagingInput } from '../shared.js';
import { fetchProjectPage, projectPageOutput, type ProjectState } from './fragments.js';

/**
 * "Active" means IN_PROGRESS. STAND_BY (on hold) is left out by default because nobody is
 * working on it, and no API mutation sets or clears it; `includeStandBy` adds it back.
 */
export default defineCapability({
  name: 'get_active_projects',
  title: 'Active projects',
  description:
    'What is running now: IN_PROGRESS projects (STAND_BY too with includeStandBy). Returns project rows and nextPage.',
  toolset: 'projects',
  input: z.object({
    includeStandBy: z
      .boolean()
      .default(false)
      .describe('Also include projects on hold (STAND_BY). Default false: active = IN_PROGRESS only.'),
    onlyMine: z.boolean().optional().describe('Only projects where I am orderer, manager or assigned.'),
    ...pagingInput,
  }),
  output: projectPageOutput.extend({
    states: z.array(z.string()).describe('The project states this list covers.'),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/projects/active' },
  handler: async ({ includeStandBy, onlyMine, page, pageSize }, ctx) => {
    const states: ProjectState[] = includeStandBy ? ['IN_PROGRESS', 'STAND_BY'] : ['IN_PROGRESS'];
    const result = await fetchProjectPage(ctx.cway, { states, onlyMine }, page, pageSize, ctx.signal);
    return { ...result, states };
  },
});

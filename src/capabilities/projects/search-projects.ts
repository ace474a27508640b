import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { pagingInput } from '../shared.js';
import { fetchProjectPage, PROJECT_STATES, projectPageOutput } from './fragments.js';

export default defineCapability({
  name: 'search_projects',
  title: 'Search projects',
  description:
    'Find projects by a word of their name, description, file text or barcode. Returns project rows and nextPage.',
  toolset: 'projects',
  input: z.object({
    query: z.string().trim().min(1).max(200).describe('Text to look for, e.g. a word of the project name.'),
    states: z.array(z.enum(PROJECT_STATES)).min(1).max(5).optional().describe('Only projects in these states.'),
    ...pagingInput,
  }),
  output: projectPageOutput,
  hints: READ,
  rest: { method: 'GET', path: '/api/projects/search' },
  handler: async ({ query, states, page, pageSize }, ctx) =>
    fetchProjectPage(ctx.cway, { name: query, states }, page, pageSize, ctx.signal),
});

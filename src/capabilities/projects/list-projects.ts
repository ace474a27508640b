import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { pagingInput } from '../shared.js';
import { fetchProjectPage, PROJECT_STATES, projectPageOutput } from './fragments.js';

export default defineCapability({
  name: 'list_projects',
  title: 'List projects',
  description:
    'Browse projects a page at a time, filtered by state, text, order number or only mine. Returns project rows (state, dates, progress, people) and nextPage.',
  toolset: 'projects',
  input: z.object({
    ...pagingInput,
    states: z.array(z.enum(PROJECT_STATES)).min(1).max(5).optional().describe('Only projects in these states.'),
    name: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('Text to match in name, description, file content and barcodes (case-insensitive).'),
    orderNo: z.string().trim().min(1).max(100).optional().describe('Only projects with this order number.'),
    onlyMine: z.boolean().optional().describe('Only projects where I am orderer, manager or assigned.'),
  }),
  output: projectPageOutput,
  hints: READ,
  rest: { method: 'GET', path: '/api/projects' },
  handler: async ({ page, pageSize, states, name, orderNo, onlyMine }, ctx) =>
    fetchProjectPage(ctx.cway, { states, name, orderNo, onlyMine }, page, pageSize, ctx.signal),
});

import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { pagingInput } from '../shared.js';
import { fetchUserPage, userPageOutput } from './fragments.js';

export default defineCapability({
  name: 'list_users',
  title: 'List users',
  description:
    "Browse the organisation's users a page at a time. Returns username, name, e-mail, enabled, permission group, last login and nextPage.",
  toolset: 'users',
  input: z.object({ ...pagingInput }),
  output: userPageOutput,
  hints: READ,
  rest: { method: 'GET', path: '/api/users' },
  handler: async ({ page, pageSize }, ctx) => fetchUserPage(ctx.cway, undefined, page, pageSize, ctx.signal),
});

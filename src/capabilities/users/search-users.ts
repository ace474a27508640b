import { z } from 'zod';
import { defineCapability, READ } from '../define.js';
import { pagingInput } from '../shared.js';
import { fetchUserPage, userPageOutput } from './fragments.js';

export default defineCapability({
  name: 'search_users',
  title: 'Search users',
  description:
    'Find users whose username contains the text (names are not searched; for an e-mail use find_user_by_email). Returns users and nextPage.',
  toolset: 'users',
  input: z.object({
    query: z.string().trim().min(1).max(200).describe('Part of the username, e.g. "anna".'),
    ...pagingInput,
  }),
  output: userPageOutput,
  hints: READ,
  rest: { method: 'GET', path: '/api/users/search' },
  handler: async ({ query, page, pageSize }, ctx) => fetchUserPage(ctx.cway, query, page, pageSize, ctx.signal),
});

import { z } from 'zod';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';
import { defineCapability, READ } from '../define.js';
import { fetchUserPage, toUserDetail, UserByUsername, userDetail } from './fragments.js';

/** Usernames close to `wanted`: Cway's username search for it, then for its part before any "@". */
async function candidatesFor(wanted: string, ctx: CapabilityContext): Promise<string[]> {
  const terms = [...new Set([wanted, wanted.split('@')[0]!].filter((t) => t.length >= 2))];
  for (const term of terms) {
    const page = await fetchUserPage(ctx.cway, term, 0, 5, ctx.signal).catch(() => undefined);
    if (page && page.users.length > 0) return page.users.map((u) => u.username);
  }
  return [];
}

export default defineCapability({
  name: 'get_user',
  title: 'Get user',
  description:
    'One user by exact username: name, e-mail, enabled, permission group, job, company, created, last login. Unknown usernames get close matches.',
  toolset: 'users',
  input: z.object({
    username: z
      .string()
      .trim()
      .min(1)
      .max(320)
      .describe('Exact username (often the e-mail address); case-insensitive in Cway.'),
  }),
  output: z.object({ user: userDetail }),
  hints: READ,
  rest: { method: 'GET', path: '/api/users/{username}' },
  handler: async ({ username }, ctx) => {
    const data = await ctx.cway.request(UserByUsername, { username }, { signal: ctx.signal }).catch((err: unknown) => {
      if (err instanceof CapabilityError && err.code === 'not_found') return { getUser: null };
      throw err;
    });
    if (data.getUser) return { user: toUserDetail(data.getUser) };
    const candidates = await candidatesFor(username, ctx);
    throw new CapabilityError('not_found', `No user with username "${username}".`, {
      candidates,
      hint: candidates.length
        ? 'Call get_user again with one of the candidate usernames.'
        : 'Search with search_users (part of the username) or find_user_by_email.',
    });
  },
});

import { z } from 'zod';
import { emailString } from '../shared.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability, READ } from '../define.js';
import { fetchUserPage, toUserDetail, UserByUsername, userDetail } from './fragments.js';

const SCAN_PAGE_SIZE = 100;

/**
 * Cway has no e-mail lookup. Usernames are often the e-mail address, so `getUser(email)` comes
 * first; otherwise the organisation's users are scanned page by page, comparing `email`
 * case-insensitively, up to maxPages pages.
 */
export default defineCapability({
  name: 'find_user_by_email',
  title: 'Find user by e-mail',
  description:
    'Find a user by e-mail address (any case), as a username first, then by scanning the user list. Returns the user and how it was found.',
  toolset: 'users',
  input: z.object({
    email: emailString().max(320).describe('The e-mail address, any letter case.'),
    maxPages: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(10)
      .describe('Most pages of 100 users to scan when the e-mail is not a username (default 10).'),
  }),
  output: z.object({
    user: userDetail,
    matchedBy: z
      .enum(['username', 'email_scan'])
      .describe('username: the e-mail is the username; email_scan: found by scanning'),
    usersScanned: z.number().int().describe('Users compared during the scan (0 when matched by username).'),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/users/by-email/{email}' },
  handler: async ({ email, maxPages }, ctx) => {
    const wanted = email.toLowerCase();
    const direct = await ctx.cway
      .request(UserByUsername, { username: email }, { signal: ctx.signal })
      .catch((err: unknown) => {
        if (err instanceof CapabilityError && err.code === 'not_found') return { getUser: null };
        throw err;
      });
    const hit = direct.getUser;
    if (hit && (hit.email.toLowerCase() === wanted || hit.username.toLowerCase() === wanted)) {
      return { user: toUserDetail(hit), matchedBy: 'username' as const, usersScanned: 0 };
    }

    let scanned = 0;
    let totalPages: number | undefined;
    for (let page = 0; page < maxPages; page++) {
      const result = await fetchUserPage(ctx.cway, undefined, page, SCAN_PAGE_SIZE, ctx.signal);
      scanned += result.users.length;
      totalPages = Math.ceil(result.totalHits / SCAN_PAGE_SIZE);
      ctx.progress(page + 1, Math.min(totalPages, maxPages), `Scanned ${scanned} of ${result.totalHits} users`);
      const match = result.users.find((u) => u.email.toLowerCase() === wanted);
      if (match) {
        const full = await ctx.cway.request(UserByUsername, { username: match.username }, { signal: ctx.signal });
        if (!full.getUser) break;
        return { user: toUserDetail(full.getUser), matchedBy: 'email_scan' as const, usersScanned: scanned };
      }
      if (result.nextPage === null) break;
    }
    const stoppedEarly = totalPages !== undefined && totalPages > maxPages;
    throw new CapabilityError(
      'not_found',
      `No user with e-mail ${email} among ${scanned} users scanned${stoppedEarly ? ` (stopped after ${maxPages} pages)` : ''}.`,
      {
        field: 'email',
        hint: stoppedEarly
          ? `Call again with a higher maxPages (up to 50); the organisation has about ${totalPages} pages of users.`
          : 'Check the address, or search_users with part of the username.',
      },
    );
  },
});

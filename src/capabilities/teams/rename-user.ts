import { z } from 'zod';
import { plainText } from '../shared.js';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { findUser, requireUser, requireUserAdmin, userRow, username } from '../users/people.js';

const SetRealName = graphql(`
  mutation TeamsRenameUser($username: String!, $firstName: String, $lastName: String) {
    setUserRealName(username: $username, firstName: $firstName, lastName: $lastName)
  }
`);

export default defineCapability({
  name: 'rename_user',
  title: 'Rename user',
  description:
    "Admin only. Change an existing user's first and/or last name (the username, their e-mail, stays). Returns the user before and after, re-read.",
  toolset: 'users',
  input: z.object({
    username: username('User'),
    firstName: plainText('First name').trim().min(1).max(100).optional(),
    lastName: plainText('Last name').trim().min(1).max(100).optional(),
  }),
  output: z.object({ before: userRow, user: userRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/users/rename' },
  handler: async ({ username: name, firstName, lastName }, ctx) => {
    if (firstName === undefined && lastName === undefined)
      throw new CapabilityError('invalid_input', 'Give firstName, lastName or both.', { field: 'firstName' });
    await requireUserAdmin(ctx, "change users' names");
    const before = await requireUser(ctx, name, 'username');
    await ctx.cway.request(
      SetRealName,
      { username: before.username, firstName: firstName ?? null, lastName: lastName ?? null },
      { signal: ctx.signal, verify: 'get_user (the user)' },
    );
    return { before, user: (await findUser(ctx, before.username)) ?? before };
  },
});

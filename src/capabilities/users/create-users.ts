import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { emailString, plainText } from '../shared.js';
import { findUser, requireUserAdmin, resolvePermissionGroup, userRow, type UserRow } from './people.js';

const CreateUser = graphql(`
  mutation PeopleCreateUser($input: UserInput!) {
    createUser(input: $input)
  }
`);
const SetRealName = graphql(`
  mutation PeopleSetRealName($username: String!, $firstName: String, $lastName: String) {
    setUserRealName(username: $username, firstName: $firstName, lastName: $lastName)
  }
`);
const SetGroup = graphql(`
  mutation PeopleCreateUsersSetGroup($usernames: [String!]!, $permissionGroupId: UUID!) {
    setPermissionGroupForUsers(usernames: $usernames, permissionGroupId: $permissionGroupId)
  }
`);

const failure = z.object({ username: z.string(), code: z.string(), message: z.string() });

export default defineCapability({
  name: 'create_users',
  title: 'Create users',
  description:
    'Admin: add people by e-mail (their username), with optional names and permission group. Existing users are reported, not changed.',
  toolset: 'users',
  input: z.object({
    users: z
      .array(
        z.object({
          username: emailString('username must be an e-mail address').describe('E-mail address; becomes the username.'),
          firstName: plainText('First name').trim().min(1).max(100).optional(),
          lastName: plainText('Last name').trim().min(1).max(100).optional(),
        }),
      )
      .min(1)
      .max(50)
      .describe('People to add, 1-50.'),
    permissionGroup: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .describe(
        'Permission group for all of them, by name (e.g. "Project manager") or id. Default: Cway\'s default group.',
      ),
  }),
  output: z.object({
    created: z.array(userRow),
    failed: z.array(failure).describe('Users not created, with the reason (e.g. conflict: already exists).'),
    warnings: z.array(z.string()).describe('Steps after creation that failed (names, permission group).'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  rest: { method: 'POST', path: '/api/users' },
  handler: async (args, ctx) => {
    await requireUserAdmin(ctx, 'create users');
    const group = args.permissionGroup
      ? await resolvePermissionGroup(ctx, args.permissionGroup, 'permissionGroup')
      : undefined;
    const seen = new Set<string>();
    const created: string[] = [];
    const failed: z.infer<typeof failure>[] = [];
    const warnings: string[] = [];
    for (const u of args.users) {
      const username = u.username.toLowerCase();
      if (seen.has(username)) continue;
      seen.add(username);
      const existing = await findUser(ctx, username);
      if (existing) {
        failed.push({ username, code: 'conflict', message: `Already a user (id ${existing.id}); left unchanged.` });
        continue;
      }
      try {
        await ctx.cway.request(CreateUser, { input: { username } }, { signal: ctx.signal });
      } catch (err) {
        if (!(err instanceof CapabilityError)) throw err;
        if (err.code === 'unauthorized' || err.code === 'forbidden') throw err;
        failed.push({ username, code: err.code, message: err.message });
        continue;
      }
      created.push(username);
      if (u.firstName || u.lastName) {
        try {
          await ctx.cway.request(
            SetRealName,
            { username, firstName: u.firstName, lastName: u.lastName },
            { signal: ctx.signal },
          );
        } catch (err) {
          warnings.push(`${username}: name not set: ${(err as Error).message}`);
        }
      }
    }
    if (group && created.length > 0) {
      try {
        await ctx.cway.request(SetGroup, { usernames: created, permissionGroupId: group.id }, { signal: ctx.signal });
      } catch (err) {
        warnings.push(`Permission group "${group.name}" not set: ${(err as Error).message}`);
      }
    }
    const rows: UserRow[] = [];
    for (const username of created) {
      const row = await findUser(ctx, username);
      if (row) rows.push(row);
      else warnings.push(`${username}: created, but Cway does not show the user yet.`);
    }
    return { created: rows, failed, warnings };
  },
});

import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { findUser, requireUserAdmin, resolvePermissionGroup, userRow, username } from './people.js';
import { mapLimit } from '../shared.js';

const SetGroup = graphql(`
  mutation PeopleSetPermissionGroup($usernames: [String!]!, $permissionGroupId: UUID!) {
    setPermissionGroupForUsers(usernames: $usernames, permissionGroupId: $permissionGroupId)
  }
`);

export default defineCapability({
  name: 'set_user_permission_group',
  title: "Set users' permission group",
  description: "Admin: set users' permission group (role), by group name or id. Returns the users.",
  toolset: 'users',
  input: z.object({
    usernames: z.array(username('User')).min(1).max(100).describe('Usernames (usually e-mail addresses), 1-100.'),
    permissionGroup: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe('Permission group name (e.g. "Project manager") or id.'),
  }),
  output: z.object({
    permissionGroup: z.object({ id: z.string(), name: z.string() }),
    users: z.array(userRow),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'PUT', path: '/api/users/permission-group' },
  handler: async (args, ctx) => {
    await requireUserAdmin(ctx, "change users' permission groups");
    const group = await resolvePermissionGroup(ctx, args.permissionGroup, 'permissionGroup');
    const names = [...new Set(args.usernames.map((u) => u.toLowerCase()))];
    const users = await mapLimit(names, 4, (n) => findUser(ctx, n));
    const missing = names.filter((_, i) => !users[i]);
    if (missing.length > 0) {
      throw new CapabilityError('not_found', `No Cway user ${missing.map((m) => `"${m}"`).join(', ')}.`, {
        field: 'usernames',
        hint: 'Use search_users to find exact usernames; nothing was changed.',
      });
    }
    const usernames = users.map((u) => u!.username);
    await ctx.cway.request(SetGroup, { usernames, permissionGroupId: group.id }, { signal: ctx.signal });
    const after = await mapLimit(usernames, 4, (n) => findUser(ctx, n));
    return { permissionGroup: group, users: after.map((u, i) => u ?? users[i]!) };
  },
});

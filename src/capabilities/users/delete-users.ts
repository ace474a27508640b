import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import { findUser, requireUserAdmin, username } from './people.js';
import { mapLimit } from '../shared.js';

const DeleteUsers = graphql(`
  mutation PeopleDeleteUsers($usernames: [String!]!) {
    deleteUsers(usernames: $usernames)
  }
`);

const previewRow = z.object({ id: z.string(), username: z.string(), name: z.string(), enabled: z.boolean() });

export default defineCapability({
  name: 'delete_users',
  title: 'Delete users',
  description:
    'Admin: remove users so they cannot sign in (their data stays). First call returns a preview and a confirmation token.',
  toolset: 'users',
  input: z.object({
    usernames: z
      .array(username('User'))
      .min(1)
      .max(50)
      .describe('Usernames (usually e-mail addresses) to delete, 1-50.'),
    ...confirmationInput,
  }),
  output: z.object({
    ...confirmationOutput,
    preview: z
      .array(previewRow)
      .optional()
      .describe('The users that would be deleted (when confirmation is required).'),
    deleted: z.array(z.string()).optional().describe('Usernames no longer found after the call (when done).'),
    notDeleted: z.array(z.string()).optional().describe('Usernames still present after the call (when done).'),
  }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/users/delete' },
  handler: async (args, ctx) => {
    const me = await requireUserAdmin(ctx, 'delete users');
    const names = [...new Set(args.usernames.map((u) => u.toLowerCase()))];
    const users = await mapLimit(names, 4, (n) => findUser(ctx, n));
    const missing = names.filter((_, i) => !users[i]);
    if (missing.length > 0) {
      throw new CapabilityError('not_found', `No Cway user ${missing.map((m) => `"${m}"`).join(', ')}.`, {
        field: 'usernames',
        hint: 'Use search_users to find exact usernames; nothing was changed.',
      });
    }
    const preview = users.map((u) => ({ id: u!.id, username: u!.username, name: u!.name, enabled: u!.enabled }));
    if (preview.some((u) => u.id === me.id)) {
      throw new CapabilityError('conflict', 'You cannot delete your own user.', {
        field: 'usernames',
        hint: 'Leave your own username out; another administrator can remove you.',
      });
    }
    const summary = `Delete ${preview.length} user${preview.length === 1 ? '' : 's'}: ${preview
      .map((u) => `${u.name} <${u.username}>`)
      .join(', ')}. They can no longer sign in; Cway keeps their data (projects, comments, history).`;
    const pending = await requireConfirmation(
      ctx,
      { name: 'delete_users', targets: preview.map((u) => u.id), summary, preview },
      args.confirmationToken,
    );
    if (pending) return { status: 'confirmation_required' as const, confirmation: pending, preview };
    await ctx.cway.request(DeleteUsers, { usernames: preview.map((u) => u.username) }, { signal: ctx.signal });
    const after = await mapLimit(preview, 4, (u) => findUser(ctx, u.username));
    return {
      status: 'done' as const,
      deleted: preview.filter((_, i) => !after[i]).map((u) => u.username),
      notDeleted: preview.filter((_, i) => after[i]).map((u) => u.username),
    };
  },
});

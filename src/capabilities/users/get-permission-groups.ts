import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability, READ } from '../define.js';

const PermissionGroups = graphql(`
  query PermissionGroups {
    getPermissionGroups {
      id
      name
    }
  }
`);

export default defineCapability({
  name: 'get_permission_groups',
  title: 'Permission groups',
  description:
    "The permission groups (roles such as Admin or Approver) of your organisation, with ids to compare with a user's permissionGroupId. Admins only: anyone else gets a forbidden error.",
  toolset: 'users',
  input: z.object({}),
  output: z.object({ groups: z.array(z.object({ id: z.string(), name: z.string() })) }),
  hints: READ,
  rest: { method: 'GET', path: '/api/permission-groups' },
  handler: async (_input, ctx) => {
    const data = await ctx.cway.request(PermissionGroups, {}, { signal: ctx.signal }).catch((err: unknown) => {
      if (err instanceof CapabilityError && err.code === 'forbidden') {
        throw new CapabilityError('forbidden', 'Only organisation admins may list permission groups.', {
          hint: 'Ask an admin; get_login_info shows your own permissions.',
        });
      }
      throw err;
    });
    return { groups: data.getPermissionGroups.map((g) => ({ id: g.id, name: g.name })) };
  },
});

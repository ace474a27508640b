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
  description: "Permission groups (roles) with ids, to read a user's permissionGroupId. Admins only.",
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

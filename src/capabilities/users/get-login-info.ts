import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability, READ } from '../define.js';

const WhoAmI = graphql(`
  query WhoAmI {
    loginInfo {
      user {
        id
        username
        name
        email
        permissionGroupId
      }
      currentOrganisation {
        id
        name
      }
      organisationMemberships {
        organisationId
        name
        permissionGroupId
      }
      permissions {
        canImpersonate
        userAdministration
        organisationUserAdministration
        canCreateTopFolder
        canSeeOtherProjects
        canCreateProject
        canUseProjectManager
        canCreateShare
        canSeeProjectHistory
        canSearchUsers
        canChangeOrganisationBaseData
        isSystemAdmin
      }
    }
  }
`);

const PERMISSIONS = [
  'canImpersonate',
  'userAdministration',
  'organisationUserAdministration',
  'canCreateTopFolder',
  'canSeeOtherProjects',
  'canCreateProject',
  'canUseProjectManager',
  'canCreateShare',
  'canSeeProjectHistory',
  'canSearchUsers',
  'canChangeOrganisationBaseData',
  'isSystemAdmin',
] as const;

export default defineCapability({
  name: 'get_login_info',
  title: 'Who am I',
  description: 'Who the token belongs to: user, organisation, memberships and what they may do.',
  toolset: 'users',
  input: z.object({}),
  output: z.object({
    user: z.object({
      id: z.string(),
      username: z.string(),
      name: z.string(),
      email: z.string(),
      permissionGroupId: z.string().nullable(),
    }),
    organisation: z.object({ id: z.string(), name: z.string() }).nullable().describe('The organisation calls act in.'),
    memberships: z.array(
      z.object({ organisationId: z.string(), name: z.string(), permissionGroupId: z.string().nullable() }),
    ),
    permissions: z
      .object(
        Object.fromEntries(PERMISSIONS.map((k) => [k, z.boolean()])) as Record<
          (typeof PERMISSIONS)[number],
          z.ZodBoolean
        >,
      )
      .describe('Organisation-wide permissions of this user.'),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/me' },
  handler: async (_input, ctx) => {
    const data = await ctx.cway.request(WhoAmI, {}, { signal: ctx.signal });
    const info = data.loginInfo;
    if (!info) throw new CapabilityError('unauthorized', 'Cway did not recognise the token.');
    return {
      user: { ...info.user, permissionGroupId: info.user.permissionGroupId ?? null },
      organisation: info.currentOrganisation ?? null,
      memberships: info.organisationMemberships.map((m) => ({ ...m, permissionGroupId: m.permissionGroupId ?? null })),
      permissions: { ...info.permissions },
    };
  },
});

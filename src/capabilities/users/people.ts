/**
 * Shared pieces of the people writes (users, permission groups, teams) and of every write that
 * names a person: Cway takes usernames in some places and user ids in others, so callers give
 * usernames and these helpers look the ids up.
 */
import { z } from 'zod';
import { graphql, readFragment } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import type { CapabilityContext } from '../define.js';
import { TeamFields } from './fragments.js';

const UserByName = graphql(`
  query PeopleUserByName($username: String) {
    getUser(username: $username) {
      id
      username
      email
      name
      enabled
      permissionGroupId
    }
  }
`);

const Gates = graphql(`
  query PeopleGates {
    loginInfo {
      user {
        id
        username
      }
      permissions {
        userAdministration
        organisationUserAdministration
      }
    }
  }
`);

const PermissionGroups = graphql(`
  query PeoplePermissionGroups {
    getPermissionGroups {
      id
      name
    }
  }
`);

const Teams = graphql(
  `
    query PeopleTeams {
      organisation {
        teams {
          ...TeamFields
        }
      }
    }
  `,
  [TeamFields],
);

export const username = (what: string) =>
  z.string().trim().min(1).max(254).describe(`${what}: a Cway username (usually the e-mail address).`);

export const userRow = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  permissionGroupId: z.string().nullable(),
});
export type UserRow = z.infer<typeof userRow>;

export const teamRow = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  approvalMode: z.string().describe('ALL_REQUIRED (every member approves) or ANY_MEMBER (one approval is enough).'),
  members: z.array(z.object({ username: z.string(), name: z.string(), admin: z.boolean() })),
});
export type TeamRow = z.infer<typeof teamRow>;

/** A user by username, or null when Cway knows no such (active) user. */
export async function findUser(ctx: CapabilityContext, name: string): Promise<UserRow | null> {
  try {
    const data = await ctx.cway.request(UserByName, { username: name }, { signal: ctx.signal });
    const u = data.getUser;
    if (!u) return null;
    return {
      id: u.id,
      username: u.username,
      email: u.email,
      name: u.name,
      enabled: u.enabled,
      permissionGroupId: u.permissionGroupId ?? null,
    };
  } catch (err) {
    if (err instanceof CapabilityError && err.code === 'not_found') return null;
    throw err;
  }
}

/** A user by username, or not_found naming the input field. */
export async function requireUser(ctx: CapabilityContext, name: string, field: string): Promise<UserRow> {
  const u = await findUser(ctx, name);
  if (!u) {
    throw new CapabilityError('not_found', `No Cway user with username "${name}".`, {
      field,
      hint: 'Usernames are usually e-mail addresses; use search_users to find the exact one.',
    });
  }
  return u;
}

/** The caller and whether they may administer users (the gate of the admin-only people writes). */
export async function whoAmI(ctx: CapabilityContext): Promise<{ id: string; username: string; admin: boolean }> {
  const data = await ctx.cway.request(Gates, {}, { signal: ctx.signal });
  const info = data.loginInfo;
  if (!info) throw new CapabilityError('unauthorized', 'Cway does not know the caller.');
  const p = info.permissions;
  return {
    id: info.user.id,
    username: info.user.username,
    admin: p.userAdministration || p.organisationUserAdministration,
  };
}

/** Refuses early (before any confirmation or partial write) when the caller is no user admin. */
export async function requireUserAdmin(
  ctx: CapabilityContext,
  action: string,
): Promise<{ id: string; username: string }> {
  const me = await whoAmI(ctx);
  if (!me.admin) {
    throw new CapabilityError('forbidden', `Only a Cway user administrator may ${action}.`, {
      hint: 'Ask an administrator of the organisation to do this.',
    });
  }
  return me;
}

/** Resolves a permission group given by id or by name (case-insensitive). Admin only in Cway. */
export async function resolvePermissionGroup(
  ctx: CapabilityContext,
  idOrName: string,
  field: string,
): Promise<{ id: string; name: string }> {
  const data = await ctx.cway.request(PermissionGroups, {}, { signal: ctx.signal });
  const groups = data.getPermissionGroups;
  const wanted = idOrName.trim().toLowerCase();
  const hit = groups.find((g) => g.id.toLowerCase() === wanted) ?? groups.find((g) => g.name.toLowerCase() === wanted);
  if (!hit) {
    throw new CapabilityError('not_found', `No permission group "${idOrName}".`, {
      field,
      candidates: groups.map((g) => g.name),
      hint: 'Use one of the candidate names (or its id).',
    });
  }
  return { id: hit.id, name: hit.name };
}

/** Every team of the caller's organisation. */
export async function listTeams(ctx: CapabilityContext): Promise<TeamRow[]> {
  const data = await ctx.cway.request(Teams, {}, { signal: ctx.signal });
  return readFragment(TeamFields, data.organisation?.teams ?? []).map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    approvalMode: t.approvalMode ?? 'ALL_REQUIRED',
    members: t.users.map((m) => ({ username: m.user.username, name: m.user.name, admin: m.admin })),
  }));
}

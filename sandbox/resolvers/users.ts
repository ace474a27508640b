/** Who am I, the organisation, user and team lookups, and user administration. */
import type { Ctx } from './context.js';
import {
  displayName,
  me,
  nonBlank,
  paging,
  record,
  requirePermission,
  requireUserById,
  requireUserByName,
} from './context.js';
import type { TeamRow, UserRow } from '../store/types.js';
import { DEFAULT_ROLE_ID } from '../permissions.js';
import { badInput, conflict, notFound } from '../errors.js';

type Paging = { page: number; pageSize: number } | null;

const EMAIL_RE = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
export const isEmail = (s: string) => EMAIL_RE.test(s);

/** Case-insensitive substring of the username or the full name; a blank search matches everyone. */
function matchUsers(ctx: Ctx, search: string | null | undefined): UserRow[] {
  const q = search?.trim().toLowerCase();
  return ctx.store.users
    .active()
    .filter((u) => !q || u.username.toLowerCase().includes(q) || displayName(u).toLowerCase().includes(q));
}

function checkOrganisation(ctx: Ctx, organisationId: string | null | undefined): void {
  if (organisationId && organisationId !== ctx.store.users.organisation().id)
    throw notFound(`Organisation ${organisationId} not found`);
}

/** "nina.berg@x.example" → Nina, Berg. */
function namesFromEmail(email: string): { firstName: string; lastName: string } {
  const parts = email
    .split('@')[0]
    .split(/[._-]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1));
  return { firstName: parts[0] ?? email, lastName: parts.slice(1).join(' ') };
}

const ROLE_OF_GROUP: Record<number, string> = { 1: 'admin', 2: 'project_manager', 3: 'orderer', 4: 'limited' };

export const userQueries = {
  loginInfo: (_: unknown, __: unknown, ctx: Ctx) => {
    const org = ctx.store.users.organisation();
    return {
      user: me(ctx),
      organisationMemberships: [
        { organisationId: org.id, name: org.name, permissionGroupId: me(ctx).permissionGroupId },
      ],
      currentOrganisation: org,
      permissions: ctx.viewer.perms,
    };
  },

  organisation: (_: unknown, args: { id?: string | null }, ctx: Ctx) => {
    const org = ctx.store.users.organisation();
    return !args.id || args.id === org.id ? org : null;
  },

  getUser: (_: unknown, args: { username?: string | null }, ctx: Ctx) =>
    args.username ? (ctx.store.users.byUsername(args.username) ?? null) : null,

  findUsers: (_: unknown, args: { username?: string | null }, ctx: Ctx) => {
    requirePermission(ctx, 'canSearchUsers', 'search users');
    return matchUsers(ctx, args.username);
  },

  findUsersPage: (_: unknown, args: { username?: string | null; paging?: Paging }, ctx: Ctx) => {
    requirePermission(ctx, 'canSearchUsers', 'search users');
    const { page, offset, limit } = paging(args.paging);
    const all = matchUsers(ctx, args.username);
    return { users: all.slice(offset, offset + limit), page, totalHits: all.length };
  },

  findUsersAndTeamsPage: (_: unknown, args: { search?: string | null; paging?: Paging }, ctx: Ctx) => {
    requirePermission(ctx, 'canSearchUsers', 'search users');
    const { page, offset, limit } = paging(args.paging);
    const q = args.search?.trim().toLowerCase();
    const teams = ctx.store.users.teams().filter((t) => !q || t.name.toLowerCase().includes(q));
    const all: Array<UserRow | TeamRow> = [...matchUsers(ctx, args.search), ...teams];
    return { usersOrTeams: all.slice(offset, offset + limit), page, totalHits: all.length };
  },

  getPermissionGroups: (_: unknown, __: unknown, ctx: Ctx) => {
    requirePermission(ctx, 'userAdministration', 'list permission groups');
    return ctx.store.users.groups();
  },
};

function changeUsers(ctx: Ctx, fn: () => void): boolean {
  fn();
  ctx.store.users.invalidate();
  return true;
}

export const userMutations = {
  createUser: (
    _: unknown,
    { input }: { input: { organisationId?: string | null; username: string; roleId?: number | null } },
    ctx: Ctx,
  ) => {
    requirePermission(ctx, 'userAdministration', 'create users');
    checkOrganisation(ctx, input.organisationId);
    const username = input.username.trim().toLowerCase();
    if (!isEmail(username)) throw badInput(`username must be an e-mail address, got "${input.username}"`);
    if (ctx.store.get('SELECT 1 FROM users WHERE username = ? COLLATE NOCASE', [username]))
      throw conflict(`User ${username} already exists`);
    const roleId = input.roleId ?? DEFAULT_ROLE_ID;
    const group = ctx.store.users.groups().find((g) => g.roleId === roleId);
    if (!group)
      throw badInput(`Unknown roleId ${roleId}; use 1 (Admin), 2 (Project manager), 3 (Standard) or 4 (Limited)`);
    const now = ctx.now();
    return changeUsers(ctx, () =>
      ctx.store.insert('users', {
        id: ctx.store.newId(),
        username,
        email: username,
        ...namesFromEmail(username),
        permissionGroupId: group.id,
        role: ROLE_OF_GROUP[roleId],
        createdAt: now,
        addedAt: now,
        addedBy: me(ctx).id,
      }),
    );
  },

  setUserRealName: (
    _: unknown,
    args: { username: string; firstName?: string | null; lastName?: string | null },
    ctx: Ctx,
  ) => {
    requirePermission(ctx, 'userAdministration', "change users' names");
    const u = requireUserByName(ctx, args.username);
    const patch: Partial<UserRow> = {};
    if (args.firstName != null) patch.firstName = args.firstName.trim();
    if (args.lastName != null) patch.lastName = args.lastName.trim();
    return changeUsers(ctx, () => ctx.store.update('users', { id: u.id }, patch));
  },

  setPermissionGroupForUsers: (
    _: unknown,
    args: { usernames: string[]; organisationId?: string | null; permissionGroupId: string },
    ctx: Ctx,
  ) => {
    requirePermission(ctx, 'userAdministration', 'change permission groups');
    checkOrganisation(ctx, args.organisationId);
    const group = ctx.store.users.group(args.permissionGroupId);
    if (!group) throw notFound(`Permission group ${args.permissionGroupId} not found`);
    const users = args.usernames.map((u) => requireUserByName(ctx, u));
    const changed = new Set(users.map((u) => u.id));
    const adminsLeft = ctx.store.users
      .active()
      .filter((u) =>
        changed.has(u.id)
          ? group.permissions.userAdministration
          : ctx.store.users.group(u.permissionGroupId)?.permissions.userAdministration,
      );
    if (adminsLeft.length === 0) throw conflict('The organisation would be left without an administrator');
    return changeUsers(ctx, () =>
      users.forEach((u) => ctx.store.update('users', { id: u.id }, { permissionGroupId: group.id })),
    );
  },

  deleteUsers: (_: unknown, args: { usernames: string[]; organisationId?: string | null }, ctx: Ctx) => {
    requirePermission(ctx, 'userAdministration', 'delete users');
    checkOrganisation(ctx, args.organisationId);
    const users = args.usernames.map((u) => requireUserByName(ctx, u));
    if (users.some((u) => u.id === me(ctx).id)) throw conflict('You cannot delete yourself');
    return changeUsers(ctx, () => {
      for (const u of users) {
        for (const a of ctx.store.all<{ artworkId: string; projectId: string }>(
          'SELECT artworkId, projectId FROM artworkUsers WHERE userId = ?',
          [u.id],
        )) {
          record(ctx, {
            ...a,
            kind: 'users.assigned',
            name: 'User removed',
            description: `${displayName(me(ctx))} deleted the user ${u.username}, who is no longer assigned`,
          });
        }
        ctx.store.run('DELETE FROM artworkUsers WHERE userId = ?', [u.id]);
        ctx.store.run('DELETE FROM teamMembers WHERE userId = ?', [u.id]);
        ctx.store.run('DELETE FROM teamApprovals WHERE userId = ?', [u.id]);
        ctx.store.update('users', { id: u.id }, { deleted: 1, enabled: 0, token: null });
      }
    });
  },

  createUserTeam: (
    _: unknown,
    args: {
      teamId?: string | null;
      name: string;
      description: string;
      approvalMode?: 'ALL_REQUIRED' | 'ANY_MEMBER' | null;
    },
    ctx: Ctx,
  ) => {
    requirePermission(ctx, 'userAdministration', 'create teams');
    const id = args.teamId ?? ctx.store.newId();
    if (ctx.store.users.team(id)) throw conflict(`A team with id ${id} already exists`);
    const name = nonBlank(args.name, 'name');
    return changeUsers(ctx, () =>
      ctx.store.insert('teams', { id, name, description: args.description, approvalMode: args.approvalMode ?? null }),
    );
  },

  addUsersToTeam: (
    _: unknown,
    args: { teamId: string; users: Array<{ userId: string; admin?: boolean | null }> },
    ctx: Ctx,
  ) => {
    requirePermission(ctx, 'userAdministration', 'change teams');
    const team = ctx.store.users.team(args.teamId);
    if (!team) throw notFound(`Team ${args.teamId} not found`);
    if (args.users.length === 0) throw badInput('users must not be empty');
    const members = args.users.map((u) => ({ user: requireUserById(ctx, u.userId), admin: !!u.admin }));
    return changeUsers(ctx, () => {
      for (const m of members) {
        ctx.store.run(
          'INSERT INTO teamMembers (teamId, userId, admin) VALUES (?, ?, ?) ON CONFLICT (teamId, userId) DO UPDATE SET admin = excluded.admin',
          [team.id, m.user.id, m.admin ? 1 : 0],
        );
      }
    });
  },
};

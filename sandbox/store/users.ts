/** Users, permission groups, teams and the organisation. Small tables: cached until a write. */
import type { Store } from '../store.js';
import type { OrganisationRow, PermissionGroupRow, TeamMemberRow, TeamRow, UserRow } from './types.js';

interface Cache {
  users: Map<string, UserRow>;
  groups: PermissionGroupRow[];
  teams: TeamRow[];
  members: TeamMemberRow[];
}

export class UsersRepo {
  private cache: Cache | undefined;
  constructor(private readonly store: Store) {}

  /** Call after any write to users, groups, teams or team members. */
  invalidate(): void {
    this.cache = undefined;
  }

  private load(): Cache {
    if (!this.cache) {
      const s = this.store;
      const users = s.all<UserRow>('SELECT * FROM users ORDER BY username');
      const groups = s
        .all<Omit<PermissionGroupRow, 'permissions'> & { permissions: string }>(
          'SELECT * FROM permissionGroups ORDER BY roleId',
        )
        .map((g) => ({ ...g, permissions: JSON.parse(g.permissions) }));
      this.cache = {
        users: new Map(users.map((u) => [u.id, u])),
        groups,
        teams: s.all<TeamRow>('SELECT * FROM teams ORDER BY name, id'),
        members: s.all<TeamMemberRow>(
          'SELECT m.* FROM teamMembers m JOIN users u ON u.id = m.userId ORDER BY u.username',
        ),
      };
    }
    return this.cache;
  }

  organisation(): OrganisationRow {
    return this.store.get<OrganisationRow>('SELECT * FROM organisation')!;
  }

  /** Active (not deleted) users ordered by username. */
  active(): UserRow[] {
    return [...this.load().users.values()].filter((u) => !u.deleted);
  }

  /** Any user by id, deleted ones included (they still appear as authors and orderers). */
  byId(id: string): UserRow | undefined {
    return this.load().users.get(id);
  }

  /** An active user by username (case-insensitive). */
  byUsername(username: string): UserRow | undefined {
    const wanted = username.toLowerCase();
    return this.active().find((u) => u.username.toLowerCase() === wanted);
  }

  /** The active, enabled user owning a bearer token. */
  byToken(token: string): UserRow | undefined {
    return this.active().find((u) => u.token === token && u.enabled);
  }

  groups(): PermissionGroupRow[] {
    return this.load().groups;
  }

  group(id: string): PermissionGroupRow | undefined {
    return this.load().groups.find((g) => g.id === id);
  }

  teams(): TeamRow[] {
    return this.load().teams;
  }

  team(id: string): TeamRow | undefined {
    return this.load().teams.find((t) => t.id === id);
  }

  /** Members of a team (active users only). */
  members(teamId: string): TeamMemberRow[] {
    return this.load().members.filter((m) => m.teamId === teamId && !this.byId(m.userId)?.deleted);
  }

  /** Ids of the teams a user belongs to. */
  teamIdsOf(userId: string): string[] {
    return this.load()
      .members.filter((m) => m.userId === userId)
      .map((m) => m.teamId);
  }
}

/**
 * Who is involved in a project, derived from one `project(id)` read (Cway has no member list):
 * the orderer, the project manager, and per artwork the assigned users and teams with their
 * approver / supplier / receiver flags. People are deduplicated by user id; a team member counts
 * in the team's roles too. Pure: no I/O.
 */
import { z } from 'zod';

export const ROLES = ['orderer', 'project_manager', 'approver', 'supplier', 'receiver'] as const;
export type Role = (typeof ROLES)[number];
type ArtworkRole = 'approver' | 'supplier' | 'receiver';

interface UserRef {
  id: string;
  username: string;
  name: string;
}
interface Flags {
  isApprover: boolean;
  isSupplier: boolean;
  isReceiver: boolean;
}
export interface PeopleSource {
  orderer: UserRef;
  projectManager: UserRef | null | undefined;
  artworks: {
    id: string;
    users: (Flags & { userId: string; username: string; name: string })[];
    teams: (Flags & { sourceTeamId: string; name: string; approvalMode: string; members: { user: UserRef }[] })[];
  }[];
}

export const personOutput = z.object({
  userId: z.string(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)).describe('Held directly or through a team.'),
  approverOn: z.number().int().describe('Artworks they approve.'),
  supplierOn: z.number().int().describe('Artworks they supply files for.'),
  receiverOn: z.number().int().describe('Artworks they receive.'),
  teams: z.array(z.string()).describe('Assigned teams they belong to.'),
});

export const teamOutput = z.object({
  teamId: z.string(),
  name: z.string(),
  roles: z.array(z.enum(['approver', 'supplier', 'receiver'])),
  approvalMode: z.string().describe('ALL_REQUIRED or ANY_MEMBER'),
  artworks: z.number().int(),
  members: z.array(z.string()).describe('Usernames.'),
});

export type Person = z.infer<typeof personOutput>;
export type TeamInvolvement = z.infer<typeof teamOutput>;

const rolesOf = (f: Flags): ArtworkRole[] =>
  [f.isApprover && 'approver', f.isSupplier && 'supplier', f.isReceiver && 'receiver'].filter(
    (r): r is ArtworkRole => r !== false,
  );

interface Acc {
  ref: UserRef;
  direct: Set<Role>;
  on: Record<ArtworkRole, Set<string>>;
  teams: Set<string>;
}

export function derivePeople(src: PeopleSource): { people: Person[]; teams: TeamInvolvement[] } {
  const people = new Map<string, Acc>();
  const touch = (ref: UserRef): Acc => {
    let p = people.get(ref.id);
    if (!p) {
      p = {
        ref,
        direct: new Set(),
        on: { approver: new Set(), supplier: new Set(), receiver: new Set() },
        teams: new Set(),
      };
      people.set(ref.id, p);
    }
    return p;
  };
  touch(src.orderer).direct.add('orderer');
  if (src.projectManager) touch(src.projectManager).direct.add('project_manager');

  const teams = new Map<
    string,
    { name: string; approvalMode: string; roles: Set<ArtworkRole>; artworks: Set<string>; members: Map<string, string> }
  >();
  for (const artwork of src.artworks) {
    for (const u of artwork.users) {
      const p = touch({ id: u.userId, username: u.username, name: u.name });
      for (const role of rolesOf(u)) p.on[role].add(artwork.id);
    }
    for (const t of artwork.teams) {
      const roles = rolesOf(t);
      let team = teams.get(t.sourceTeamId);
      if (!team) {
        team = {
          name: t.name,
          approvalMode: t.approvalMode,
          roles: new Set(),
          artworks: new Set(),
          members: new Map(),
        };
        teams.set(t.sourceTeamId, team);
      }
      team.artworks.add(artwork.id);
      for (const role of roles) team.roles.add(role);
      for (const m of t.members) {
        team.members.set(m.user.id, m.user.username);
        const p = touch(m.user);
        p.teams.add(t.name);
        for (const role of roles) p.on[role].add(artwork.id);
      }
    }
  }

  const rank = (p: Acc) => (p.direct.has('orderer') || p.direct.has('project_manager') ? 0 : 1);
  const total = (p: Acc) => p.on.approver.size + p.on.supplier.size + p.on.receiver.size;
  const sorted = [...people.values()].sort(
    (a, b) => rank(a) - rank(b) || total(b) - total(a) || a.ref.username.localeCompare(b.ref.username),
  );
  return {
    people: sorted.map((p) => ({
      userId: p.ref.id,
      username: p.ref.username,
      name: p.ref.name,
      roles: ROLES.filter((r) => p.direct.has(r) || (r in p.on && p.on[r as ArtworkRole].size > 0)),
      approverOn: p.on.approver.size,
      supplierOn: p.on.supplier.size,
      receiverOn: p.on.receiver.size,
      teams: [...p.teams].sort(),
    })),
    teams: [...teams.entries()]
      .map(([teamId, t]) => ({
        teamId,
        name: t.name,
        roles: (['approver', 'supplier', 'receiver'] as const).filter((r) => t.roles.has(r)),
        approvalMode: t.approvalMode,
        artworks: t.artworks.size,
        members: [...t.members.values()].sort(),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

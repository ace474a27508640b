import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability, type CapabilityContext } from '../define.js';
import { artworkIdsInput, byProject, label, loadGates, readGate, runInOrder, type Gate } from './load.js';
import { mapLimit } from '../shared.js';

const FindUser = graphql(`
  query AssigneeByUsername($username: String, $paging: Paging) {
    getUser(username: $username) {
      id
      username
    }
    findUsersPage(username: $username, paging: $paging) {
      users {
        username
      }
    }
  }
`);

const Teams = graphql(`
  query AssignableTeams {
    organisation {
      teams {
        id
        name
      }
    }
  }
`);

const AssignUsers = graphql(`
  mutation AssignUsersToArtworks($input: UserAssignmentsInput!) {
    assignUsersToArtworks(input: $input)
  }
`);

const AttachTeam = graphql(`
  mutation AttachTeamToArtwork(
    $artworkId: UUID!
    $teamId: UUID!
    $assignments: [TeamAssignmentType!]!
    $approvalMode: ApprovalMode
  ) {
    attachTeamToArtwork(artworkId: $artworkId, teamId: $teamId, assignments: $assignments, approvalMode: $approvalMode)
  }
`);

const KEEP = 'LEAVE_UNCHANGED' as const;

const action = z
  .enum(['ASSIGN', 'UN_ASSIGN'])
  .optional()
  .describe('ASSIGN or UN_ASSIGN; leave out to keep this role as it is.');

const input = z.object({
  artworkIds: artworkIdsInput,
  users: z
    .array(
      z.object({
        username: z.string().min(1).max(200).describe('Cway username (often the e-mail address).'),
        approver: action,
        supplier: action,
        receiver: action,
      }),
    )
    .max(20)
    .optional()
    .describe('People and what to change for each.'),
  teams: z
    .array(
      z.object({
        team: z.string().min(1).max(200).describe('Team name or id.'),
        roles: z
          .array(z.enum(['APPROVER', 'SUPPLIER', 'RECEIVER']))
          .min(1)
          .describe("The team's roles on the artworks; replaces the roles it had."),
        approvalMode: z
          .enum(['ALL_REQUIRED', 'ANY_MEMBER'])
          .optional()
          .describe("As approver: every member must approve, or any one member is enough (default: the team's own)."),
      }),
    )
    .max(10)
    .optional()
    .describe('Teams to attach.'),
});

const peopleRow = z.object({
  id: z.string(),
  name: z.string(),
  approvers: z.array(z.string()),
  suppliers: z.array(z.string()),
  receivers: z.array(z.string()),
  teams: z.array(z.object({ name: z.string(), roles: z.array(z.string()) })),
});

async function resolveUser(ctx: CapabilityContext, username: string): Promise<string> {
  const data = await ctx.cway
    .request(FindUser, { username, paging: { page: 0, pageSize: 10 } }, { signal: ctx.signal })
    .catch((err) => {
      // findUsersPage needs the search permission; a lookup by exact name does not.
      if (err instanceof CapabilityError && err.code === 'forbidden') return undefined;
      throw err;
    });
  if (data?.getUser) return data.getUser.id;
  throw new CapabilityError('not_found', `No Cway user with username "${username}".`, {
    field: 'users',
    candidates: data?.findUsersPage.users.map((u) => u.username) ?? [],
    hint: 'Use the exact username (often the e-mail address); search people with the users tools.',
  });
}

function resolveTeam(all: readonly { id: string; name: string }[], wanted: string): { id: string; name: string } {
  const byId = all.find((t) => t.id === wanted);
  if (byId) return byId;
  const key = wanted.toLowerCase();
  const named = all.filter((t) => t.name.toLowerCase() === key);
  const show = (ts: readonly { id: string; name: string }[]) => ts.slice(0, 10).map((t) => `${t.name} (${t.id})`);
  if (named.length === 1) return named[0]!;
  if (named.length > 1) {
    throw new CapabilityError('ambiguous', `Several teams are named "${wanted}".`, {
      field: 'teams',
      candidates: show(named),
    });
  }
  const near = all.filter((t) => t.name.toLowerCase().includes(key));
  throw new CapabilityError('not_found', `No team "${wanted}".`, {
    field: 'teams',
    candidates: show(near.length ? near : all),
  });
}

function people(a: Gate): z.infer<typeof peopleRow> {
  const roles = (t: Gate['teams'][number]) =>
    [t.isApprover && 'approver', t.isSupplier && 'supplier', t.isReceiver && 'receiver'].filter(
      (r): r is string => !!r,
    );
  return {
    id: a.id,
    name: a.name,
    approvers: a.approvers.map((u) => u.username),
    suppliers: a.suppliers.map((u) => u.username),
    receivers: a.receivers.map((u) => u.username),
    teams: a.teams.map((t) => ({ name: t.name, roles: roles(t) })),
  };
}

export default defineCapability({
  name: 'assign_artwork_people',
  title: 'Assign approvers, suppliers, receivers',
  description:
    'Assign or unassign people (by username) and teams as approver, supplier or receiver on artworks. Returns who is on each artwork.',
  toolset: 'artworks',
  input,
  output: z.object({ artworks: z.array(peopleRow) }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/assign' },
  handler: async ({ artworkIds, users = [], teams = [] }, ctx) => {
    if (users.length === 0 && teams.length === 0) {
      throw new CapabilityError('invalid_input', 'Name at least one user or team to assign.', { field: 'users' });
    }
    const artworks = await loadGates(ctx, artworkIds);
    const refused = artworks.filter((a) => !a.artworkPermissions.canManageUsers);
    if (refused.length) {
      throw new CapabilityError(
        'forbidden',
        `You may not manage the people of ${refused.map(label).join(', ')}; its project manager can.`,
      );
    }
    const userIds = await mapLimit(users, 4, (u) => resolveUser(ctx, u.username));
    const allTeams = teams.length
      ? ((await ctx.cway.request(Teams, {}, { signal: ctx.signal })).organisation?.teams ?? [])
      : [];
    const teamIds = teams.map((t) => resolveTeam(allTeams, t.team));

    if (users.length) {
      const assignments = users.map((u, i) => ({
        userId: userIds[i]!,
        approver: u.approver ?? KEEP,
        supplier: u.supplier ?? KEEP,
        receiver: u.receiver ?? KEEP,
      }));
      await runInOrder(
        [...byProject(artworks).values()],
        (group) => group.map(label).join(', '),
        (group) =>
          ctx.cway.request(
            AssignUsers,
            { input: { projectId: group[0]!.projectId, artworkIds: group.map((a) => a.id), assignments } },
            { signal: ctx.signal },
          ),
      );
    }
    const attachments = artworks.flatMap((a) => teams.map((t, i) => ({ a, t, team: teamIds[i]! })));
    await runInOrder(
      attachments,
      (x) => `team ${x.team.name} on ${label(x.a)}`,
      (x) =>
        ctx.cway.request(
          AttachTeam,
          { artworkId: x.a.id, teamId: x.team.id, assignments: x.t.roles, approvalMode: x.t.approvalMode },
          { signal: ctx.signal },
        ),
    );
    const after = await mapLimit(artworks, 4, async (a) => (await readGate(ctx, a.id)) ?? a);
    return { artworks: after.map(people) };
  },
});

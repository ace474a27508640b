import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { listTeams, requireUser, teamRow, username } from './people.js';
import { mapLimit, plainText } from '../shared.js';

const CreateTeam = graphql(`
  mutation PeopleCreateTeam($teamId: UUID, $name: String!, $description: String!, $approvalMode: ApprovalMode) {
    createUserTeam(teamId: $teamId, name: $name, description: $description, approvalMode: $approvalMode)
  }
`);
const AddMembers = graphql(`
  mutation PeopleCreateTeamMembers($teamId: UUID!, $users: [TeamUserInput!]!) {
    addUsersToTeam(teamId: $teamId, users: $users)
  }
`);

export const memberInput = z.object({
  username: username('Member'),
  admin: z.boolean().default(false).describe('Team admin (may manage the team). Default false.'),
});

export default defineCapability({
  name: 'create_team',
  title: 'Create team',
  description:
    'Admin: create a team with approval mode (ALL_REQUIRED or ANY_MEMBER) and optional members. Returns the team.',
  toolset: 'users',
  input: z.object({
    name: plainText('Team name').trim().min(1).max(200).describe('Team name (unique in the organisation).'),
    description: plainText('Description', { multiline: true }).max(2000).default('').describe('What the team is for.'),
    approvalMode: z
      .enum(['ALL_REQUIRED', 'ANY_MEMBER'])
      .default('ALL_REQUIRED')
      .describe('How the team approves. Default ALL_REQUIRED.'),
    members: z.array(memberInput).max(100).optional().describe('First members.'),
  }),
  output: z.object({
    team: teamRow,
    warnings: z.array(z.string()).describe('Set when members could not be added after creating the team.'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  rest: { method: 'POST', path: '/api/teams' },
  handler: async (args, ctx) => {
    const teams = await listTeams(ctx);
    const clash = teams.find((t) => t.name.trim().toLowerCase() === args.name.toLowerCase());
    if (clash) {
      throw new CapabilityError('conflict', `A team named "${clash.name}" already exists (id ${clash.id}).`, {
        field: 'name',
        hint: 'Add members to it with add_team_members, or choose another name.',
      });
    }
    const members = args.members ?? [];
    const users = await mapLimit(members, 4, (m, i) => requireUser(ctx, m.username, `members[${i}].username`));
    const teamId = randomUUID();
    await ctx.cway.request(
      CreateTeam,
      { teamId, name: args.name, description: args.description, approvalMode: args.approvalMode },
      { signal: ctx.signal },
    );
    const warnings: string[] = [];
    if (users.length > 0) {
      try {
        await ctx.cway.request(
          AddMembers,
          { teamId, users: users.map((u, i) => ({ userId: u.id, admin: members[i]!.admin })) },
          { signal: ctx.signal },
        );
      } catch (err) {
        warnings.push(`Team created, members not added: ${(err as Error).message}`);
      }
    }
    const team = (await listTeams(ctx)).find((t) => t.id === teamId);
    if (!team) {
      throw new CapabilityError('upstream_unavailable', `Cway accepted team ${teamId} but does not list it yet.`, {
        hint: 'Do not create it again; check the teams in a moment.',
      });
    }
    return { team, warnings };
  },
});

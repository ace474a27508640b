import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { mapLimit, uuid } from '../shared.js';
import { memberInput } from './create-team.js';
import { listTeams, requireUser, teamRow } from './people.js';

const AddMembers = graphql(`
  mutation PeopleAddTeamMembers($teamId: UUID!, $users: [TeamUserInput!]!) {
    addUsersToTeam(teamId: $teamId, users: $users)
  }
`);

export default defineCapability({
  name: 'add_team_members',
  title: 'Add team members',
  description: 'Admin: add users to a team, optionally as team admins. Returns the team.',
  toolset: 'users',
  input: z.object({
    teamId: uuid('Team id'),
    members: z.array(memberInput).min(1).max(100).describe('Users to add, 1-100.'),
  }),
  output: z.object({ team: teamRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/teams/{teamId}/members' },
  handler: async ({ teamId, members }, ctx) => {
    const teams = await listTeams(ctx);
    const team = teams.find((t) => t.id.toLowerCase() === teamId.toLowerCase());
    if (!team) {
      throw new CapabilityError('not_found', `No team ${teamId}.`, {
        field: 'teamId',
        candidates: teams.slice(0, 20).map((t) => `${t.name} (${t.id})`),
        hint: 'Use one of the candidate team ids.',
      });
    }
    const users = await mapLimit(members, 4, (m, i) => requireUser(ctx, m.username, `members[${i}].username`));
    await ctx.cway.request(
      AddMembers,
      { teamId: team.id, users: users.map((u, i) => ({ userId: u.id, admin: members[i]!.admin })) },
      { signal: ctx.signal },
    );
    return { team: (await listTeams(ctx)).find((t) => t.id === team.id) ?? team };
  },
});

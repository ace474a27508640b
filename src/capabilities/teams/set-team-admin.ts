import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { requireUser, teamRow, username } from '../users/people.js';
import { requireMember, requireTeam, rereadTeam } from './team.js';

const SetAdmin = graphql(`
  mutation TeamsSetAdmin($teamId: UUID!, $userId: UUID!, $admin: Boolean!) {
    setUserAsTeamAdmin(teamId: $teamId, userId: $userId, admin: $admin)
  }
`);

export default defineCapability({
  name: 'set_team_admin',
  title: 'Set team admin',
  description: 'Admin only. Make a team member a team admin (true) or not (false). Returns the team.',
  toolset: 'users',
  input: z.object({
    teamId: uuid('Team id'),
    username: username('Member'),
    admin: z.boolean().describe('true = team admin, false = ordinary member.'),
  }),
  output: z.object({ team: teamRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/teams/{teamId}/admins' },
  handler: async (input, ctx) => {
    const team = await requireTeam(ctx, input.teamId);
    requireMember(team, input.username, 'username');
    const user = await requireUser(ctx, input.username, 'username');
    await ctx.cway.request(
      SetAdmin,
      { teamId: team.id, userId: user.id, admin: input.admin },
      { signal: ctx.signal, verify: 'list_teams' },
    );
    return { team: (await rereadTeam(ctx, team.id)) ?? team };
  },
});

import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { mapLimit, uuid } from '../shared.js';
import { requireUser, teamRow, username } from '../users/people.js';
import { requireMember, requireTeam, rereadTeam } from './team.js';

const RemoveMembers = graphql(`
  mutation TeamsRemoveMembers($teamId: UUID!, $userIds: [UUID!]!) {
    removeUsersFromTeam(teamId: $teamId, userIds: $userIds)
  }
`);

export default defineCapability({
  name: 'remove_team_members',
  title: 'Remove team members',
  description:
    "Admin only. Take users out of a team (their undecided team approvals go too). Returns the team's members.",
  toolset: 'users',
  input: z.object({
    teamId: uuid('Team id'),
    usernames: z.array(username('Member')).min(1).max(100).describe('Members to remove, 1-100.'),
  }),
  output: z.object({ team: teamRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/teams/{teamId}/members/remove' },
  handler: async ({ teamId, usernames }, ctx) => {
    const team = await requireTeam(ctx, teamId);
    usernames.forEach((u, i) => requireMember(team, u, `usernames[${i}]`));
    const users = await mapLimit(usernames, 4, (u, i) => requireUser(ctx, u, `usernames[${i}]`));
    await ctx.cway.request(
      RemoveMembers,
      { teamId: team.id, userIds: [...new Set(users.map((u) => u.id))] },
      { signal: ctx.signal, verify: 'list_teams' },
    );
    return { team: (await rereadTeam(ctx, team.id)) ?? team };
  },
});

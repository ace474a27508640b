import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { teamRow } from '../users/people.js';
import { requireTeam, rereadTeam } from './team.js';

const SetMode = graphql(`
  mutation TeamsSetApprovalMode($teamId: UUID!, $approvalMode: ApprovalMode!) {
    changeUserTeamApprovalMode(teamId: $teamId, approvalMode: $approvalMode)
  }
`);

export default defineCapability({
  name: 'set_team_approval_mode',
  title: 'Set team approval mode',
  description:
    'Admin only. How a team approves: ALL_REQUIRED (every member) or ANY_MEMBER (one is enough). Returns the team.',
  toolset: 'users',
  input: z.object({
    teamId: uuid('Team id'),
    approvalMode: z.enum(['ALL_REQUIRED', 'ANY_MEMBER']),
  }),
  output: z.object({ team: teamRow }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/teams/{teamId}/approval-mode' },
  handler: async ({ teamId, approvalMode }, ctx) => {
    const team = await requireTeam(ctx, teamId);
    await ctx.cway.request(SetMode, { teamId: team.id, approvalMode }, { signal: ctx.signal, verify: 'list_teams' });
    return { team: (await rereadTeam(ctx, team.id)) ?? team };
  },
});

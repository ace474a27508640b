import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { listTeams } from '../users/people.js';
import { requireTeam } from './team.js';

const DeleteTeams = graphql(`
  mutation TeamsDelete($teamIds: [UUID!]!) {
    deleteUserTeams(teamIds: $teamIds)
  }
`);

export default defineCapability({
  name: 'delete_teams',
  title: 'Delete teams',
  description: 'Admin only. Delete teams; they are taken off every artwork too. Asks for confirmation first.',
  toolset: 'users',
  input: z.object({
    teamIds: z.array(uuid('Team id')).min(1).max(20).describe('Teams to delete, 1-20.'),
    ...confirmationInput,
  }),
  output: z.object({
    ...confirmationOutput,
    deleted: z.array(z.string()).optional().describe('Team ids gone after the call (when done).'),
    notDeleted: z.array(z.string()).optional().describe('Team ids still present after the call (when done).'),
  }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/teams/delete' },
  handler: async ({ teamIds, confirmationToken }, ctx) => {
    const teams = [];
    for (const [i, id] of [...new Set(teamIds)].entries()) teams.push(await requireTeam(ctx, id, `teamIds[${i}]`));
    const summary = `Delete ${teams.length} team${teams.length === 1 ? '' : 's'}: ${teams
      .map((t) => `"${t.name}" (${t.members.length} members)`)
      .join(', ')}. They are removed from every artwork they are attached to. This cannot be undone.`;
    const pending = await requireConfirmation(
      ctx,
      {
        name: 'delete_teams',
        targets: teams.map((t) => t.id),
        summary,
        preview: teams.map((t) => ({ team: t.name, members: t.members.map((m) => m.username) })),
      },
      confirmationToken,
    );
    if (pending) return { status: 'confirmation_required' as const, confirmation: pending };
    await ctx.cway.request(
      DeleteTeams,
      { teamIds: teams.map((t) => t.id) },
      { signal: ctx.signal, verify: 'list_teams' },
    );
    const left = new Set((await listTeams(ctx)).map((t) => t.id));
    return {
      status: 'done' as const,
      deleted: teams.filter((t) => !left.has(t.id)).map((t) => t.id),
      notDeleted: teams.filter((t) => left.has(t.id)).map((t) => t.id),
    };
  },
});

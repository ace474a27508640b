import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { CapabilityError } from '../../errors.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { loadGates } from '../artworks/load.js';

const Detach = graphql(`
  mutation TeamsDetachFromArtwork($artworkId: UUID!, $teamId: UUID!) {
    removeTeamFromArtwork(artworkId: $artworkId, teamId: $teamId)
  }
`);

const ArtworkTeams = graphql(`
  query TeamsOfArtwork($id: UUID!) {
    artwork(id: $id) {
      id
      name
      teams {
        sourceTeamId
        name
      }
      artworkPermissions {
        canManageUsers
      }
    }
  }
`);

export default defineCapability({
  name: 'detach_team_from_artwork',
  title: 'Detach team from artwork',
  description: "Take a team off an artwork (all its roles, its members' undecided approvals). Returns the teams left.",
  toolset: 'users',
  input: z.object({ artworkId: uuid('Artwork id'), teamId: uuid('Team id (the organisation team)') }),
  output: z.object({
    artworkId: z.string(),
    teams: z.array(z.object({ teamId: z.string(), name: z.string() })).describe('Teams still attached, re-read.'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/{artworkId}/teams/detach' },
  handler: async ({ artworkId, teamId }, ctx) => {
    await loadGates(ctx, [artworkId]);
    const read = async () => (await ctx.cway.request(ArtworkTeams, { id: artworkId }, { signal: ctx.signal })).artwork!;
    const a = await read();
    if (!a.artworkPermissions.canManageUsers)
      throw new CapabilityError('forbidden', `You may not change who works on "${a.name}"; its project manager can.`);
    const team = a.teams.find((t) => t.sourceTeamId.toLowerCase() === teamId.toLowerCase());
    if (!team) {
      throw new CapabilityError('not_found', `No team ${teamId} is attached to "${a.name}".`, {
        field: 'teamId',
        candidates: a.teams.map((t) => `${t.name} (${t.sourceTeamId})`),
        hint: a.teams.length ? 'Use one of the candidate team ids.' : 'The artwork has no teams; nothing to detach.',
      });
    }
    await ctx.cway.request(
      Detach,
      { artworkId: a.id, teamId: team.sourceTeamId },
      { signal: ctx.signal, verify: 'get_artwork (its teams)' },
    );
    const after = await read();
    return { artworkId: a.id, teams: after.teams.map((t) => ({ teamId: t.sourceTeamId, name: t.name })) };
  },
});

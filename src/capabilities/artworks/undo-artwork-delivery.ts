import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { planTransition } from './lifecycle.js';
import { artworkIdsInput, label, reportStates, runInOrder, stateRow } from './load.js';

const Revoke = graphql(`
  mutation RevokeDeliveryOfArtworks($projectId: UUID!, $artworkIds: [UUID!]!) {
    revokeDeliveryOfArtworks(projectId: $projectId, artworkIds: $artworkIds)
  }
`);

export default defineCapability({
  name: 'undo_artwork_delivery',
  title: 'Undo artwork delivery',
  description:
    'Take back the delivery of DELIVERED artworks; they return to BUNDLED. Receivers may already have the files.',
  toolset: 'artworks',
  input: z.object({ artworkIds: artworkIdsInput }),
  output: z.object({ artworks: z.array(stateRow) }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/undo-delivery' },
  handler: async ({ artworkIds }, ctx) => {
    const plan = await planTransition(ctx, artworkIds, {
      verb: 'undo the delivery of',
      from: ['DELIVERED'],
      already: [],
    });
    await runInOrder(
      plan.groups,
      (g) => g.map(label).join(', '),
      (g) =>
        ctx.cway.request(
          Revoke,
          { projectId: g[0]!.projectId, artworkIds: g.map((a) => a.id) },
          { signal: ctx.signal, verify: 'get_artwork (each artwork)' },
        ),
    );
    return { artworks: (await reportStates(ctx, plan.artworks, plan.notes)).rows };
  },
});

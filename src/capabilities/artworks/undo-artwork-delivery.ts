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
    "Take back the delivery of DELIVERED artworks (a delivery mistake): they return to BUNDLED and can be fixed and delivered again. Receivers may already have the files. For the project's manager. Returns each artwork's state before and after.",
  toolset: 'artwork_admin',
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
          { signal: ctx.signal },
        ),
    );
    return { artworks: (await reportStates(ctx, plan.artworks, plan.notes)).rows };
  },
});

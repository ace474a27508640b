import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { plainText } from '../shared.js';
import { planTransition } from './lifecycle.js';
import { artworkIdsInput, label, reportStates, runInOrder, stateRow } from './load.js';

const Bundle = graphql(`
  mutation BundleArtworks($projectId: UUID!, $artworkIds: [UUID!]!) {
    bundleArtworks(projectId: $projectId, artworkIds: $artworkIds)
  }
`);

const Deliver = graphql(`
  mutation DeliverArtworks($projectId: UUID!, $artworkIds: [UUID!]!, $message: String) {
    deliverArtworks(projectId: $projectId, artworkIds: $artworkIds, message: $message)
  }
`);

export default defineCapability({
  name: 'deliver_artworks',
  title: 'Deliver artworks',
  description: 'Deliver APPROVED artworks to their receivers, with an optional message. Returns each new state.',
  toolset: 'artworks',
  input: z.object({
    artworkIds: artworkIdsInput,
    message: plainText('Message', { multiline: true }).max(4000).optional().describe('Message to the receivers.'),
  }),
  output: z.object({ artworks: z.array(stateRow) }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  rest: { method: 'POST', path: '/api/artworks/deliver' },
  handler: async ({ artworkIds, message }, ctx) => {
    const plan = await planTransition(ctx, artworkIds, {
      verb: 'deliver',
      from: ['APPROVED', 'BUNDLED'],
      already: ['DELIVERED', 'SHIPPED'],
    });
    const toBundle = plan.groups.map((g) => g.filter((a) => a.state === 'APPROVED')).filter((g) => g.length > 0);
    await runInOrder(
      toBundle,
      (g) => `bundling ${g.map(label).join(', ')}`,
      (g) =>
        ctx.cway.request(
          Bundle,
          { projectId: g[0]!.projectId, artworkIds: g.map((a) => a.id) },
          { signal: ctx.signal },
        ),
    );
    await runInOrder(
      plan.groups,
      (g) => `delivering ${g.map(label).join(', ')}`,
      (g) =>
        ctx.cway.request(
          Deliver,
          { projectId: g[0]!.projectId, artworkIds: g.map((a) => a.id), message },
          { signal: ctx.signal },
        ),
    );
    return { artworks: (await reportStates(ctx, plan.artworks, plan.notes)).rows };
  },
});

import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { planTransition } from './lifecycle.js';
import { artworkIdsInput, label, reportStates, runInOrder, stateRow } from './load.js';

const Start = graphql(`
  mutation StartArtworks($projectId: UUID!, $artworkIds: [UUID!]!) {
    startArtworks(projectId: $projectId, artworkIds: $artworkIds)
  }
`);

export default defineCapability({
  name: 'start_artworks',
  title: 'Start artworks',
  description: 'Put UNSTARTED artworks that have a first revision up for review. Returns each new state.',
  toolset: 'artworks',
  input: z.object({ artworkIds: artworkIdsInput }),
  output: z.object({ artworks: z.array(stateRow) }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/start' },
  handler: async ({ artworkIds }, ctx) => {
    const plan = await planTransition(ctx, artworkIds, {
      verb: 'start',
      from: ['UNSTARTED'],
      already: ['FOR_REVIEW', 'COMMENTED', 'REJECTED', 'APPROVED', 'BUNDLED', 'SHIPPED', 'DELIVERED'],
      refuse: (a) =>
        a.currentRevision
          ? undefined
          : `${label(a)} has no revision yet (upload one with upload_new_revision, which also starts the review)`,
    });
    await runInOrder(
      plan.groups,
      (g) => g.map(label).join(', '),
      (g) =>
        ctx.cway.request(Start, { projectId: g[0]!.projectId, artworkIds: g.map((a) => a.id) }, { signal: ctx.signal }),
    );
    return { artworks: (await reportStates(ctx, plan.artworks, plan.notes)).rows };
  },
});

import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import { planTransition } from './lifecycle.js';
import { artworkIdsInput, label, reportStates, runInOrder, stateRow } from './load.js';

const Cancel = graphql(`
  mutation CancelArtworks($projectId: UUID!, $artworkIds: [UUID!]!) {
    cancelArtworks(projectId: $projectId, artworkIds: $artworkIds)
  }
`);

export default defineCapability({
  name: 'cancel_artworks',
  title: 'Cancel artworks',
  description:
    'Cancel artworks (CANCELED; they leave progress). First call returns a summary and a confirmation token.',
  toolset: 'artworks',
  input: z.object({ artworkIds: artworkIdsInput, ...confirmationInput }),
  output: z.object({
    ...confirmationOutput,
    artworks: z.array(stateRow).optional().describe('Present when status is "done".'),
  }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/cancel' },
  handler: async ({ artworkIds, confirmationToken }, ctx) => {
    const plan = await planTransition(ctx, artworkIds, {
      verb: 'cancel',
      from: ['UNSTARTED', 'FOR_REVIEW', 'COMMENTED', 'REJECTED', 'APPROVED', 'BUNDLED'],
      already: ['CANCELED'],
    });
    const todo = plan.groups.flat();
    if (todo.length > 0) {
      const pending = await requireConfirmation(
        ctx,
        {
          name: 'cancel_artworks',
          targets: todo.map((a) => a.id),
          summary: `Cancel ${todo.length} artwork${todo.length === 1 ? '' : 's'}: ${todo.map((a) => `"${a.name}" (${a.state}, project "${a.projectName}")`).join(', ')}.`,
          preview: todo.map((a) => ({
            artwork: a.name,
            project: a.projectName,
            state: a.state,
            revision: a.currentRevision?.revisionNo ?? null,
          })),
        },
        confirmationToken,
      );
      if (pending) return { status: 'confirmation_required' as const, confirmation: pending };
    }
    await runInOrder(
      plan.groups,
      (g) => g.map(label).join(', '),
      (g) =>
        ctx.cway.request(
          Cancel,
          { projectId: g[0]!.projectId, artworkIds: g.map((a) => a.id) },
          { signal: ctx.signal },
        ),
    );
    return { status: 'done' as const, artworks: (await reportStates(ctx, plan.artworks, plan.notes)).rows };
  },
});

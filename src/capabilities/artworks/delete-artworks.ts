import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import { artworkIdsInput, label, readGate, runInOrder } from './load.js';
import { planEdit } from './edit.js';
import { mapLimit } from '../shared.js';

const DeleteArtworks = graphql(`
  mutation DeleteArtworks($projectId: UUID!, $artworkIds: [UUID!]!) {
    deleteArtworks(projectId: $projectId, artworkIds: $artworkIds)
  }
`);

export default defineCapability({
  name: 'delete_artworks',
  title: 'Delete artworks',
  description:
    'Permanently delete artworks and their revisions (cancel_artworks keeps them). Asks for confirmation first.',
  toolset: 'artworks',
  input: z.object({ artworkIds: artworkIdsInput, ...confirmationInput }),
  output: z.object({
    ...confirmationOutput,
    deleted: z.array(z.string()).optional().describe('Artwork ids gone after the call (when done).'),
    notDeleted: z.array(z.string()).optional().describe('Artwork ids still there (when done).'),
  }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/artworks/delete' },
  handler: async ({ artworkIds, confirmationToken }, ctx) => {
    const plan = await planEdit(ctx, artworkIds, 'delete');
    const all = plan.artworks;
    const pending = await requireConfirmation(
      ctx,
      {
        name: 'delete_artworks',
        targets: all.map((a) => a.id),
        summary: `Permanently delete ${all.length} artwork${all.length === 1 ? '' : 's'}: ${all
          .map(
            (a) =>
              `"${a.name}" (${a.state}, ${a.currentRevision ? `revision ${a.currentRevision.revisionNo}` : 'no revision'}, project "${a.projectName}")`,
          )
          .join(', ')}. This cannot be undone.`,
        preview: all.map((a) => ({ artwork: a.name, project: a.projectName, state: a.state })),
      },
      confirmationToken,
    );
    if (pending) return { status: 'confirmation_required' as const, confirmation: pending };
    await runInOrder(
      plan.groups,
      (g) => g.map(label).join(', '),
      (g) =>
        ctx.cway.request(
          DeleteArtworks,
          { projectId: g[0]!.projectId, artworkIds: g.map((a) => a.id) },
          { signal: ctx.signal, verify: 'get_project (its artworks)' },
        ),
    );
    const after = await mapLimit(all, 4, (a) => readGate(ctx, a.id));
    return {
      status: 'done' as const,
      deleted: all.filter((_, i) => !after[i]).map((a) => a.id),
      notDeleted: all.filter((_, i) => after[i]).map((a) => a.id),
    };
  },
});

import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { lifecycleProject, readProject, requireManageable, requireProject } from './lifecycle-fragments.js';

const DeliverProject = graphql(`
  mutation DeliverProject($projectId: UUID!) {
    deliverProject(projectId: $projectId)
  }
`);

const ArtworkStates = graphql(`
  query DeliverProjectArtworks($id: UUID!) {
    project(id: $id) {
      artworks {
        id
        name
        state
      }
    }
  }
`);

/** Artwork states that count as finished for a project delivery. */
const FINISHED = new Set(['DELIVERED', 'CANCELED']);

export default defineCapability({
  name: 'deliver_project',
  title: 'Deliver project',
  description:
    'Mark a whole project DELIVERED; asks for confirmation first when artworks are unfinished. Returns the project.',
  toolset: 'projects',
  input: z.object({ projectId: uuid('Project id'), ...confirmationInput }),
  output: z.object({
    ...confirmationOutput,
    project: lifecycleProject.optional().describe('The project re-read (when done).'),
    unfinished: z
      .array(z.object({ id: z.string(), name: z.string(), state: z.string() }))
      .optional()
      .describe('Artworks not delivered or canceled (when confirmation is required).'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/projects/{projectId}/deliver' },
  handler: async ({ projectId, confirmationToken }, ctx) => {
    const before = await requireProject(ctx, projectId);
    requireManageable([before], 'deliver');
    if (before.state === 'DELIVERED') return { status: 'done' as const, project: before };
    const artworks =
      (await ctx.cway.request(ArtworkStates, { id: before.id }, { signal: ctx.signal })).project?.artworks ?? [];
    const unfinished = artworks.filter((a) => !FINISHED.has(a.state));
    if (unfinished.length > 0) {
      const counts = new Map<string, number>();
      for (const a of unfinished) counts.set(a.state, (counts.get(a.state) ?? 0) + 1);
      const byState = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
      const pending = await requireConfirmation(
        ctx,
        {
          name: 'deliver_project',
          targets: [before.id],
          summary: `Deliver the project "${before.name}" although ${unfinished.length} of its ${artworks.length} artworks are not finished (${byState}).`,
          preview: unfinished.slice(0, 50).map((a) => ({ artwork: a.name, state: a.state })),
        },
        confirmationToken,
      );
      if (pending)
        return {
          status: 'confirmation_required' as const,
          confirmation: pending,
          unfinished: unfinished.slice(0, 100),
        };
    }
    await ctx.cway.request(DeliverProject, { projectId: before.id }, { signal: ctx.signal });
    return { status: 'done' as const, project: (await readProject(ctx.cway, before.id, ctx.signal)) ?? before };
  },
});

import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { confirmationInput, confirmationOutput, requireConfirmation } from '../confirmation.js';
import { defineCapability } from '../define.js';
import {
  distinct,
  lifecycleProject,
  projectIdsInput,
  readProject,
  refuseUnlessForced,
  requireManageable,
  requireProjects,
  type LifecycleProject,
} from './lifecycle-fragments.js';
import { mapLimit } from '../shared.js';

const DeleteProjects = graphql(`
  mutation DeleteProjects($projectIds: [UUID!]!, $force: Boolean) {
    deleteProjects(projectIds: $projectIds, force: $force)
  }
`);

const describe = (p: LifecycleProject) => `"${p.name}" (${p.state}, ${p.totalArtworks} artworks)`;

/** The way out of a refusal, fitting the states of the blocked projects. */
export function deleteHint(blocked: readonly LifecycleProject[]): string {
  const open = blocked.filter((p) => p.state !== 'CLOSED');
  const force = 'call again with force: true if the user really wants them deleted';
  if (open.length === 0) return `They are already closed, which keeps them out of the way; ${force}.`;
  if (open.length === blocked.length) return `Close them instead (close_projects), or ${force}.`;
  return `Close the ones still open (${open.map((p) => `"${p.name}"`).join(', ')}) instead with close_projects, or ${force}.`;
}

export default defineCapability({
  name: 'delete_projects',
  title: 'Delete projects',
  description:
    'Delete projects and their artworks for good. First call returns a preview and a confirmation token; force deletes projects not in a deletable state.',
  toolset: 'projects',
  input: z.object({
    projectIds: projectIdsInput('delete'),
    force: z
      .boolean()
      .default(false)
      .describe('Delete even projects Cway does not consider deletable (work in progress). Default false.'),
    ...confirmationInput,
  }),
  output: z.object({
    ...confirmationOutput,
    deleted: z.array(z.string()).optional().describe('Ids that are gone after the call (when done).'),
    notDeleted: z.array(lifecycleProject).optional().describe('Projects still present after the call (when done).'),
    preview: z
      .array(
        z.object({
          id: z.string(),
          name: z.string(),
          state: z.string(),
          totalArtworks: z.number().int(),
          isInDeleteableState: z.boolean(),
        }),
      )
      .optional()
      .describe('What would be deleted (when confirmation is required).'),
  }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/projects/delete' },
  handler: async (args, ctx) => {
    const projects = await requireProjects(ctx, distinct(args.projectIds));
    requireManageable(projects, 'delete');
    const blocked = projects.filter((p) => !p.isInDeleteableState);
    refuseUnlessForced(blocked, args.force, 'deletable', describe, deleteHint(blocked));
    const preview = projects.map((p) => ({
      id: p.id,
      name: p.name,
      state: p.state,
      totalArtworks: p.totalArtworks,
      isInDeleteableState: p.isInDeleteableState,
    }));
    const summary =
      `Permanently delete ${projects.length} project${projects.length === 1 ? '' : 's'} and their artworks: ${projects.map(describe).join('; ')}.` +
      (blocked.length > 0 ? ` ${blocked.length} not deletable, deleted only because force is true.` : '') +
      ' This cannot be undone.';
    const pending = await requireConfirmation(
      ctx,
      { name: 'delete_projects', targets: projects.map((p) => p.id), summary, preview },
      args.confirmationToken,
    );
    if (pending) return { status: 'confirmation_required' as const, confirmation: pending, preview };
    await ctx.cway.request(
      DeleteProjects,
      { projectIds: projects.map((p) => p.id), force: args.force },
      { signal: ctx.signal },
    );
    const after = await mapLimit(projects, 4, (p) => readProject(ctx.cway, p.id, ctx.signal));
    return {
      status: 'done' as const,
      deleted: projects.filter((_, i) => !after[i]).map((p) => p.id),
      notDeleted: after.filter((p): p is LifecycleProject => p !== null),
    };
  },
});

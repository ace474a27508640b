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

const CloseProjects = graphql(`
  mutation CloseProjects($projectIds: [UUID!]!, $force: Boolean) {
    closeProjects(projectIds: $projectIds, force: $force)
  }
`);

const FORCE_NOTE =
  'force: true makes Cway close projects that are not in a closable state (artworks still unfinished); without it they are refused.';

const describe = (p: LifecycleProject) =>
  `"${p.name}" (${p.state}, ${p.artworksDone}/${p.totalArtworks} artworks done)`;

export default defineCapability({
  name: 'close_projects',
  title: 'Close projects',
  description:
    'Close projects (undo with reopen_projects). First call returns a preview and a confirmation token; force closes projects not in a closable state.',
  toolset: 'projects',
  input: z.object({
    projectIds: projectIdsInput('close'),
    force: z
      .boolean()
      .default(false)
      .describe('Close even projects Cway does not consider closable (unfinished artworks). Default false.'),
    ...confirmationInput,
  }),
  output: z.object({
    ...confirmationOutput,
    projects: z
      .array(lifecycleProject)
      .optional()
      .describe('Every requested project, re-read after closing (when done).'),
    preview: z
      .array(z.object({ id: z.string(), name: z.string(), state: z.string(), isInClosableState: z.boolean() }))
      .optional()
      .describe('What would be closed (when confirmation is required).'),
  }),
  hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/projects/close' },
  handler: async (args, ctx) => {
    const projects = await requireProjects(ctx, distinct(args.projectIds));
    requireManageable(projects, 'close');
    const toClose = projects.filter((p) => p.state !== 'CLOSED');
    if (toClose.length === 0) return { status: 'done' as const, projects };
    const blocked = toClose.filter((p) => !p.isInClosableState);
    refuseUnlessForced(
      blocked,
      args.force,
      'closable',
      describe,
      'Call again with force: true to close them anyway (ask the user), or leave them out.',
    );
    const preview = toClose.map((p) => ({
      id: p.id,
      name: p.name,
      state: p.state,
      isInClosableState: p.isInClosableState,
    }));
    const summary =
      `Close ${toClose.length} project${toClose.length === 1 ? '' : 's'}: ${toClose.map(describe).join('; ')}.` +
      (blocked.length > 0 ? ` ${blocked.length} not closable, closed only because force is true.` : '') +
      ` ${FORCE_NOTE} Closed projects can be reopened with reopen_projects.`;
    const pending = await requireConfirmation(
      ctx,
      { name: 'close_projects', targets: toClose.map((p) => p.id), summary, preview },
      args.confirmationToken,
    );
    if (pending) return { status: 'confirmation_required' as const, confirmation: pending, preview };
    await ctx.cway.request(
      CloseProjects,
      { projectIds: toClose.map((p) => p.id), force: args.force },
      { signal: ctx.signal },
    );
    const after = await mapLimit(projects, 4, async (p) => (await readProject(ctx.cway, p.id, ctx.signal)) ?? p);
    return { status: 'done' as const, projects: after };
  },
});

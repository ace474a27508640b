import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import { uuid } from '../shared.js';
import { lifecycleProject, readProject, requireManageable, requireProject } from './lifecycle-fragments.js';

const DeliverProject = graphql(`
  mutation DeliverProject($projectId: UUID!) {
    deliverProject(projectId: $projectId)
  }
`);

export default defineCapability({
  name: 'deliver_project',
  title: 'Deliver project',
  description: 'Mark a whole project DELIVERED (a conflict names the blocking state). Returns the project.',
  toolset: 'projects',
  input: z.object({ projectId: uuid('Project id') }),
  output: z.object({ project: lifecycleProject }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/projects/{projectId}/deliver' },
  handler: async ({ projectId }, ctx) => {
    const before = await requireProject(ctx, projectId);
    requireManageable([before], 'deliver');
    if (before.state === 'DELIVERED') return { project: before };
    await ctx.cway.request(DeliverProject, { projectId }, { signal: ctx.signal });
    return { project: (await readProject(ctx.cway, projectId, ctx.signal)) ?? before };
  },
});

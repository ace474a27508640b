import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability } from '../define.js';
import {
  distinct,
  lifecycleProject,
  projectIdsInput,
  readProject,
  requireManageable,
  requireProjects,
} from './lifecycle-fragments.js';
import { mapLimit } from '../shared.js';

const ReopenProjects = graphql(`
  mutation ReopenProjects($projectIds: [UUID!]!) {
    reopenProjects(projectIds: $projectIds)
  }
`);

export default defineCapability({
  name: 'reopen_projects',
  title: 'Reopen projects',
  description: 'Reopen CLOSED projects (others are left alone). Returns each project with its new state.',
  toolset: 'projects',
  input: z.object({ projectIds: projectIdsInput('reopen') }),
  output: z.object({
    projects: z.array(lifecycleProject),
    skipped: z.array(z.string()).describe('Ids of projects that were not CLOSED, so not sent to Cway.'),
  }),
  hints: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  rest: { method: 'POST', path: '/api/projects/reopen' },
  handler: async (args, ctx) => {
    const ids = distinct(args.projectIds);
    const before = await requireProjects(ctx, ids);
    requireManageable(before, 'reopen');
    const closed = before.filter((p) => p.state === 'CLOSED').map((p) => p.id);
    if (closed.length > 0) await ctx.cway.request(ReopenProjects, { projectIds: closed }, { signal: ctx.signal });
    const after = await mapLimit(before, 4, async (p) => (await readProject(ctx.cway, p.id, ctx.signal)) ?? p);
    return { projects: after, skipped: before.filter((p) => p.state !== 'CLOSED').map((p) => p.id) };
  },
});

import { z } from 'zod';
import { projectHealth as computeHealth } from '../../analytics/health.js';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';
import { loadProject } from './load-project.js';
import { asOf, notes, projectHealth } from './schemas.js';

export default defineCapability({
  name: 'get_project_health',
  title: 'Project health',
  description:
    'Why one project is healthy or not: score (0-100), its components and plain reasons naming people and numbers.',
  toolset: 'analytics',
  input: z.object({ projectId: uuid('Project id') }),
  output: projectHealth.extend({ notes, asOf }),
  hints: READ,
  rest: { method: 'GET', path: '/api/kpis/projects/{projectId}/health' },
  handler: async ({ projectId }, ctx) => {
    const data = await loadProject(ctx, projectId, { artworkHistories: false });
    return { ...computeHealth(data.project, data.history, ctx.now().getTime()), notes: data.notes, asOf: data.asOf };
  },
});

import { z } from 'zod';
import { distributionOf, healthOfAll } from '../../analytics/dashboard.js';
import { defineCapability, READ } from '../define.js';
import { loadOrganisation } from './load.js';
import { asOf, listLimit, notes, projectHealth } from './schemas.js';
import { truncationNote } from '../shared.js';

const STATUSES = ['good', 'warning', 'critical', 'not_scored'] as const;

export default defineCapability({
  name: 'list_project_health',
  title: 'Health of all projects',
  description:
    'Health score (0-100) of every project in flight, worst first, with status, flags and reasons. Filter by status.',
  toolset: 'analytics',
  input: z.object({
    status: z.enum(STATUSES).optional().describe('Only projects with this health status.'),
    limit: listLimit('Most projects to return, worst first'),
  }),
  output: z.object({
    projects: z.array(
      projectHealth
        .omit({ components: true })
        .extend({ weakest: z.string().nullable().describe('The lowest-scoring component') }),
    ),
    distribution: z.object({ good: z.number(), warning: z.number(), critical: z.number(), not_scored: z.number() }),
    total: z.number().int().describe('Projects matching the filter'),
    note: z.string().nullable(),
    notes,
    asOf,
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/kpis/health' },
  handler: async ({ status, limit }, ctx) => {
    const data = await loadOrganisation(ctx);
    const all = healthOfAll(data.projects, data.histories, ctx.now().getTime());
    const matching = all
      .filter((h) => !status || h.status === status)
      .sort((a, b) => (a.score ?? 101) - (b.score ?? 101) || a.name.localeCompare(b.name));
    const kept = matching.slice(0, limit);
    return {
      projects: kept.map(({ components, reasons, ...h }) => {
        const weakest = components.filter((c) => c.score !== null).sort((a, b) => a.score! - b.score!)[0];
        return { ...h, reasons: reasons.slice(0, 3), weakest: weakest ? `${weakest.key} (${weakest.score})` : null };
      }),
      distribution: distributionOf(all),
      total: matching.length,
      note: truncationNote(kept.length, matching.length, 'projects', 'the worst'),
      notes: data.notes,
      asOf: data.asOf,
    };
  },
});

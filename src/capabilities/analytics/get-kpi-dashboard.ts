import { z } from 'zod';
import { kpiDashboard } from '../../analytics/dashboard.js';
import { defineCapability, READ } from '../define.js';
import { loadOrganisation } from './load.js';
import { asOf, kpi, monthCount, notes } from './schemas.js';

export const dataUsed = z.object({
  projects: z.number().int(),
  pages: z.number().int().describe('Project pages read'),
  historyBatches: z
    .number()
    .int()
    .describe('Aliased history requests (up to 100 projects each: in flight, or active in the last 12 months)'),
});

export default defineCapability({
  name: 'get_kpi_dashboard',
  title: 'KPI dashboard',
  description:
    'Organisation KPIs (completion, on-time delivery, stalls, approval time, rejections, throughput, workload), each with status and explanation, plus critical projects.',
  toolset: 'analytics',
  input: z.object({}),
  output: z.object({
    generatedAt: z.string(),
    projects: z.object({
      total: z.number().int(),
      byState: z.array(z.object({ state: z.string(), count: z.number().int() })),
    }),
    kpis: z.array(kpi),
    healthDistribution: z.object({
      good: z.number(),
      warning: z.number(),
      critical: z.number(),
      not_scored: z.number(),
    }),
    criticalProjects: z
      .array(
        z.object({
          projectId: z.string(),
          name: z.string(),
          score: z.number(),
          flags: z.array(z.string()),
          reasons: z.array(z.string()),
        }),
      )
      .describe('The 10 lowest-scoring projects in flight; healthDistribution.critical counts all'),
    throughputByMonth: z
      .array(monthCount)
      .describe('Artworks delivered per month, oldest first; the last month is the current one'),
    openProjectsByMonth: z
      .array(z.object({ month: z.string(), count: z.number() }))
      .describe('Cway openProjectsCountByMonth'),
    notes,
    dataUsed,
    asOf,
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/kpis/dashboard' },
  handler: async (_input, ctx) => {
    const data = await loadOrganisation(ctx);
    const dash = kpiDashboard(data.projects, data.histories, data.statistics, ctx.now().getTime(), data.notes);
    return {
      ...dash,
      dataUsed: {
        projects: data.projects.length,
        pages: data.requests.pages,
        historyBatches: data.requests.historyBatches,
      },
      asOf: data.asOf,
    };
  },
});

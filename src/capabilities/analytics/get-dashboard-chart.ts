import { z } from 'zod';
import { dashboardChartSvg } from '../../analytics/chart.js';
import { distributionOf, healthOfAll } from '../../analytics/dashboard.js';
import { throughputSeries } from '../../analytics/kpi-delivery.js';
import { defineCapability, READ } from '../define.js';
import { loadOrganisation } from './load.js';
import { monthCount, notes } from './schemas.js';

export default defineCapability({
  name: 'get_dashboard_chart',
  title: 'Dashboard chart (SVG)',
  description: 'An SVG chart of project health and monthly deliveries, with its numbers and a one-line summary.',
  toolset: 'analytics',
  input: z.object({}),
  output: z.object({
    mimeType: z.literal('image/svg+xml'),
    svg: z.string(),
    summary: z.string(),
    healthDistribution: z.object({
      good: z.number(),
      warning: z.number(),
      critical: z.number(),
      not_scored: z.number(),
    }),
    throughputByMonth: z.array(monthCount),
    throughputSource: z.enum(['statistics', 'derived']),
    notes,
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/kpis/dashboard/chart.svg' },
  handler: async (_input, ctx) => {
    const data = await loadOrganisation(ctx);
    const now = ctx.now().getTime();
    const dist = distributionOf(healthOfAll(data.projects, data.histories, now));
    const { series, source } = throughputSeries(data.projects, data.statistics, now);
    const shown = series.slice(-12);
    const delivered = shown.reduce((s, m) => s + m.count, 0);
    return {
      mimeType: 'image/svg+xml' as const,
      svg: dashboardChartSvg(dist, shown, new Date(now).toISOString()),
      summary: `Projects in flight: ${dist.good} good, ${dist.warning} warning, ${dist.critical} critical, ${dist.not_scored} not scored. ${delivered} artworks delivered in the last 12 months (${source === 'statistics' ? 'Cway statistics' : 'from delivery dates'}).`,
      healthDistribution: dist,
      throughputByMonth: shown,
      throughputSource: source,
      notes: data.notes,
    };
  },
});

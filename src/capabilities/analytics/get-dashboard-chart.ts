import { z } from 'zod';
import { dashboardChart, monthLabel } from '../../analytics/chart.js';
import { distributionOf, healthOfAll } from '../../analytics/dashboard.js';
import { throughputSeries } from '../../analytics/kpi-delivery.js';
import { defineCapability, READ } from '../define.js';
import { formatInput, pictureOutput } from './chart-schemas.js';
import { loadOrganisation } from './load.js';
import { pictureFields } from './png.js';
import { asOf, notes } from './schemas.js';

export default defineCapability({
  name: 'get_dashboard_chart',
  title: 'Dashboard chart',
  description:
    'A chart (PNG, or SVG on request) of project health and monthly deliveries, with alt text and the numbers behind it.',
  toolset: 'analytics',
  input: z.object({ format: formatInput }),
  output: z.object({
    ...pictureOutput,
    summary: z.string(),
    healthDistribution: z.object({
      good: z.number(),
      warning: z.number(),
      critical: z.number(),
      not_scored: z.number(),
    }),
    throughputByMonth: z.array(
      z.object({
        month: z.string().describe('YYYY-MM'),
        label: z.string().describe('e.g. "Jan 2026"'),
        count: z.number(),
        partial: z.boolean().describe('The current month: not over yet'),
      }),
    ),
    throughputSource: z.enum(['statistics', 'derived']),
    notes,
    asOf,
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/kpis/dashboard/chart.svg' },
  handler: async ({ format }, ctx) => {
    const data = await loadOrganisation(ctx);
    const now = ctx.now().getTime();
    const dist = distributionOf(healthOfAll(data.projects, data.histories, now));
    const { series, source } = throughputSeries(data.projects, data.statistics, now);
    const shown = series.slice(-12).map((m, i, all) => ({ ...m, partial: i === all.length - 1 }));
    const delivered = shown.reduce((s, m) => s + m.count, 0);
    const chart = dashboardChart(dist, shown, data.asOf);
    const current = shown.at(-1);
    return {
      ...pictureFields(chart.svg, format),
      width: chart.width,
      height: chart.height,
      alt: chart.alt,
      bars: chart.bars,
      legend: chart.legend,
      summary: `Projects in flight: ${dist.good} good, ${dist.warning} warning, ${dist.critical} critical, ${dist.not_scored} not scored. ${delivered} artworks delivered in the last 12 months (${source === 'statistics' ? 'Cway statistics' : 'from delivery dates'})${current ? `; ${monthLabel(current.month)} is not over (${current.count} so far)` : ''}.`,
      healthDistribution: dist,
      throughputByMonth: shown.map((m) => ({
        month: m.month,
        label: monthLabel(m.month),
        count: m.count,
        partial: m.partial,
      })),
      throughputSource: source,
      notes: data.notes,
      asOf: data.asOf,
    };
  },
});

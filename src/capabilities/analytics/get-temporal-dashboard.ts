import { z } from 'zod';
import { temporalDashboard } from '../../analytics/temporal.js';
import { DEFAULT_WINDOW_WEEKS, MAX_WINDOW_WEEKS, MIN_WINDOW_WEEKS } from '../../analytics/velocity.js';
import { defineCapability, READ } from '../define.js';
import { loadOrganisation } from './load.js';
import { asOf, listLimit, notes, patterns, velocity } from './schemas.js';

export const weeksInput = z
  .number()
  .int()
  .min(MIN_WINDOW_WEEKS)
  .max(MAX_WINDOW_WEEKS)
  .default(DEFAULT_WINDOW_WEEKS)
  .describe(
    `Weeks of history to measure velocity over (${MIN_WINDOW_WEEKS}-${MAX_WINDOW_WEEKS}, default ${DEFAULT_WINDOW_WEEKS}).`,
  );

export default defineCapability({
  name: 'get_temporal_dashboard',
  title: 'Temporal dashboard',
  description:
    'How work moves over time across projects: weekly events and trend, slowing projects with forecasts, idle counts, weekday patterns.',
  toolset: 'analytics',
  input: z.object({
    weeks: weeksInput,
    limit: listLimit('Most projects to list, slowing first'),
  }),
  output: z.object({
    generatedAt: z.string(),
    windowWeeks: z.number(),
    projectsAnalysed: z.number().int(),
    portfolio: velocity,
    trendCounts: z.object({
      accelerating: z.number(),
      steady: z.number(),
      slowing: z.number(),
      no_activity: z.number(),
      too_little_history: z.number(),
    }),
    idleNow: z.number().int().describe('Projects silent for 3 days or more now'),
    stagnant: z.number().int(),
    projects: z.array(
      z.object({
        projectId: z.string(),
        name: z.string(),
        state: z.string(),
        eventsPerWeek: z.number(),
        trend: z.string().describe('accelerating, steady, slowing, no_activity or too_little_history'),
        slope: z.number().nullable(),
        consistency: z.number().nullable(),
        daysSinceActivity: z.number().nullable(),
        stagnant: z.boolean(),
        forecastDate: z.string().nullable(),
        forecastDaysLate: z.number().nullable(),
        forecastConfidence: z.enum(['low', 'medium']).nullable(),
      }),
    ),
    truncated: z.boolean(),
    patterns,
    notes,
    asOf,
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/temporal-kpis/dashboard' },
  handler: async ({ weeks, limit }, ctx) => {
    const data = await loadOrganisation(ctx);
    return {
      ...temporalDashboard(data.projects, data.histories, ctx.now().getTime(), { weeks, limit, notes: data.notes }),
      asOf: data.asOf,
    };
  },
});

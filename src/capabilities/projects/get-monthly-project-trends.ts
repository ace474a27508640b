import { z } from 'zod';
import { graphql } from '../../cway/graphql.js';
import { defineCapability, READ } from '../define.js';
import { trendOf } from './trend.js';

const MonthlyOpenProjects = graphql(`
  query MonthlyOpenProjects {
    openProjectsCountByMonth {
      month
      count
    }
  }
`);

const monthCount = z.object({
  month: z.string().describe('First day of the month, YYYY-MM-DD'),
  count: z.number().int(),
});

export default defineCapability({
  name: 'get_monthly_project_trends',
  title: 'Monthly open-project trend',
  description:
    'Open projects per month over the past year, with direction, peak, low and average. For workload and capacity questions.',
  toolset: 'projects',
  input: z.object({}),
  output: z.object({
    months: z.array(monthCount),
    summary: z.object({
      direction: z
        .enum(['rising', 'falling', 'flat', 'not_enough_data'])
        .describe(
          'Least-squares slope over all months; flat when the change over the period is under 10% of the average.',
        ),
      first: monthCount.nullable(),
      latest: monthCount.nullable().describe('The current month may still be in progress.'),
      peak: monthCount.nullable(),
      low: monthCount.nullable(),
      average: z.number().nullable(),
      change: z.number().int().nullable().describe('latest minus first'),
      changePercent: z
        .number()
        .nullable()
        .describe('change relative to the first month, in percent; null when it was 0'),
      sentence: z.string(),
    }),
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/projects/trends/monthly' },
  handler: async (_input, ctx) => {
    const data = await ctx.cway.request(MonthlyOpenProjects, {}, { signal: ctx.signal });
    const months = [...data.openProjectsCountByMonth].sort((a, b) => a.month.localeCompare(b.month));
    return { months, summary: trendOf(months) };
  },
});

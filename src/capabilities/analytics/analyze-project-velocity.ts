import { z } from 'zod';
import { mergeEvents, projectVelocity } from '../../analytics/temporal.js';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';
import { weeksInput } from './get-temporal-dashboard.js';
import { loadProject } from './load-project.js';
import { forecast, notes, patterns, velocity } from './schemas.js';

const period = { start: z.string(), end: z.string(), days: z.number() };

export default defineCapability({
  name: 'analyze_project_velocity',
  title: 'Project velocity',
  description: "One project's pace: weekly events and trend, sprints and idle periods, and a forecast completion date.",
  toolset: 'analytics',
  input: z.object({ projectId: uuid('Project id'), weeks: weeksInput }),
  output: z.object({
    projectId: z.string(),
    name: z.string(),
    state: z.string(),
    eventsAnalysed: z.number().int(),
    velocity,
    cadence: z.object({
      activeDays: z.number().int(),
      medianGapDays: z.number().nullable(),
      silenceLimitDays: z.number().describe('max(14, 3 × medianGapDays)'),
    }),
    sprints: z.array(z.object({ ...period, events: z.number().int() })).describe('The 10 most recent'),
    idlePeriods: z.array(z.object({ ...period, ongoing: z.boolean() })).describe('The 10 most recent'),
    longestIdleDays: z.number().nullable(),
    forecast,
    patterns,
    notes,
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/temporal-kpis/projects/{projectId}/velocity' },
  handler: async ({ projectId, weeks }, ctx) => {
    const data = await loadProject(ctx, projectId, { artworkHistories: true });
    const events = mergeEvents(data.history ?? [], data.artworkEvents);
    return { ...projectVelocity(data.project, events, ctx.now().getTime(), weeks), notes: data.notes };
  },
});

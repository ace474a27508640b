import { z } from 'zod';
import { cycleReferences } from '../../analytics/forecast.js';
import { mergeEvents, projectVelocity } from '../../analytics/temporal.js';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';
import { weeksInput } from './get-temporal-dashboard.js';
import { loadOrganisation } from './load.js';
import { loadProject } from './load-project.js';
import { asOf, forecast, notes, patterns, velocity } from './schemas.js';

const period = { start: z.string(), end: z.string(), days: z.number() };

export default defineCapability({
  name: 'analyze_project_velocity',
  title: 'Project velocity',
  description:
    "One project's pace: weekly events and trend, sprints and idle periods, and a forecast completion date with an interval.",
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
    asOf,
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/temporal-kpis/projects/{projectId}/velocity' },
  handler: async ({ projectId, weeks }, ctx) => {
    // The forecast's references are the organisation's finished artworks (the cached org load).
    const [data, org] = await Promise.all([
      loadProject(ctx, projectId, { artworkHistories: true }),
      loadOrganisation(ctx),
    ]);
    const events = mergeEvents(data.history ?? [], data.artworkEvents);
    const refs = cycleReferences(org.projects.filter((p) => p.id !== projectId).concat(data.project));
    return {
      ...projectVelocity(data.project, events, ctx.now().getTime(), weeks, refs),
      notes: [...data.notes, ...org.notes],
      asOf: data.asOf < org.asOf ? data.asOf : org.asOf,
    };
  },
});

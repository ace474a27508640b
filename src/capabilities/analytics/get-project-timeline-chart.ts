import { z } from 'zod';
import { projectTimelineChart } from '../../analytics/chart.js';
import { scheduleOf } from '../../analytics/schedule.js';
import { mergeEvents, projectSince } from '../../analytics/temporal.js';
import { parseInstant } from '../../analytics/time.js';
import { defineCapability, READ } from '../define.js';
import { uuid } from '../shared.js';
import { formatInput, pictureOutput } from './chart-schemas.js';
import { loadProject } from './load-project.js';
import { pictureFields } from './png.js';
import { asOf, notes } from './schemas.js';

export default defineCapability({
  name: 'get_project_timeline_chart',
  title: 'Project timeline chart',
  description:
    "A chart (PNG, or SVG on request) of one project's life week by week: events, approvals, its end date and today.",
  toolset: 'analytics',
  input: z.object({ projectId: uuid('Project id'), format: formatInput }),
  output: z.object({
    ...pictureOutput,
    projectId: z.string(),
    name: z.string(),
    notes,
    asOf,
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/temporal-kpis/projects/{projectId}/timeline-chart' },
  handler: async ({ projectId, format }, ctx) => {
    const data = await loadProject(ctx, projectId, { artworkHistories: true });
    const now = ctx.now().getTime();
    const p = data.project;
    const events = mergeEvents(data.history ?? [], data.artworkEvents);
    const approvals = p.artworks.map((a) => parseInstant(a.approvalDate)).filter((x): x is number => x !== null);
    const chart = projectTimelineChart(
      { name: p.name, start: projectSince(p, events), end: scheduleOf(p, now).end, events, approvals },
      now,
      data.asOf,
    );
    return {
      ...pictureFields(chart.svg, format),
      width: chart.width,
      height: chart.height,
      alt: chart.alt,
      bars: chart.bars,
      legend: chart.legend,
      projectId: p.id,
      name: p.name,
      notes: data.notes,
      asOf: data.asOf,
    };
  },
});

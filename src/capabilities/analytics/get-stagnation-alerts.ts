import { z } from 'zod';
import { DEFAULT_MIN_URGENCY, stagnationAlerts } from '../../analytics/stagnation.js';
import { defineCapability, READ } from '../define.js';
import { loadOrganisation } from './load.js';
import { asOf, listLimit, notes } from './schemas.js';
import { truncationNote } from '../shared.js';

const alert = z.object({
  projectId: z.string(),
  name: z.string(),
  state: z.string(),
  onHold: z.boolean().describe('STAND_BY: silence may be intended; urgency is halved'),
  projectManager: z.string().nullable(),
  daysSinceActivity: z.number(),
  lastActivity: z.string().describe('ISO-8601 UTC'),
  activitySource: z.string().describe('lastActivity, history or created'),
  usualGapDays: z
    .number()
    .nullable()
    .describe("Median gap between the project's active days; null with too little history"),
  thresholdDays: z.number().describe('max(14, 3 × usualGapDays): silence beyond this is unusual for this project'),
  urgency: z.number().int().describe('1-10'),
  urgencyFactors: z.array(z.string()),
  endDate: z.string().nullable(),
  daysOverdue: z.number().nullable(),
  blocking: z.object({
    kind: z.enum([
      'approval',
      'no_approver',
      'new_revision',
      'first_upload',
      'not_started',
      'no_artworks',
      'delivery',
      'unknown',
    ]),
    who: z.array(z.string()).describe('Usernames who can unblock it'),
    detail: z.string(),
  }),
  recommendedAction: z.string(),
});

export default defineCapability({
  name: 'get_stagnation_alerts',
  title: 'Stagnation alerts',
  description:
    'Projects silent for longer than usual, with urgency (1-10), the blocker and a next action. All by default; filter with minUrgencyScore.',
  toolset: 'analytics',
  input: z.object({
    minUrgencyScore: z
      .number()
      .int()
      .min(1)
      .max(10)
      .default(DEFAULT_MIN_URGENCY)
      .describe('Only alerts at least this urgent (1-10, default 1: every stalled project).'),
    limit: listLimit('Most alerts to return, most urgent first'),
  }),
  output: z.object({
    alerts: z.array(alert),
    considered: z.number().int().describe('IN_PROGRESS and STAND_BY projects checked'),
    stagnant: z.number().int().describe('Stagnant projects before the urgency filter'),
    total: z.number().int().describe('Alerts at or above minUrgencyScore'),
    note: z.string().nullable(),
    notes,
    asOf,
  }),
  hints: READ,
  rest: { method: 'GET', path: '/api/temporal-kpis/stagnation-alerts' },
  handler: async ({ minUrgencyScore, limit }, ctx) => {
    const data = await loadOrganisation(ctx);
    const report = stagnationAlerts(data.projects, data.histories, ctx.now().getTime(), minUrgencyScore);
    const kept = report.alerts.slice(0, limit);
    return {
      alerts: kept,
      considered: report.considered,
      stagnant: report.stagnant,
      total: report.alerts.length,
      note: truncationNote(kept.length, report.alerts.length, 'alerts', 'the most urgent'),
      notes: data.notes,
      asOf: data.asOf,
    };
  },
});

/** Output schemas shared by the analytics capabilities (the shapes of src/analytics results). */
import { z } from 'zod';

/** How many items a ranked list returns (1-200, default 25); `what` names them and their order. */
export const listLimit = (what: string) =>
  z.number().int().min(1).max(200).default(25).describe(`${what} (1-200, default 25).`);

export const direction = z.enum(['higher_is_better', 'lower_is_better']);
export const status = z.enum(['good', 'warning', 'critical']);

export const healthComponent = z.object({
  key: z.enum(['schedule', 'activity', 'approval_wait', 'rejections', 'revisions']),
  value: z.number().nullable().describe('In unit'),
  unit: z.string(),
  direction,
  weight: z.number().describe('Share of the score; 0 = not scored'),
  score: z.number().nullable().describe('0-100; null = not scored'),
  detail: z.string(),
});

export const projectHealth = z.object({
  projectId: z.string(),
  name: z.string(),
  state: z.string(),
  stateLabel: z.enum(['active', 'on_hold', 'planned', 'delivered', 'closed', 'unknown_state']),
  score: z.number().nullable().describe('0-100, higher is better; null for finished projects'),
  status: z.enum(['good', 'warning', 'critical', 'not_scored']).describe('good ≥ 75, warning ≥ 50, else critical'),
  flags: z
    .array(z.string())
    .describe(
      'e.g. overdue, stagnant, waiting_on_approver, on_hold, not_started, no_end_date, no_history, no_artworks, no_project_manager',
    ),
  components: z.array(healthComponent),
  reasons: z.array(z.string()).describe('Weakest first'),
  projectManager: z.string().nullable(),
  endDate: z.string().nullable(),
  lastActivity: z.string().nullable().describe('ISO-8601 UTC'),
  daysSinceActivity: z.number().nullable(),
});

export const kpi = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  unit: z.string(),
  direction,
  status: z.enum(['good', 'warning', 'critical', 'unknown']),
  thresholds: z.object({ good: z.number(), warning: z.number() }).describe('Read in the KPI direction'),
  source: z
    .enum(['statistics', 'derived', 'projects'])
    .describe('statistics: Cway; derived: from artworks; projects: from the project list'),
  explanation: z.string(),
  breakdown: z
    .array(z.object({ key: z.string(), value: z.number(), detail: z.string() }))
    .describe('The 10 largest people or projects, or months'),
});

export const monthCount = z.object({ month: z.string().describe('YYYY-MM'), count: z.number() });

export const velocity = z.object({
  windowWeeks: z.number().describe("Weeks measured, within the project's life"),
  requestedWeeks: z.number(),
  shortenedToLife: z.boolean(),
  from: z.string(),
  to: z.string(),
  weekly: z.array(z.object({ weekStart: z.string(), events: z.number() })),
  totalEvents: z.number(),
  eventsPerWeek: z.number(),
  trend: z.object({
    slope: z.number().nullable().describe('Events/week change per week; null = abstained'),
    r2: z.number().nullable(),
    direction: z.enum(['accelerating', 'steady', 'slowing', 'no_activity', 'too_little_history']),
  }),
  consistency: z.number().nullable().describe('0-1, higher = steadier; null = abstained'),
  abstainReason: z.string().nullable(),
});

export const patterns = z.object({
  totalEvents: z.number(),
  byWeekday: z.array(z.object({ weekday: z.string(), events: z.number() })),
  byMonth: z.array(z.object({ month: z.string(), events: z.number() })),
  busiestWeekday: z.string().nullable(),
  weekendSharePct: z.number().nullable(),
});

export const forecast = z.object({
  date: z.string().nullable().describe('Day all artworks are expected approved; null = none'),
  daysRemaining: z.number().nullable(),
  interval: z
    .object({ low: z.string(), high: z.string(), lowDays: z.number(), highDays: z.number() })
    .nullable()
    .describe('25th-75th percentile'),
  daysLate: z.number().nullable().describe('Positive = late'),
  confidence: z.enum(['low', 'medium']).nullable(),
  artworks: z
    .array(
      z.object({
        artworkId: z.string(),
        name: z.string(),
        basis: z.enum(['review', 'full']),
        ageDays: z.number(),
        references: z.number().int(),
        days: z.number().nullable(),
        lowDays: z.number().nullable(),
        highDays: z.number().nullable(),
      }),
    )
    .describe('Remaining, slowest first (up to 10)'),
  references: z.number().int().describe('Finished artworks used as references'),
  reason: z.string(),
  assumptions: z.array(z.string()),
});

export const notes = z.array(z.string()).describe('Caveats about the data');

export const asOf = z.string().describe('When the Cway data was read (cached up to 60 s)');

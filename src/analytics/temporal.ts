/**
 * Temporal views: one project's velocity report, and the organisation's temporal dashboard
 * (portfolio velocity, per-project trends, team patterns) over the histories that were fetched.
 * A project's velocity window starts no earlier than the project (see velocity.ts); team patterns
 * count the history of every project that was read, finished ones included (see load.ts for
 * which are read), so the months before today's projects began are not shown as empty.
 */
import { cadenceOf, lastActivityOf, type Cadence } from './cadence.js';
import { cycleReferences, forecastCompletion, type CycleReference, type Forecast } from './forecast.js';
import { teamPatterns, type TeamPatterns } from './patterns.js';
import { activityPeriods, IDLE_GAP_DAYS, type Periods } from './periods.js';
import { scheduleOf } from './schedule.js';
import { stagnationOf } from './stagnation.js';
import { parseInstant } from './time.js';
import type { EventFact, Histories, ProjectFact } from './types.js';
import { velocityOf, type TrendDirection, type Velocity } from './velocity.js';

/** Project and artwork histories may both hold an event: keep one per (time, name). */
export function mergeEvents(...lists: readonly (readonly EventFact[])[]): EventFact[] {
  const seen = new Map<string, EventFact>();
  for (const list of lists) for (const e of list) seen.set(`${e.at}|${e.name}`, e);
  return [...seen.values()].sort((a, b) => a.at - b.at);
}

export interface VelocityReport {
  projectId: string;
  name: string;
  state: string;
  eventsAnalysed: number;
  velocity: Velocity;
  cadence: Cadence;
  sprints: Periods['sprints'];
  idlePeriods: Periods['idle'];
  longestIdleDays: number | null;
  forecast: Forecast;
  patterns: TeamPatterns;
}

const RECENT_PERIODS = 10;

/** When a project began, for its velocity window: the earlier of its schedule start and its first event. */
export function projectSince(p: ProjectFact, events: readonly EventFact[]): number | null {
  const start = parseInstant(scheduleOf(p, 0).start);
  const first = events.length ? events.reduce((m, e) => Math.min(m, e.at), Infinity) : null;
  if (start === null) return first;
  return first === null ? start : Math.min(start, first);
}

export function projectVelocity(
  p: ProjectFact,
  events: readonly EventFact[],
  now: number,
  weeks: number | undefined,
  refs: readonly CycleReference[],
): VelocityReport {
  const periods = activityPeriods(events, now);
  return {
    projectId: p.id,
    name: p.name,
    state: p.state,
    eventsAnalysed: events.length,
    velocity: velocityOf(events, now, weeks, projectSince(p, events)),
    cadence: cadenceOf(events),
    sprints: periods.sprints.slice(-RECENT_PERIODS),
    idlePeriods: periods.idle.slice(-RECENT_PERIODS),
    longestIdleDays: periods.longestIdleDays,
    forecast: forecastCompletion(p, now, refs),
    patterns: teamPatterns(events, now),
  };
}

export interface ProjectTrend {
  projectId: string;
  name: string;
  state: string;
  eventsPerWeek: number;
  trend: TrendDirection;
  slope: number | null;
  consistency: number | null;
  daysSinceActivity: number | null;
  stagnant: boolean;
  forecastDate: string | null;
  forecastDaysLate: number | null;
  forecastConfidence: 'low' | 'medium' | null;
}

export interface TemporalDashboard {
  generatedAt: string;
  windowWeeks: number;
  projectsAnalysed: number;
  portfolio: Velocity;
  trendCounts: Record<TrendDirection, number>;
  idleNow: number;
  stagnant: number;
  /** Slowing projects first, then by events per week ascending. */
  projects: ProjectTrend[];
  truncated: boolean;
  patterns: TeamPatterns;
  notes: string[];
}

const ORDER: Record<TrendDirection, number> = {
  slowing: 0,
  no_activity: 1,
  steady: 2,
  accelerating: 3,
  too_little_history: 4,
};

export function temporalDashboard(
  projects: readonly ProjectFact[],
  histories: Histories,
  now: number,
  opts: { weeks?: number; limit?: number; notes?: string[] } = {},
): TemporalDashboard {
  const inFlight = projects.filter((p) => p.state === 'IN_PROGRESS' || p.state === 'STAND_BY');
  const all: EventFact[] = [];
  const refs = cycleReferences(projects);
  const trends: ProjectTrend[] = inFlight.map((p) => {
    const events = histories.get(p.id) ?? [];
    for (const e of events) all.push(e);
    const v = velocityOf(events, now, opts.weeks, projectSince(p, events));
    const f = forecastCompletion(p, now, refs);
    return {
      projectId: p.id,
      name: p.name,
      state: p.state,
      eventsPerWeek: v.eventsPerWeek,
      trend: v.trend.direction,
      slope: v.trend.slope,
      consistency: v.consistency,
      daysSinceActivity: lastActivityOf(p, histories.get(p.id), now).daysSince,
      stagnant: stagnationOf(p, histories.get(p.id), now) !== null,
      forecastDate: f.date,
      forecastDaysLate: f.daysLate,
      forecastConfidence: f.confidence,
    };
  });
  trends.sort(
    (a, b) => ORDER[a.trend] - ORDER[b.trend] || a.eventsPerWeek - b.eventsPerWeek || a.name.localeCompare(b.name),
  );
  const counts: Record<TrendDirection, number> = {
    accelerating: 0,
    steady: 0,
    slowing: 0,
    no_activity: 0,
    too_little_history: 0,
  };
  for (const t of trends) counts[t.trend]++;
  const limit = opts.limit ?? trends.length;
  const portfolio = velocityOf(all, now, opts.weeks);
  return {
    generatedAt: new Date(now).toISOString(),
    windowWeeks: portfolio.windowWeeks,
    projectsAnalysed: inFlight.length,
    portfolio,
    trendCounts: counts,
    idleNow: trends.filter((t) => t.daysSinceActivity !== null && t.daysSinceActivity >= IDLE_GAP_DAYS).length,
    stagnant: trends.filter((t) => t.stagnant).length,
    projects: trends.slice(0, limit),
    truncated: trends.length > limit,
    patterns: teamPatterns([...histories.values()].flat(), now),
    notes: opts.notes ?? [],
  };
}

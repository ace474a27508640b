/**
 * Temporal views: one project's velocity report, and the organisation's temporal dashboard
 * (portfolio velocity, per-project trends, team patterns) over the histories that were fetched.
 */
import { cadenceOf, lastActivityOf, type Cadence } from './cadence.js';
import { forecastCompletion, type Forecast } from './forecast.js';
import { teamPatterns, type TeamPatterns } from './patterns.js';
import { activityPeriods, IDLE_GAP_DAYS, type Periods } from './periods.js';
import { stagnationOf } from './stagnation.js';
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

export function projectVelocity(
  p: ProjectFact,
  events: readonly EventFact[],
  now: number,
  weeks?: number,
): VelocityReport {
  const periods = activityPeriods(events, now);
  return {
    projectId: p.id,
    name: p.name,
    state: p.state,
    eventsAnalysed: events.length,
    velocity: velocityOf(events, now, weeks),
    cadence: cadenceOf(events),
    sprints: periods.sprints.slice(-RECENT_PERIODS),
    idlePeriods: periods.idle.slice(-RECENT_PERIODS),
    longestIdleDays: periods.longestIdleDays,
    forecast: forecastCompletion(p, now),
    patterns: teamPatterns(events, now),
  };
}

export interface ProjectTrend {
  projectId: string;
  name: string;
  state: string;
  eventsPerWeek: number;
  trend: TrendDirection;
  slope: number;
  consistency: number;
  daysSinceActivity: number | null;
  stagnant: boolean;
  forecastDate: string | null;
  forecastDaysLate: number | null;
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

const ORDER: Record<TrendDirection, number> = { slowing: 0, no_activity: 1, steady: 2, accelerating: 3 };

export function temporalDashboard(
  projects: readonly ProjectFact[],
  histories: Histories,
  now: number,
  opts: { weeks?: number; limit?: number; notes?: string[] } = {},
): TemporalDashboard {
  const inFlight = projects.filter((p) => p.state === 'IN_PROGRESS' || p.state === 'STAND_BY');
  const all: EventFact[] = [];
  const trends: ProjectTrend[] = inFlight.map((p) => {
    const events = histories.get(p.id) ?? [];
    for (const e of events) all.push(e);
    const v = velocityOf(events, now, opts.weeks);
    const f = forecastCompletion(p, now);
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
    };
  });
  trends.sort(
    (a, b) => ORDER[a.trend] - ORDER[b.trend] || a.eventsPerWeek - b.eventsPerWeek || a.name.localeCompare(b.name),
  );
  const counts: Record<TrendDirection, number> = { accelerating: 0, steady: 0, slowing: 0, no_activity: 0 };
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
    patterns: teamPatterns(all, now),
    notes: opts.notes ?? [],
  };
}

/**
 * Velocity of a project (or a team) from event timestamps: events per week over a window of
 * whole 7-day weeks ending at `now`, its trend by least squares, and its consistency.
 * - trend: slope of weekly counts (events/week per week); |slope| < max(0.05, 5% of the mean)
 *   is "steady", above is "accelerating", below is "slowing"; no events at all is "no_activity";
 * - consistency: 1 − coefficient of variation of the weekly counts, clamped to 0-1 (1 = the same
 *   every week; 0 when there are no events or the spread is at least the mean).
 */
import { clamp, linearFit, mean, round, stdev } from './stats.js';
import { DAY_MS, isoDay } from './time.js';
import type { EventFact } from './types.js';

export const DEFAULT_WINDOW_WEEKS = 12;
export const MIN_WINDOW_WEEKS = 4;
export const MAX_WINDOW_WEEKS = 26;
const WEEK_MS = 7 * DAY_MS;

export type TrendDirection = 'accelerating' | 'steady' | 'slowing' | 'no_activity';

export interface Velocity {
  windowWeeks: number;
  from: string;
  to: string;
  weekly: { weekStart: string; events: number }[];
  totalEvents: number;
  eventsPerWeek: number;
  trend: { slope: number; r2: number; direction: TrendDirection };
  consistency: number;
}

export function weeklyCounts(events: readonly EventFact[], now: number, weeks: number): number[] {
  const counts = new Array<number>(weeks).fill(0);
  const from = now - weeks * WEEK_MS;
  for (const e of events) {
    if (e.at < from || e.at >= now) continue;
    counts[Math.min(weeks - 1, Math.floor((e.at - from) / WEEK_MS))]!++;
  }
  return counts;
}

export function trendDirection(slope: number, meanPerWeek: number): TrendDirection {
  if (meanPerWeek === 0) return 'no_activity';
  const flat = Math.max(0.05, 0.05 * meanPerWeek);
  return Math.abs(slope) < flat ? 'steady' : slope > 0 ? 'accelerating' : 'slowing';
}

export function consistencyOf(counts: readonly number[]): number {
  const m = mean(counts) ?? 0;
  if (m === 0) return 0;
  return round(clamp(1 - stdev(counts)! / m, 0, 1), 2);
}

export function velocityOf(events: readonly EventFact[], now: number, weeks = DEFAULT_WINDOW_WEEKS): Velocity {
  const w = clamp(Math.round(weeks), MIN_WINDOW_WEEKS, MAX_WINDOW_WEEKS);
  const counts = weeklyCounts(events, now, w);
  const from = now - w * WEEK_MS;
  const m = mean(counts) ?? 0;
  const fit = linearFit(counts)!;
  return {
    windowWeeks: w,
    from: isoDay(from),
    to: isoDay(now),
    weekly: counts.map((events, i) => ({ weekStart: isoDay(from + i * WEEK_MS), events })),
    totalEvents: counts.reduce((a, b) => a + b, 0),
    eventsPerWeek: round(m, 2),
    trend: { slope: round(fit.slope, 3), r2: round(fit.r2, 2), direction: trendDirection(fit.slope, m) },
    consistency: consistencyOf(counts),
  };
}

/**
 * Velocity of a project (or a team) from event timestamps: events per week over whole 7-day weeks
 * ending at `now`, its trend by least squares, and its consistency.
 * - window: the requested weeks, but never before the project existed: at most
 *   ⌊(now − since) / 7 days⌋ whole weeks, where `since` is the project's start (the earlier of its
 *   schedule start and its first event). Weeks before a project existed would read as a quiet
 *   start and bend every young project's trend upwards;
 * - trend: slope of weekly counts (events/week per week); |slope| < max(0.05, 5% of the mean)
 *   is "steady", above is "accelerating", below is "slowing"; no events at all is "no_activity";
 *   fewer than MIN_TREND_WEEKS weeks or MIN_TREND_EVENTS events is "too_little_history" (abstains:
 *   slope and r² are null);
 * - consistency: 1 − coefficient of variation of the weekly counts, clamped to 0-1 (1 = the same
 *   every week; 0 when there are no events or the spread is at least the mean); null on abstain.
 */
import { clamp, linearFit, mean, round, stdev } from './stats.js';
import { DAY_MS, isoDay } from './time.js';
import type { EventFact } from './types.js';

export const DEFAULT_WINDOW_WEEKS = 12;
export const MIN_WINDOW_WEEKS = 4;
export const MAX_WINDOW_WEEKS = 26;
/** A trend needs at least this many whole weeks of the project's life… */
export const MIN_TREND_WEEKS = 3;
/** …and at least this many events in them. */
export const MIN_TREND_EVENTS = 5;
const WEEK_MS = 7 * DAY_MS;

export type TrendDirection = 'accelerating' | 'steady' | 'slowing' | 'no_activity' | 'too_little_history';

export interface Velocity {
  /** Weeks measured: the requested window, shortened to the project's own life. */
  windowWeeks: number;
  /** Weeks asked for (after bounding to 4-26). */
  requestedWeeks: number;
  /** True when the window was shortened because the project is younger than the request. */
  shortenedToLife: boolean;
  from: string;
  to: string;
  weekly: { weekStart: string; events: number }[];
  totalEvents: number;
  eventsPerWeek: number;
  trend: { slope: number | null; r2: number | null; direction: TrendDirection };
  consistency: number | null;
  /** Why the trend abstained, or null. */
  abstainReason: string | null;
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

/** Whole weeks from `since` to `now` (0 when `since` is now or later). */
export function weeksOfLife(since: number, now: number): number {
  return Math.max(0, Math.floor((now - since) / WEEK_MS));
}

/**
 * @param since the project's start (epoch ms); the window never reaches before it. Null or
 *   undefined for a portfolio, whose window is the requested one.
 */
export function velocityOf(
  events: readonly EventFact[],
  now: number,
  weeks = DEFAULT_WINDOW_WEEKS,
  since?: number | null,
): Velocity {
  const requested = clamp(Math.round(weeks), MIN_WINDOW_WEEKS, MAX_WINDOW_WEEKS);
  const life = since === null || since === undefined ? Infinity : weeksOfLife(since, now);
  const w = Math.min(requested, life);
  const counts = weeklyCounts(events, now, w);
  const from = now - w * WEEK_MS;
  const m = mean(counts) ?? 0;
  const total = counts.reduce((a, b) => a + b, 0);
  const base = {
    windowWeeks: w,
    requestedWeeks: requested,
    shortenedToLife: w < requested,
    from: isoDay(from),
    to: isoDay(now),
    weekly: counts.map((events, i) => ({ weekStart: isoDay(from + i * WEEK_MS), events })),
    totalEvents: total,
    eventsPerWeek: round(m, 2),
  };
  if (total === 0 && w >= MIN_TREND_WEEKS)
    return {
      ...base,
      trend: { slope: 0, r2: 0, direction: 'no_activity' },
      consistency: 0,
      abstainReason: null,
    };
  if (w < MIN_TREND_WEEKS || total < MIN_TREND_EVENTS) {
    const why =
      w < MIN_TREND_WEEKS
        ? `only ${w} whole week${w === 1 ? '' : 's'} since it started (a trend needs ${MIN_TREND_WEEKS})`
        : `only ${total} event${total === 1 ? '' : 's'} in ${w} weeks (a trend needs ${MIN_TREND_EVENTS})`;
    return {
      ...base,
      trend: { slope: null, r2: null, direction: 'too_little_history' },
      consistency: null,
      abstainReason: `Too little history for a trend: ${why}.`,
    };
  }
  const fit = linearFit(counts)!;
  return {
    ...base,
    trend: { slope: round(fit.slope, 3), r2: round(fit.r2, 2), direction: trendDirection(fit.slope, m) },
    consistency: consistencyOf(counts),
    abstainReason: null,
  };
}

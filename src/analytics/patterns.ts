/**
 * When a team works: events by UTC weekday and by month, over the PATTERN_MONTHS calendar months
 * ending with the current one (the current month is partial). The caller passes every history it
 * read for the period, finished projects included.
 */
import { round } from './stats.js';
import { isoMonth, lastMonths } from './time.js';
import type { EventFact } from './types.js';

export const PATTERN_MONTHS = 12;

/** 00:00 UTC of the first day of the oldest month of the patterns period. */
export function patternsPeriodStart(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (PATTERN_MONTHS - 1), 1);
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export interface TeamPatterns {
  totalEvents: number;
  byWeekday: { weekday: (typeof WEEKDAYS)[number]; events: number }[];
  /** The last 12 months including the current (partial) one, oldest first; weekdays count the same period. */
  byMonth: { month: string; events: number }[];
  busiestWeekday: (typeof WEEKDAYS)[number] | null;
  /** Share of events on Saturday or Sunday, 0-100. */
  weekendSharePct: number | null;
}

export function teamPatterns(events: readonly EventFact[], now: number): TeamPatterns {
  const days = new Array<number>(7).fill(0);
  const months = new Map(lastMonths(now, PATTERN_MONTHS).map((m) => [m, 0]));
  const from = patternsPeriodStart(now);
  for (const e of events) {
    if (e.at > now || e.at < from) continue;
    days[(new Date(e.at).getUTCDay() + 6) % 7]!++;
    const m = isoMonth(e.at);
    if (months.has(m)) months.set(m, months.get(m)! + 1);
  }
  const total = days.reduce((a, b) => a + b, 0);
  const top = days.indexOf(Math.max(...days));
  return {
    totalEvents: total,
    byWeekday: WEEKDAYS.map((weekday, i) => ({ weekday, events: days[i]! })),
    byMonth: [...months].map(([month, n]) => ({ month, events: n })),
    busiestWeekday: total ? WEEKDAYS[top]! : null,
    weekendSharePct: total ? round(((days[5]! + days[6]!) / total) * 100) : null,
  };
}

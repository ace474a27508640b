/** When a team works: events by UTC weekday and by month. */
import { round } from './stats.js';
import { isoMonth, lastMonths } from './time.js';
import type { EventFact } from './types.js';

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export interface TeamPatterns {
  totalEvents: number;
  byWeekday: { weekday: (typeof WEEKDAYS)[number]; events: number }[];
  /** The last 12 months including the current one, oldest first. */
  byMonth: { month: string; events: number }[];
  busiestWeekday: (typeof WEEKDAYS)[number] | null;
  /** Share of events on Saturday or Sunday, 0-100. */
  weekendSharePct: number | null;
}

export function teamPatterns(events: readonly EventFact[], now: number): TeamPatterns {
  const days = new Array<number>(7).fill(0);
  const months = new Map(lastMonths(now, 12).map((m) => [m, 0]));
  for (const e of events) {
    if (e.at > now) continue;
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

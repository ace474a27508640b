/**
 * Where a project stands against its dates. The end date is `endDate` (set on create and by
 * `setDatesOnProject`, so people chose it); only when it is null is `planning.end` used
 * (undocumented, probably derived from artwork plans). The start is `startDate`, else
 * `planning.start`, else `created`. An end date is inclusive: a project is overdue from the day after.
 */
import { clamp, round } from './stats.js';
import { DAY_MS, parseInstant } from './time.js';
import type { ProjectFact } from './types.js';

export type DateSource = 'startDate/endDate' | 'planning' | 'created' | 'none';

export interface Schedule {
  start: string | null;
  startSource: DateSource;
  end: string | null;
  endSource: DateSource;
  /** Share of the time from start to end that has passed, 0-100; null without both dates. */
  elapsedPct: number | null;
  progressPct: number;
  /** elapsedPct − progressPct: percentage points behind (negative = ahead). */
  behindPts: number | null;
  /** Whole days past the end date (> 0 only when overdue); null without an end date. */
  daysOverdue: number | null;
  /** Whole days until the end date (negative once past); null without an end date. */
  daysToEnd: number | null;
  /** Whole days until the start when it lies in the future; otherwise null. */
  startsInDays: number | null;
}

const dayIndex = (ms: number) => Math.floor(ms / DAY_MS);

export function scheduleOf(p: ProjectFact, now: number): Schedule {
  const [end, endSource]: [string | null, DateSource] =
    parseInstant(p.endDate) !== null
      ? [p.endDate, 'startDate/endDate']
      : parseInstant(p.planningEnd) !== null
        ? [p.planningEnd, 'planning']
        : [null, 'none'];
  const [start, startSource]: [string | null, DateSource] =
    parseInstant(p.startDate) !== null
      ? [p.startDate, 'startDate/endDate']
      : parseInstant(p.planningStart) !== null
        ? [p.planningStart, 'planning']
        : parseInstant(p.created) !== null
          ? [p.created, 'created']
          : [null, 'none'];
  const s = parseInstant(start);
  const e = parseInstant(end);
  const progressPct = clamp(Number.isFinite(p.percentageDone) ? p.percentageDone : 0, 0, 100);
  const today = dayIndex(now);
  let elapsedPct: number | null = null;
  if (s !== null && e !== null) {
    const endOfEndDay = e + DAY_MS;
    elapsedPct = endOfEndDay > s ? round(clamp(((now - s) / (endOfEndDay - s)) * 100, 0, 100)) : 100;
  }
  const daysToEnd = e === null ? null : dayIndex(e) - today;
  const startsIn = s === null ? 0 : dayIndex(s) - today;
  return {
    start,
    startSource,
    end,
    endSource,
    elapsedPct,
    progressPct,
    behindPts: elapsedPct === null ? null : round(elapsedPct - progressPct),
    daysOverdue: daysToEnd === null ? null : Math.max(0, -daysToEnd),
    daysToEnd,
    startsInDays: startsIn > 0 ? startsIn : null,
  };
}

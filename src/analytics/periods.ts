/**
 * Sprints and idle periods from event timestamps (sorted by time). An idle period is a gap of at
 * least IDLE_GAP_DAYS between consecutive events, or between the last event and now (ongoing).
 * A sprint is a run of at least SPRINT_MIN_EVENTS events with no such gap inside it.
 */
import { round } from './stats.js';
import { DAY_MS } from './time.js';
import type { EventFact } from './types.js';

export const IDLE_GAP_DAYS = 3;
export const SPRINT_MIN_EVENTS = 3;

export interface Sprint {
  start: string;
  end: string;
  days: number;
  events: number;
}

export interface IdlePeriod {
  start: string;
  end: string;
  days: number;
  /** True for the silence that is still going on at `now`. */
  ongoing: boolean;
}

export interface Periods {
  sprints: Sprint[];
  idle: IdlePeriod[];
  longestIdleDays: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function activityPeriods(events: readonly EventFact[], now: number): Periods {
  const ts = events
    .map((e) => e.at)
    .filter((t) => t <= now)
    .sort((a, b) => a - b);
  const gap = IDLE_GAP_DAYS * DAY_MS;
  const sprints: Sprint[] = [];
  const idle: IdlePeriod[] = [];
  let runStart = 0;
  const closeRun = (endIdx: number) => {
    const n = endIdx - runStart + 1;
    if (n >= SPRINT_MIN_EVENTS) {
      sprints.push({
        start: iso(ts[runStart]!),
        end: iso(ts[endIdx]!),
        days: round((ts[endIdx]! - ts[runStart]!) / DAY_MS),
        events: n,
      });
    }
  };
  for (let i = 1; i < ts.length; i++) {
    if (ts[i]! - ts[i - 1]! >= gap) {
      idle.push({
        start: iso(ts[i - 1]!),
        end: iso(ts[i]!),
        days: round((ts[i]! - ts[i - 1]!) / DAY_MS),
        ongoing: false,
      });
      closeRun(i - 1);
      runStart = i;
    }
  }
  if (ts.length) {
    closeRun(ts.length - 1);
    const last = ts[ts.length - 1]!;
    if (now - last >= gap)
      idle.push({ start: iso(last), end: iso(now), days: round((now - last) / DAY_MS), ongoing: true });
  }
  return { sprints, idle, longestIdleDays: idle.length ? idle.reduce((m, p) => Math.max(m, p.days), 0) : null };
}

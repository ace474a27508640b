/**
 * A project's own rhythm. Events are collapsed to the UTC days they happened on (a burst of ten
 * events in one minute is one active day), and the cadence is the median gap in days between
 * consecutive active days. Silence is "long for this project" past max(14 days, 3 × that gap).
 */
import { parseInstant, DAY_MS, daysBetween } from './time.js';
import { median } from './stats.js';
import type { EventFact, ProjectFact } from './types.js';

export const SILENCE_FLOOR_DAYS = 14;
export const SILENCE_CADENCE_FACTOR = 3;

export interface Cadence {
  /** Distinct UTC days with at least one event. */
  activeDays: number;
  /** Median gap between consecutive active days; null with fewer than 2 active days. */
  medianGapDays: number | null;
  /** max(SILENCE_FLOOR_DAYS, SILENCE_CADENCE_FACTOR × medianGapDays). */
  silenceLimitDays: number;
}

export function cadenceOf(events: readonly EventFact[] | undefined): Cadence {
  const days = [...new Set((events ?? []).map((e) => Math.floor(e.at / DAY_MS)))].sort((a, b) => a - b);
  const gaps = days.slice(1).map((d, i) => d - days[i]!);
  const medianGapDays = median(gaps);
  const limit = Math.max(SILENCE_FLOOR_DAYS, SILENCE_CADENCE_FACTOR * (medianGapDays ?? 0));
  return { activeDays: days.length, medianGapDays, silenceLimitDays: limit };
}

/** lastActivity has whole seconds and events have milliseconds: within a second is the same moment. */
const SAME_MOMENT_MS = 1000;

export interface LastActivity {
  /** Epoch ms of the newest known activity, or null when nothing is known. */
  at: number | null;
  /** Where `at` came from: the newer of `lastActivity` and the newest history event, else `created`. */
  source: 'lastActivity' | 'history' | 'created' | 'none';
  /** Whole days from `at` to now (0 when `at` is in the future); null when `at` is null. */
  daysSince: number | null;
}

export function lastActivityOf(p: ProjectFact, history: readonly EventFact[] | undefined, now: number): LastActivity {
  const field = parseInstant(p.lastActivity);
  const newest = history?.length ? history.reduce((m, e) => Math.max(m, e.at), -Infinity) : null;
  let at: number | null = null;
  let source: LastActivity['source'] = 'none';
  if (field !== null && (newest === null || field >= newest - SAME_MOMENT_MS))
    [at, source] = [Math.max(field, newest ?? field), 'lastActivity'];
  else if (newest !== null) [at, source] = [newest, 'history'];
  else {
    const created = parseInstant(p.created);
    if (created !== null) [at, source] = [created, 'created'];
  }
  return { at, source, daysSince: at === null ? null : Math.max(0, daysBetween(at, now)) };
}

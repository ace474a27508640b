/**
 * Activity component of health: days of silence against the project's own cadence.
 * U = max(7, median gap) days of silence are free; the score falls linearly from 100 at U to 50 at
 * the silence limit L = max(14, 3 × median gap), and to 0 at 2L. Lower silence is better.
 */
import { cadenceOf, lastActivityOf, type Cadence, type LastActivity } from './cadence.js';
import { clamp, round } from './stats.js';
import { plural } from './text.js';
import { isoDay } from './time.js';
import type { EventFact, ProjectFact } from './types.js';

export const FREE_SILENCE_FLOOR_DAYS = 7;

export interface ActivityReading {
  last: LastActivity;
  cadence: Cadence;
  /** Days of silence that cost nothing (U). */
  freeDays: number;
  /** True when the silence has reached the limit L. */
  silent: boolean;
}

export function readActivity(p: ProjectFact, history: readonly EventFact[] | undefined, now: number): ActivityReading {
  const cadence = cadenceOf(history);
  const last = lastActivityOf(p, history, now);
  const freeDays = Math.min(cadence.silenceLimitDays, Math.max(FREE_SILENCE_FLOOR_DAYS, cadence.medianGapDays ?? 0));
  return { last, cadence, freeDays, silent: last.daysSince !== null && last.daysSince >= cadence.silenceLimitDays };
}

export function activityScore(r: ActivityReading): number | null {
  const d = r.last.daysSince;
  if (d === null) return null;
  const u = r.freeDays;
  const l = r.cadence.silenceLimitDays;
  if (d <= u) return 100;
  if (d <= l) return round(100 - (50 * (d - u)) / Math.max(1, l - u));
  return round(clamp(50 - (50 * (d - l)) / l, 0, 50));
}

export function activitySentence(r: ActivityReading): string {
  const { last, cadence } = r;
  if (last.at === null || last.daysSince === null)
    return 'No activity is recorded at all (no lastActivity, history or created date).';
  const what = last.source === 'created' ? 'No activity recorded since the project was created' : 'Last activity';
  const rhythm =
    cadence.medianGapDays === null
      ? `too little history to learn its rhythm, so the ${cadence.silenceLimitDays}-day floor applies`
      : `it usually has ${plural(round(cadence.medianGapDays), 'day')} between active days, so more than ${plural(round(cadence.silenceLimitDays), 'day')} of silence is unusual for it`;
  return `${what} ${plural(last.daysSince, 'day')} ago (${isoDay(last.at)}); ${rhythm}.`;
}

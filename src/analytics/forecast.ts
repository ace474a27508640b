/**
 * Forecast completion date from the progress rate. Assumes progress (`percentageDone`) has grown
 * linearly since the start date and keeps that average pace: rate = done% / days since start,
 * remaining days = (100 − done%) / rate. Null when there is no rate to extrapolate.
 */
import { scheduleOf } from './schedule.js';
import { round } from './stats.js';
import { DAY_MS, isoDay, parseInstant } from './time.js';
import type { ProjectFact } from './types.js';

export const FORECAST_ASSUMPTIONS = [
  'Progress is percentageDone (share of artworks done); Cway keeps no progress history, so the pace is the average since the start date.',
  'The remaining work continues at that average pace, with no pauses.',
] as const;

export interface Forecast {
  date: string | null;
  /** Days from now to the forecast date. */
  daysRemaining: number | null;
  /** Average progress per day since the start, in percentage points. */
  ratePctPerDay: number | null;
  /** Forecast minus end date in days (positive = late); null without either. */
  daysLate: number | null;
  confidence: 'low' | 'medium' | null;
  reason: string;
  assumptions: string[];
}

export function forecastCompletion(p: ProjectFact, now: number): Forecast {
  const s = scheduleOf(p, now);
  const none = (reason: string): Forecast => ({
    date: null,
    daysRemaining: null,
    ratePctPerDay: null,
    daysLate: null,
    confidence: null,
    reason,
    assumptions: [...FORECAST_ASSUMPTIONS],
  });
  if (p.state === 'DELIVERED' || p.state === 'CLOSED') return none(`Already ${p.state.toLowerCase()}.`);
  if (p.state === 'STAND_BY') return none('On stand-by: progress is paused, so there is no pace to extrapolate.');
  const start = parseInstant(s.start);
  if (start === null) return none('No start date (startDate, planning.start or created), so no pace can be measured.');
  if (start > now) return none(`Starts on ${s.start}; no progress to measure yet.`);
  const end = parseInstant(s.end);
  if (s.progressPct >= 100) {
    return {
      ...none('Every artwork is done; what remains is delivery.'),
      date: isoDay(now),
      daysRemaining: 0,
      daysLate: end === null ? null : Math.max(0, Math.floor((now - end) / DAY_MS)),
    };
  }
  const elapsedDays = (now - start) / DAY_MS;
  if (elapsedDays < 1) return none('Started less than a day ago; too early to measure a pace.');
  if (s.progressPct <= 0)
    return none(`No progress in ${Math.floor(elapsedDays)} days since ${s.start}, so there is no pace to extrapolate.`);
  const rate = s.progressPct / elapsedDays;
  const remaining = Math.ceil((100 - s.progressPct) / rate);
  const at = now + remaining * DAY_MS;
  const confidence = elapsedDays < 14 || s.progressPct < 10 ? 'low' : 'medium';
  // Compared by calendar day: finishing on the end day is on time.
  const daysLate = end === null ? null : Math.floor(at / DAY_MS) - Math.floor(end / DAY_MS);
  const against =
    daysLate === null
      ? ''
      : daysLate > 0
        ? `, ${daysLate} days after the end date ${s.end}`
        : `, on or before the end date ${s.end}`;
  return {
    date: isoDay(at),
    daysRemaining: remaining,
    ratePctPerDay: round(rate, 2),
    daysLate,
    confidence,
    reason: `${round(s.progressPct)}% done in ${Math.floor(elapsedDays)} days since ${s.start} (${round(rate, 2)} points a day): about ${remaining} more days${against}.`,
    assumptions: [...FORECAST_ASSUMPTIONS],
  };
}

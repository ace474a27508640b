/**
 * Schedule component of health (lower "points behind" is better).
 * - no end date: not scored;
 * - start in the future: 100;
 * - overdue (past the end day): max(0, 40 − 2 × days overdue);
 * - otherwise, with B = elapsed% − done%: 100 while B ≤ 20, then 100 − 2 × (B − 20), floored at 0.
 * The 20-point slack is there because done% counts only finished artworks: work in review does
 * not show in it, and approvals cluster late in an artwork project.
 */
import { scheduleOf, type Schedule } from './schedule.js';
import { clamp, round } from './stats.js';
import type { HealthComponent } from './health.js';
import type { ProjectFact } from './types.js';

export const SCHEDULE_SLACK_PTS = 20;

export function scheduleComponent(
  p: ProjectFact,
  now: number,
): { component: Omit<HealthComponent, 'weight'>; schedule: Schedule } {
  const s = scheduleOf(p, now);
  const base = { key: 'schedule' as const, direction: 'lower_is_better' as const };
  const sources = [
    s.endSource === 'planning' ? 'the end from planning, as endDate is not set' : '',
    s.startSource === 'planning'
      ? 'the start from planning'
      : s.startSource === 'created'
        ? 'the start is the created date, as startDate is not set'
        : '',
  ].filter(Boolean);
  const dates = sources.length ? ` (${sources.join('; ')})` : '';
  if (s.end === null) {
    return {
      schedule: s,
      component: {
        ...base,
        value: null,
        unit: 'points behind',
        score: null,
        detail: 'No end date (neither endDate nor planning.end is set), so the schedule is not scored.',
      },
    };
  }
  if (s.startsInDays !== null) {
    return {
      schedule: s,
      component: {
        ...base,
        value: 0,
        unit: 'points behind',
        score: 100,
        detail: `Starts in ${s.startsInDays} days (${s.start}); nothing is due yet.`,
      },
    };
  }
  if (s.daysOverdue) {
    return {
      schedule: s,
      component: {
        ...base,
        value: s.daysOverdue,
        unit: 'days overdue',
        score: Math.max(0, 40 - 2 * s.daysOverdue),
        detail: `Overdue by ${s.daysOverdue} days: the end date was ${s.end}${dates} and it is ${round(s.progressPct)}% done.`,
      },
    };
  }
  const behind = s.behindPts ?? 0;
  const score = round(clamp(100 - 2 * Math.max(0, behind - SCHEDULE_SLACK_PTS), 0, 100));
  const span = `${round(s.elapsedPct ?? 0)}% of the time from ${s.start} to ${s.end}${dates} has passed`;
  const detail =
    behind > SCHEDULE_SLACK_PTS
      ? `Behind schedule: ${span} but only ${round(s.progressPct)}% is done (${round(behind)} points behind).`
      : `On schedule: ${round(s.progressPct)}% done and ${span}.`;
  return { schedule: s, component: { ...base, value: round(behind), unit: 'points behind', score, detail } };
}

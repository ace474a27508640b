/**
 * Backtest of the forecast on finished projects: for each DELIVERED or CLOSED project, rewind to
 * a point of its life, rebuild what was known then, forecast, and compare with when its last
 * artwork was actually approved.
 * - finish F = the latest `approvalDate` of its artworks; start S = its schedule start;
 * - cut points t = S + f × (F − S) for f in `fractions`;
 * - state at t: an artwork is done when approved on or before t, uploaded when its first revision
 *   is on or before t; canceled artworks are left out (Cway does not say when they were canceled);
 * - references: the other projects' artworks only (leave one out), and of those only the ones
 *   approved on or before t (nothing from the future), unless `pastOnly` is false (then every
 *   other project's artworks: more references, but a look into the future);
 * - error = forecast finish − F in days (positive = the forecast was late).
 */
import { cycleReferences, forecastCompletion, type CycleReference } from './forecast.js';
import { scheduleOf } from './schedule.js';
import { DAY_MS, isoDay, parseInstant } from './time.js';
import type { ProjectFact } from './types.js';

export interface BacktestRow {
  projectId: string;
  name: string;
  fraction: number;
  cutDay: string;
  actualFinish: string;
  /** Days from the cut to the actual finish. */
  actualDays: number;
  forecastDays: number | null;
  lowDays: number | null;
  highDays: number | null;
  /** forecastDays − actualDays; null when it abstained. */
  errorDays: number | null;
  withinInterval: boolean | null;
  confidence: 'low' | 'medium' | null;
  reason: string;
}

export interface BacktestSummary {
  rows: BacktestRow[];
  forecasts: number;
  abstained: number;
  /** Median of |error| over the forecasts made; null when none was. */
  medianAbsErrorDays: number | null;
  maxAbsErrorDays: number | null;
  /** Share of forecasts whose interval held the actual finish, 0-100. */
  withinIntervalPct: number | null;
}

function rewind(p: ProjectFact, t: number): ProjectFact {
  const at = (v: string | null) => {
    const ms = parseInstant(v);
    return ms !== null && ms <= t;
  };
  return {
    ...p,
    state: 'IN_PROGRESS',
    artworks: p.artworks
      .filter((a) => a.state !== 'CANCELED')
      .map((a) => ({
        ...a,
        state: at(a.approvalDate) ? 'APPROVED' : at(a.firstRevisionCreated) ? 'FOR_REVIEW' : 'UNSTARTED',
        approvalDate: at(a.approvalDate) ? a.approvalDate : null,
        firstRevisionCreated: at(a.firstRevisionCreated) ? a.firstRevisionCreated : null,
      })),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : null;
};

export function backtestForecasts(
  projects: readonly ProjectFact[],
  fractions: readonly number[] = [0.25, 0.5, 0.75],
  pastOnly = true,
): BacktestSummary {
  const all: CycleReference[] = cycleReferences(projects);
  const rows: BacktestRow[] = [];
  for (const p of projects) {
    if (p.state !== 'DELIVERED' && p.state !== 'CLOSED') continue;
    const approvals = p.artworks
      .filter((a) => a.state !== 'CANCELED')
      .map((a) => parseInstant(a.approvalDate))
      .filter((x): x is number => x !== null);
    const start = parseInstant(scheduleOf(p, 0).start);
    if (!approvals.length || start === null) continue;
    const finish = Math.max(...approvals);
    if (finish <= start) continue;
    for (const f of fractions) {
      const t = start + f * (finish - start);
      const refs = all.filter((r) => r.projectId !== p.id && (!pastOnly || r.approvedAt <= t));
      const fc = forecastCompletion(rewind(p, t), t, refs);
      const actualDays = Math.round((finish - t) / DAY_MS);
      const err = fc.daysRemaining === null ? null : fc.daysRemaining - actualDays;
      rows.push({
        projectId: p.id,
        name: p.name,
        fraction: f,
        cutDay: isoDay(t),
        actualFinish: isoDay(finish),
        actualDays,
        forecastDays: fc.daysRemaining,
        lowDays: fc.interval?.lowDays ?? null,
        highDays: fc.interval?.highDays ?? null,
        errorDays: err,
        withinInterval: fc.interval ? actualDays >= fc.interval.lowDays && actualDays <= fc.interval.highDays : null,
        confidence: fc.confidence,
        reason: fc.reason,
      });
    }
  }
  const made = rows.filter((r) => r.errorDays !== null);
  const abs = made.map((r) => Math.abs(r.errorDays!));
  return {
    rows,
    forecasts: made.length,
    abstained: rows.length - made.length,
    medianAbsErrorDays: median(abs),
    maxAbsErrorDays: abs.length ? Math.max(...abs) : null,
    withinIntervalPct: made.length
      ? Math.round((made.filter((r) => r.withinInterval).length / made.length) * 1000) / 10
      : null,
  };
}

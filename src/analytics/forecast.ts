/**
 * Forecast of when a project's artworks will all be done, from the organisation's own finished
 * artworks (a reference class), not from a straight line through a handful of events.
 *
 * Reference cycles, in days, over every artwork of the organisation with an `approvalDate`:
 * - review cycle R = approvalDate − first revision upload (for artworks already uploaded);
 * - full cycle F = approvalDate − project start (for artworks with no upload yet).
 * For each remaining artwork (not done, not canceled) of age A (days since its first upload, or
 * since the project start when nothing is uploaded), the comparable references are those whose
 * cycle is longer than A; their residuals are c − A. The artwork's estimate is the median
 * residual, and its interval the 25th to 75th percentile. Artworks move in parallel, so the
 * project's remaining days are the largest estimate among its artworks (low and high likewise).
 *
 * Confidence: `medium` when every remaining artwork has at least MEDIUM_REFERENCES comparable
 * references and the interval is no wider than max(14 days, the estimate); `low` otherwise. No
 * forecast when any remaining artwork has fewer than MIN_REFERENCES comparable references (it is
 * already older than nearly everything the organisation has finished), rather than a wild guess.
 */
import { DONE_STATES } from './approvals.js';
import { scheduleOf } from './schedule.js';
import { round } from './stats.js';
import { DAY_MS, isoDay, parseInstant } from './time.js';
import type { ArtworkFact, ProjectFact } from './types.js';

export const MIN_REFERENCES = 3;
export const MEDIUM_REFERENCES = 8;

export const FORECAST_ASSUMPTIONS = [
  "Remaining artworks take as long as the organisation's finished artworks that had reached the same age (review cycles for uploaded artworks, cycles from the project start otherwise).",
  'Artworks move in parallel: the project is done when its slowest remaining artwork is approved; delivery is not included.',
  'Cway keeps no history of progress, so the approval and upload dates of artworks are the only clock.',
] as const;

/** One finished artwork's cycles, in days. */
export interface CycleReference {
  projectId: string;
  /** approvalDate − first revision upload; null when the upload day is unknown. */
  reviewDays: number | null;
  /** approvalDate − project start; null when the start is unknown. */
  fullDays: number | null;
  /** approvalDate (epoch ms), so a backtest can use only what was known at the time. */
  approvedAt: number;
}

/** The organisation's finished artworks as references (artworks with an approval date). */
export function cycleReferences(projects: readonly ProjectFact[]): CycleReference[] {
  const out: CycleReference[] = [];
  for (const p of projects) {
    const start = parseInstant(scheduleOf(p, 0).start);
    for (const a of p.artworks) {
      const approved = parseInstant(a.approvalDate);
      if (approved === null || a.state === 'CANCELED') continue;
      const upload = parseInstant(a.firstRevisionCreated);
      out.push({
        projectId: p.id,
        reviewDays: upload === null || upload > approved ? null : (approved - upload) / DAY_MS,
        fullDays: start === null || start > approved ? null : (approved - start) / DAY_MS,
        approvedAt: approved,
      });
    }
  }
  return out;
}

/** Linear-interpolation quantile of sorted numbers (q in 0-1). */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface ArtworkEstimate {
  artworkId: string;
  name: string;
  /** `review` (uploaded; age from its first upload) or `full` (nothing uploaded; age from the project start). */
  basis: 'review' | 'full';
  ageDays: number;
  /** Comparable references (cycles longer than the age). */
  references: number;
  days: number | null;
  lowDays: number | null;
  highDays: number | null;
}

export interface Forecast {
  date: string | null;
  /** Days from now to the forecast date. */
  daysRemaining: number | null;
  /** The middle half of the comparable outcomes (25th-75th percentile). */
  interval: { low: string; high: string; lowDays: number; highDays: number } | null;
  /** Forecast minus end date in days (positive = late); null without either. */
  daysLate: number | null;
  confidence: 'low' | 'medium' | null;
  /** Remaining artworks, the slowest estimate first (the first 10). */
  artworks: ArtworkEstimate[];
  /** Finished artworks the organisation offers as references. */
  references: number;
  reason: string;
  assumptions: string[];
}

/** A remaining artwork's estimate from the references (see the module comment). */
export function estimateArtwork(
  a: ArtworkFact,
  projectStart: number,
  now: number,
  refs: readonly CycleReference[],
): ArtworkEstimate {
  const upload = parseInstant(a.firstRevisionCreated);
  const uploaded = upload !== null && upload <= now;
  const basis = uploaded ? 'review' : 'full';
  const age = Math.max(0, (now - (uploaded ? upload : projectStart)) / DAY_MS);
  const cycles = refs
    .map((r) => (uploaded ? r.reviewDays : r.fullDays))
    .filter((c): c is number => c !== null && c > age);
  const residuals = cycles.map((c) => c - age).sort((x, y) => x - y);
  const base = { artworkId: a.id, name: a.name, basis, ageDays: round(age), references: residuals.length } as const;
  if (residuals.length < MIN_REFERENCES) return { ...base, days: null, lowDays: null, highDays: null };
  return {
    ...base,
    days: Math.ceil(quantile(residuals, 0.5)),
    lowDays: Math.ceil(quantile(residuals, 0.25)),
    highDays: Math.ceil(quantile(residuals, 0.75)),
  };
}

/** Artworks that still have to be approved: neither done nor canceled. */
export function remainingArtworks(p: ProjectFact): ArtworkFact[] {
  return p.artworks.filter((a) => a.state !== 'CANCELED' && !DONE_STATES.includes(a.state));
}

export function forecastCompletion(p: ProjectFact, now: number, refs: readonly CycleReference[]): Forecast {
  const s = scheduleOf(p, now);
  const none = (reason: string, artworks: ArtworkEstimate[] = []): Forecast => ({
    date: null,
    daysRemaining: null,
    interval: null,
    daysLate: null,
    confidence: null,
    artworks: artworks.slice(0, 10),
    references: refs.length,
    reason,
    assumptions: [...FORECAST_ASSUMPTIONS],
  });
  if (p.state === 'DELIVERED' || p.state === 'CLOSED') return none(`No forecast: already ${p.state.toLowerCase()}.`);
  if (p.state === 'STAND_BY') return none('No forecast: on stand-by, so work is paused.');
  const start = parseInstant(s.start);
  if (start === null) return none('No forecast: no start date (startDate, planning.start or created).');
  if (start > now) return none(`No forecast: it starts on ${s.start}.`);
  const end = parseInstant(s.end);
  const remaining = remainingArtworks(p);
  if (!remaining.length) {
    if (!p.artworks.some((a) => a.state !== 'CANCELED')) return none('No forecast: the project has no artworks.');
    return {
      ...none('Every artwork is done; what remains is delivery.'),
      date: isoDay(now),
      daysRemaining: 0,
      interval: { low: isoDay(now), high: isoDay(now), lowDays: 0, highDays: 0 },
      daysLate: end === null ? null : Math.max(0, Math.floor(now / DAY_MS) - Math.floor(end / DAY_MS)),
      confidence: 'medium',
    };
  }
  const estimates = remaining
    .map((a) => estimateArtwork(a, start, now, refs))
    .sort((x, y) => (y.days ?? Infinity) - (x.days ?? Infinity));
  const unknown = estimates.filter((e) => e.days === null);
  if (unknown.length) {
    const e = unknown[0]!;
    return none(
      `No forecast: "${e.name}" has been ${e.basis === 'review' ? 'in review' : 'waiting for its first upload'} for ${Math.floor(e.ageDays)} days, and only ${e.references} of the organisation's ${refs.length} finished artworks took longer (a forecast needs ${MIN_REFERENCES}).`,
      estimates,
    );
  }
  const days = Math.max(...estimates.map((e) => e.days!));
  const low = Math.max(...estimates.map((e) => e.lowDays!));
  const high = Math.max(...estimates.map((e) => e.highDays!));
  const at = now + days * DAY_MS;
  const fewest = Math.min(...estimates.map((e) => e.references));
  const confidence = fewest >= MEDIUM_REFERENCES && high - low <= Math.max(14, days) ? 'medium' : 'low';
  // Compared by calendar day: finishing on the end day is on time.
  const daysLate = end === null ? null : Math.floor(at / DAY_MS) - Math.floor(end / DAY_MS);
  const against =
    daysLate === null
      ? ''
      : daysLate > 0
        ? `, ${daysLate} days after the end date ${s.end}`
        : `, on or before the end date ${s.end}`;
  const slowest = estimates[0]!;
  return {
    date: isoDay(at),
    daysRemaining: days,
    interval: { low: isoDay(now + low * DAY_MS), high: isoDay(now + high * DAY_MS), lowDays: low, highDays: high },
    daysLate,
    confidence,
    artworks: estimates.slice(0, 10),
    references: refs.length,
    reason: `${remaining.length} artwork${remaining.length === 1 ? '' : 's'} to go; the slowest, "${slowest.name}", is ${Math.floor(slowest.ageDays)} days ${slowest.basis === 'review' ? 'into review' : 'past the project start without an upload'}, and comparable finished artworks needed ${low}-${high} more days (median ${days})${against}. Confidence ${confidence}: ${fewest} comparable references at least.`,
    assumptions: [...FORECAST_ASSUMPTIONS],
  };
}

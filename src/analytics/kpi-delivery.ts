/**
 * Delivery KPIs: on-time delivery and throughput, from Cway's statistics when present, else
 * derived from the artworks' own dates (deliveryDate against endDate).
 */
import { kpi, monthKey, type Kpi, type OrgStatistics } from './kpi.js';
import { mean, round } from './stats.js';
import { isoMonth, lastMonths, parseInstant } from './time.js';
import type { ProjectFact } from './types.js';

export const ON_TIME_THRESHOLDS = { good: 90, warning: 75 };
/** Throughput is judged against its own previous six months: good ≥ 90 %, warning ≥ 60 % of it. */
export const THROUGHPUT_RATIO = { good: 0.9, warning: 0.6 };

export function onTimeDelivery(projects: readonly ProjectFact[], stats: OrgStatistics | null, now: number): Kpi {
  const window = new Set(lastMonths(now, 12));
  const base = {
    key: 'on_time_delivery',
    label: 'On-time delivery',
    unit: '%',
    direction: 'higher_is_better' as const,
    thresholds: ON_TIME_THRESHOLDS,
  };
  const months = (stats?.onTimeDeliveriesPerMonth ?? []).filter((m) => window.has(monthKey(m)));
  const total = months.reduce((s, m) => s + m.total, 0);
  if (total > 0) {
    const onTime = months.reduce((s, m) => s + m.onTime, 0);
    return kpi({
      ...base,
      value: round((onTime / total) * 100),
      source: 'statistics',
      explanation: `${onTime} of ${total} deliveries in the last 12 months were on time (Cway statistics.onTimeDeliveriesPerMonth).`,
    });
  }
  let on = 0;
  let all = 0;
  for (const p of projects) {
    for (const a of p.artworks) {
      const delivered = parseInstant(a.deliveryDate);
      const due = parseInstant(a.endDate);
      if (delivered === null || due === null || !window.has(isoMonth(delivered))) continue;
      all++;
      if (delivered < due + 86_400_000) on++;
    }
  }
  return kpi({
    ...base,
    value: all ? round((on / all) * 100) : null,
    source: 'derived',
    explanation: all
      ? `${on} of ${all} artworks delivered in the last 12 months arrived by their end date (deliveryDate vs endDate; Cway statistics had no deliveries).`
      : 'No delivery with both a delivery date and an end date in the last 12 months, and Cway statistics had none.',
  });
}

export interface MonthlyThroughput {
  month: string;
  count: number;
}

/** Months in the throughput series: the current one and the 12 before it. */
export const THROUGHPUT_MONTHS = 13;

/** Delivered artworks per month up to now, oldest first, from statistics or artwork dates. */
export function throughputSeries(
  projects: readonly ProjectFact[],
  stats: OrgStatistics | null,
  now: number,
): { series: MonthlyThroughput[]; source: 'statistics' | 'derived' } {
  const months = lastMonths(now, THROUGHPUT_MONTHS);
  const counts = new Map(months.map((m) => [m, 0]));
  const fromStats = stats?.deliveredArtworksPerMonth ?? [];
  if (stats && fromStats.length) {
    for (const m of fromStats) if (counts.has(monthKey(m))) counts.set(monthKey(m), counts.get(monthKey(m))! + m.count);
    return { series: months.map((m) => ({ month: m, count: counts.get(m)! })), source: 'statistics' };
  }
  for (const p of projects) {
    for (const a of p.artworks) {
      const at = parseInstant(a.deliveryDate);
      if (at !== null && counts.has(isoMonth(at))) counts.set(isoMonth(at), counts.get(isoMonth(at))! + 1);
    }
  }
  return { series: months.map((m) => ({ month: m, count: counts.get(m)! })), source: 'derived' };
}

export function throughput(series: readonly MonthlyThroughput[], source: 'statistics' | 'derived'): Kpi {
  // The last entry is the current, incomplete month: judge the six complete months before it
  // against the six before those.
  const recent = series.slice(-7, -1).map((m) => m.count);
  const prior = series.slice(-13, -7).map((m) => m.count);
  const value = round(mean(recent) ?? 0);
  const baseline = round(mean(prior) ?? 0);
  const thresholds = {
    good: round(baseline * THROUGHPUT_RATIO.good, 2),
    warning: round(baseline * THROUGHPUT_RATIO.warning, 2),
  };
  const status = baseline === 0 ? (value > 0 ? 'good' : 'unknown') : undefined;
  return kpi({
    key: 'throughput_per_month',
    label: 'Throughput (artworks delivered per month)',
    value,
    unit: 'artworks/month',
    direction: 'higher_is_better',
    thresholds,
    status,
    source: source === 'statistics' ? 'statistics' : 'derived',
    explanation:
      `Mean of the last 6 complete months (${recent.join(', ')}) against the 6 before (mean ${baseline}); good at ≥ 90 % of that, warning at ≥ 60 %. ` +
      (source === 'statistics'
        ? 'From Cway statistics.deliveredArtworksPerMonth.'
        : 'Counted from artwork delivery dates (Cway statistics had none).'),
    breakdown: series.map((m) => ({ key: m.month, value: m.count, detail: 'artworks delivered' })),
  });
}

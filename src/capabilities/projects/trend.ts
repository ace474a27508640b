/**
 * Direction of a monthly series, for get_monthly_project_trends. Pure: (points) → summary.
 * The direction is the least-squares slope over all months, scaled to the whole span and
 * compared with the mean: a change of less than 10 % of the mean over the period is "flat".
 */
export interface MonthCount {
  month: string;
  count: number;
}

export type Direction = 'rising' | 'falling' | 'flat' | 'not_enough_data';

export interface TrendSummary {
  direction: Direction;
  first: MonthCount | null;
  latest: MonthCount | null;
  peak: MonthCount | null;
  low: MonthCount | null;
  average: number | null;
  change: number | null;
  changePercent: number | null;
  sentence: string;
}

const FLAT_SHARE = 0.1;
const round1 = (n: number) => Math.round(n * 10) / 10;

export function trendOf(points: readonly MonthCount[]): TrendSummary {
  const series = [...points].sort((a, b) => a.month.localeCompare(b.month));
  const n = series.length;
  if (n < 2) {
    const only = series[0] ?? null;
    return {
      direction: 'not_enough_data',
      first: only,
      latest: only,
      peak: only,
      low: only,
      average: only ? only.count : null,
      change: null,
      changePercent: null,
      sentence: n === 0 ? 'Cway returned no monthly counts.' : 'Only one month of data: no trend yet.',
    };
  }
  const first = series[0]!;
  const latest = series[n - 1]!;
  const mean = series.reduce((s, p) => s + p.count, 0) / n;
  const xMean = (n - 1) / 2;
  let num = 0;
  let den = 0;
  series.forEach((p, x) => {
    num += (x - xMean) * (p.count - mean);
    den += (x - xMean) ** 2;
  });
  const slope = num / den;
  const overSpan = slope * (n - 1);
  const direction: Direction =
    mean === 0 || Math.abs(overSpan) < FLAT_SHARE * mean ? 'flat' : overSpan > 0 ? 'rising' : 'falling';
  const peak = series.reduce((m, p) => (p.count > m.count ? p : m));
  const low = series.reduce((m, p) => (p.count < m.count ? p : m));
  const change = latest.count - first.count;
  const changePercent = first.count === 0 ? null : round1((change / first.count) * 100);
  const verb = direction === 'flat' ? 'held roughly steady' : direction === 'rising' ? 'rose' : 'fell';
  return {
    direction,
    first,
    latest,
    peak,
    low,
    average: round1(mean),
    change,
    changePercent,
    sentence:
      `Open projects ${verb} over ${n} months: ${first.count} in ${first.month.slice(0, 7)}, ` +
      `${latest.count} in ${latest.month.slice(0, 7)} (peak ${peak.count} in ${peak.month.slice(0, 7)}, average ${round1(mean)}).`,
  };
}

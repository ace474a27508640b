/** The shape of one KPI and the statistics Cway keeps server-side (all optional inputs). */
import { rate, type Thresholds } from './status.js';
import type { Direction, Status } from './types.js';

/** Most people or projects a KPI breakdown lists (largest first); the explanation covers everyone. */
export const BREAKDOWN_LIMIT = 10;

export type KpiSource = 'statistics' | 'derived' | 'projects';

export interface Kpi {
  key: string;
  label: string;
  value: number | null;
  unit: string;
  direction: Direction;
  /** `unknown` when there is no value to judge. */
  status: Status | 'unknown';
  thresholds: Thresholds;
  /** `statistics`: Cway's own numbers; `derived`: computed here from artworks; `projects`: from the project list. */
  source: KpiSource;
  explanation: string;
  breakdown: { key: string; value: number; detail: string }[];
}

export function kpi(
  k: Omit<Kpi, 'status' | 'breakdown'> & { breakdown?: Kpi['breakdown']; status?: Kpi['status'] },
): Kpi {
  return {
    ...k,
    status: k.status ?? (k.value === null ? 'unknown' : rate(k.value, k.direction, k.thresholds)),
    breakdown: k.breakdown ?? [],
  };
}

export interface MonthCount {
  year: number;
  monthValue: number;
  count: number;
}

export interface OrgStatistics {
  approvalStats: { approvedArtworks: number; averageApprovalTime: string; averageRevisions: number } | null;
  onTimeDeliveriesPerMonth: { year: number; monthValue: number; total: number; onTime: number; late: number }[];
  deliveredArtworksPerMonth: MonthCount[];
  artworkRejectionsByCategoryPerMonth: (MonthCount & { category: string })[];
  openProjectsCountByMonth: { month: string; count: number }[];
}

export const monthKey = (m: { year: number; monthValue: number }) =>
  `${m.year}-${String(m.monthValue).padStart(2, '0')}`;

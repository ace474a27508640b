/**
 * Approval KPIs: average approval time and rejection rate, from Cway's statistics when they can be
 * read, else derived from the artworks of the fetched projects.
 */
import { parseApprovalTime } from './approval-time.js';
import { kpi, type Kpi, type OrgStatistics } from './kpi.js';
import { mean, round } from './stats.js';
import { DAY_MS, parseInstant } from './time.js';
import type { ProjectFact } from './types.js';

export const APPROVAL_TIME_THRESHOLDS = { good: 3, warning: 7 };
export const REJECTION_RATE_THRESHOLDS = { good: 15, warning: 30 };

export function averageApprovalTime(projects: readonly ProjectFact[], stats: OrgStatistics | null): Kpi {
  const base = {
    key: 'average_approval_time',
    label: 'Average approval time',
    unit: 'days',
    direction: 'lower_is_better' as const,
    thresholds: APPROVAL_TIME_THRESHOLDS,
  };
  const raw = stats?.approvalStats?.averageApprovalTime;
  const parsed = parseApprovalTime(raw);
  const approved = stats?.approvalStats?.approvedArtworks ?? 0;
  if (parsed && approved > 0) {
    return kpi({
      ...base,
      value: round(parsed.days),
      source: 'statistics',
      explanation: `Cway statistics: "${raw}" (read as ${parsed.format}) over ${approved} approved artworks.`,
    });
  }
  const why =
    raw === undefined
      ? 'Cway statistics were not available'
      : approved === 0
        ? 'Cway statistics count no approved artworks'
        : `Cway's averageApprovalTime "${String(raw).slice(0, 40)}" is not a format we accept`;
  const waits: number[] = [];
  for (const p of projects) {
    for (const a of p.artworks) {
      const approvedAt = parseInstant(a.approvalDate);
      const uploaded = parseInstant(a.firstRevisionCreated);
      if (approvedAt !== null && uploaded !== null && approvedAt >= uploaded)
        waits.push((approvedAt - uploaded) / DAY_MS);
    }
  }
  const m = mean(waits);
  return kpi({
    ...base,
    value: m === null ? null : round(m),
    source: 'derived',
    explanation:
      `${why}; derived instead: mean of approvalDate − the first revision's day over ${waits.length} approved artworks ` +
      '(the revision day counts from 00:00 UTC).',
  });
}

export function rejectionRate(projects: readonly ProjectFact[], stats: OrgStatistics | null): Kpi {
  const base = {
    key: 'rejection_rate',
    label: 'Rejection rate',
    unit: '%',
    direction: 'lower_is_better' as const,
    thresholds: REJECTION_RATE_THRESHOLDS,
  };
  const rejections = (stats?.artworkRejectionsByCategoryPerMonth ?? []).reduce((s, m) => s + m.count, 0);
  const approvals = stats?.approvalStats?.approvedArtworks ?? 0;
  if (stats && rejections + approvals > 0) {
    return kpi({
      ...base,
      value: round((rejections / (rejections + approvals)) * 100),
      source: 'statistics',
      explanation: `${rejections} rejections (statistics.artworkRejectionsByCategoryPerMonth, all months returned) against ${approvals} approved artworks (approvalStats; Cway does not say which period this covers): rejections ÷ (rejections + approvals).`,
    });
  }
  let rejected = 0;
  let approvedNow = 0;
  for (const p of projects) {
    for (const a of p.artworks) {
      if (
        a.state === 'REJECTED' ||
        a.approvers.some((x) => x.decision === 'rejected') ||
        a.teams.some((t) => t.state === 'REJECTED')
      )
        rejected++;
      else if (a.approvalDate !== null) approvedNow++;
    }
  }
  const total = rejected + approvedNow;
  return kpi({
    ...base,
    value: total ? round((rejected / total) * 100) : null,
    source: 'derived',
    explanation: total
      ? `Cway statistics had no decisions; derived from the artworks' current state: ${rejected} rejected now ÷ (${rejected} + ${approvedNow} with an approval date). Past rejections that were fixed are not visible this way.`
      : 'No decided artwork in the statistics or the projects.',
  });
}

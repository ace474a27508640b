/**
 * The KPI dashboard of an organisation: eight KPIs, each with its direction and status, the
 * distribution of health among projects in flight, the critical projects with their reasons,
 * and the monthly series behind the trends.
 */
import { projectHealth, type ProjectHealth } from './health.js';
import { BREAKDOWN_LIMIT, kpi, type Kpi, type OrgStatistics } from './kpi.js';
import { averageApprovalTime, rejectionRate } from './kpi-approvals.js';
import { onTimeDelivery, throughput, throughputSeries, type MonthlyThroughput } from './kpi-delivery.js';
import { stagnationOf } from './stagnation.js';
import { round } from './stats.js';
import type { Histories, ProjectFact } from './types.js';
import { approverWorkload, pmWorkload } from './workload.js';

export const COMPLETION_THRESHOLDS = { good: 50, warning: 30 };
export const STALLED_THRESHOLDS = { good: 10, warning: 25 };
/** Critical projects listed on the dashboard (lowest scores); healthDistribution counts them all. */
export const CRITICAL_LIST_LIMIT = 10;
const IN_FLIGHT = new Set(['IN_PROGRESS', 'STAND_BY', 'PLANNED']);

export interface HealthDistribution {
  good: number;
  warning: number;
  critical: number;
  not_scored: number;
}

export interface Dashboard {
  generatedAt: string;
  projects: { total: number; byState: { state: string; count: number }[] };
  kpis: Kpi[];
  healthDistribution: HealthDistribution;
  criticalProjects: { projectId: string; name: string; score: number; flags: string[]; reasons: string[] }[];
  throughputByMonth: MonthlyThroughput[];
  openProjectsByMonth: { month: string; count: number }[];
  notes: string[];
}

export function completionRate(projects: readonly ProjectFact[]): Kpi {
  const done = projects.filter((p) => p.state === 'DELIVERED' || p.state === 'CLOSED').length;
  return kpi({
    key: 'completion_rate',
    label: 'Completion rate',
    value: projects.length ? round((done / projects.length) * 100) : null,
    unit: '%',
    direction: 'higher_is_better',
    thresholds: COMPLETION_THRESHOLDS,
    source: 'projects',
    explanation: `${done} of ${projects.length} visible projects are DELIVERED or CLOSED.`,
  });
}

export function stalledRate(projects: readonly ProjectFact[], histories: Histories, now: number): Kpi {
  const active = projects.filter((p) => p.state === 'IN_PROGRESS');
  const stalled = active.map((p) => stagnationOf(p, histories.get(p.id), now)).filter((a) => a !== null);
  return kpi({
    key: 'stalled_rate',
    label: 'Stalled projects',
    value: active.length ? round((stalled.length / active.length) * 100) : null,
    unit: '%',
    direction: 'lower_is_better',
    thresholds: STALLED_THRESHOLDS,
    source: 'projects',
    explanation: `${stalled.length} of ${active.length} IN_PROGRESS projects have been silent longer than max(14 days, 3 × their usual gap).`,
    breakdown: stalled
      .sort((a, b) => b.daysSinceActivity - a.daysSinceActivity)
      .slice(0, BREAKDOWN_LIMIT)
      .map((a) => ({ key: a.name, value: a.daysSinceActivity, detail: 'days silent' })),
  });
}

export function healthOfAll(projects: readonly ProjectFact[], histories: Histories, now: number): ProjectHealth[] {
  return projects.filter((p) => IN_FLIGHT.has(p.state)).map((p) => projectHealth(p, histories.get(p.id), now));
}

export function distributionOf(health: readonly ProjectHealth[]): HealthDistribution {
  const d: HealthDistribution = { good: 0, warning: 0, critical: 0, not_scored: 0 };
  for (const h of health) d[h.status]++;
  return d;
}

export function kpiDashboard(
  projects: readonly ProjectFact[],
  histories: Histories,
  stats: OrgStatistics | null,
  now: number,
  notes: string[] = [],
): Dashboard {
  const health = healthOfAll(projects, histories, now);
  const { series, source } = throughputSeries(projects, stats, now);
  const states = new Map<string, number>();
  for (const p of projects) states.set(p.state, (states.get(p.state) ?? 0) + 1);
  return {
    generatedAt: new Date(now).toISOString(),
    projects: { total: projects.length, byState: [...states].map(([state, count]) => ({ state, count })) },
    kpis: [
      completionRate(projects),
      onTimeDelivery(projects, stats, now),
      stalledRate(projects, histories, now),
      averageApprovalTime(projects, stats),
      rejectionRate(projects, stats),
      throughput(series, source),
      pmWorkload(projects),
      approverWorkload(projects, now),
    ],
    healthDistribution: distributionOf(health),
    criticalProjects: health
      .filter((h) => h.status === 'critical')
      .sort((a, b) => a.score! - b.score!)
      .slice(0, CRITICAL_LIST_LIMIT)
      .map((h) => ({
        projectId: h.projectId,
        name: h.name,
        score: h.score!,
        flags: h.flags,
        reasons: h.reasons.slice(0, 3),
      })),
    throughputByMonth: series,
    openProjectsByMonth: stats?.openProjectsCountByMonth ?? [],
    notes,
  };
}

/**
 * Workload KPIs (lower is better): open projects per project manager and artworks waiting per
 * approver. Each KPI's value is the busiest person's load, since an average hides overload; the
 * breakdown lists everyone. Open = IN_PROGRESS or STAND_BY.
 */
import { waitingArtworks } from './approvals.js';
import { BREAKDOWN_LIMIT, kpi, type Kpi } from './kpi.js';
import { plural } from './text.js';
import type { ProjectFact } from './types.js';

export const PM_WORKLOAD_THRESHOLDS = { good: 8, warning: 12 };
export const APPROVER_WORKLOAD_THRESHOLDS = { good: 5, warning: 15 };
export const NO_MANAGER = '(no project manager)';

const OPEN = new Set(['IN_PROGRESS', 'STAND_BY']);

export function pmWorkload(projects: readonly ProjectFact[]): Kpi {
  const by = new Map<string, { open: number; onHold: number }>();
  for (const p of projects) {
    if (!OPEN.has(p.state)) continue;
    const k = p.projectManager?.username ?? NO_MANAGER;
    const e = by.get(k) ?? { open: 0, onHold: 0 };
    e.open++;
    if (p.state === 'STAND_BY') e.onHold++;
    by.set(k, e);
  }
  const rows = [...by].sort((a, b) => b[1].open - a[1].open || a[0].localeCompare(b[0]));
  const named = rows.filter(([k]) => k !== NO_MANAGER);
  const top = named[0];
  const orphan = by.get(NO_MANAGER)?.open ?? 0;
  return kpi({
    key: 'workload_per_project_manager',
    label: 'Open projects of the busiest project manager',
    value: top ? top[1].open : null,
    unit: 'projects',
    direction: 'lower_is_better',
    thresholds: PM_WORKLOAD_THRESHOLDS,
    source: 'projects',
    explanation:
      (top
        ? `${top[0]} manages ${plural(top[1].open, 'open project')}; ${plural(named.length, 'project manager')} in all.`
        : 'No open project has a project manager.') +
      (orphan ? ` ${plural(orphan, 'open project')} ${orphan === 1 ? 'has' : 'have'} no project manager.` : ''),
    breakdown: rows.slice(0, BREAKDOWN_LIMIT).map(([k, v]) => ({
      key: k,
      value: v.open,
      detail: v.onHold ? `${v.onHold} on stand-by` : 'open projects',
    })),
  });
}

export function approverWorkload(projects: readonly ProjectFact[], now: number): Kpi {
  const by = new Map<string, { artworks: number; maxDays: number }>();
  for (const p of projects) {
    if (!OPEN.has(p.state)) continue;
    for (const w of waitingArtworks(p, now)) {
      for (const u of w.waitingOn) {
        const e = by.get(u) ?? { artworks: 0, maxDays: 0 };
        e.artworks++;
        e.maxDays = Math.max(e.maxDays, w.days ?? 0);
        by.set(u, e);
      }
    }
  }
  const rows = [...by].sort(
    (a, b) => b[1].artworks - a[1].artworks || b[1].maxDays - a[1].maxDays || a[0].localeCompare(b[0]),
  );
  const top = rows[0];
  return kpi({
    key: 'workload_per_approver',
    label: 'Artworks waiting on the busiest approver',
    value: top ? top[1].artworks : 0,
    unit: 'artworks',
    direction: 'lower_is_better',
    thresholds: APPROVER_WORKLOAD_THRESHOLDS,
    source: 'projects',
    explanation: top
      ? `${top[0]} has ${plural(top[1].artworks, 'artwork')} waiting for a decision (longest ${top[1].maxDays} days); ${plural(rows.length, 'approver')} have something waiting.`
      : 'Nobody has an artwork waiting for a decision.',
    breakdown: rows
      .slice(0, BREAKDOWN_LIMIT)
      .map(([k, v]) => ({ key: k, value: v.artworks, detail: `longest wait ${v.maxDays} days` })),
  });
}

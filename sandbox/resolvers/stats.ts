/**
 * Statistics computed from stored data and history, and the canned "AI" project summary.
 * Months are UTC calendar months; "the past year" is the current month and the 11 before it.
 */
import type { Ctx } from './context.js';
import { displayName, requireProject } from './context.js';
import { badInput } from '../errors.js';
import { DAY_MS, dayStart, monthStart, toDay } from '../time.js';
import { progress } from '../domain/rules.js';

const MONTHS = 12;

interface Month {
  month: number;
  year: number;
  monthValue: number;
  ym: string;
}

function monthsBetween(from: number, to: number): Month[] {
  const out: Month[] = [];
  for (let m = monthStart(from); m <= to; m = monthStart(m, 1)) {
    const d = new Date(m);
    out.push({ month: m, year: d.getUTCFullYear(), monthValue: d.getUTCMonth() + 1, ym: toDay(m).slice(0, 7) });
  }
  return out;
}

const pastYear = (now: number) => monthsBetween(monthStart(now, -(MONTHS - 1)), now);

/** A duration the way the JVM prints one (`java.time.Duration`): `PT76H30M`, `PT0S`. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0 && m === 0) return 'PT0S';
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}`;
}

export const Statistics = {
  approvalStats: (_: unknown, __: unknown, ctx: Ctx) => {
    const rows = ctx.store.stats.approvedArtworks();
    const timed = rows.filter((r) => r.firstRevisionAt !== null && r.approvalDate >= r.firstRevisionAt);
    const avgMs = timed.length
      ? timed.reduce((s, r) => s + (r.approvalDate - r.firstRevisionAt!), 0) / timed.length
      : 0;
    const avgRevisions = rows.length ? rows.reduce((s, r) => s + r.revisions, 0) / rows.length : 0;
    return {
      approvedArtworks: rows.length,
      averageApprovalTime: formatDuration(avgMs),
      averageRevisions: Math.round(avgRevisions * 100) / 100,
    };
  },

  deliveredArtworksPerMonth: (_: unknown, args: { startDate?: number | null; endDate?: number | null }, ctx: Ctx) => {
    const now = ctx.now();
    const from = args.startDate ?? monthStart(now, -(MONTHS - 1));
    const to = args.endDate ?? now;
    if (to < from) throw badInput('endDate is before startDate');
    if (to - from > 10 * 366 * DAY_MS) throw badInput('the range may span at most 10 years');
    const counts = new Map(ctx.store.stats.deliveredPerMonth(from, to).map((r) => [r.ym, r.n]));
    return monthsBetween(from, to).map((m) => ({
      month: m.month,
      year: m.year,
      monthValue: m.monthValue,
      count: counts.get(m.ym) ?? 0,
    }));
  },

  onTimeDeliveriesPerMonth: (_: unknown, __: unknown, ctx: Ctx) => {
    const months = pastYear(ctx.now());
    const buckets = new Map(months.map((m) => [m.ym, { onTime: 0, late: 0 }]));
    for (const d of ctx.store.stats.deliveries(months[0].month)) {
      const bucket = buckets.get(toDay(d.deliveryDate).slice(0, 7));
      if (!bucket) continue;
      const late = d.due !== null && d.deliveryDate >= dayStart(d.due) + DAY_MS;
      if (late) bucket.late++;
      else bucket.onTime++;
    }
    return months.map((m) => {
      const { onTime, late } = buckets.get(m.ym)!;
      const total = onTime + late;
      return {
        month: m.month,
        year: m.year,
        monthValue: m.monthValue,
        total,
        onTime,
        late,
        onTimePercentage: total ? Math.round((onTime / total) * 1000) / 10 : 0,
      };
    });
  },

  artworkRejectionsByCategoryPerMonth: (_: unknown, __: unknown, ctx: Ctx) => {
    const months = new Map(pastYear(ctx.now()).map((m) => [m.ym, m]));
    const first = [...months.values()][0].month;
    return ctx.store.stats.rejectionsPerCategoryMonth(first).flatMap((r) => {
      const m = months.get(r.ym);
      return m
        ? [
            {
              category: r.category,
              categoryId: r.categoryId,
              month: m.month,
              year: m.year,
              monthValue: m.monthValue,
              count: r.n,
            },
          ]
        : [];
    });
  },
};

export const statsQueries = {
  statistics: () => ({}),

  openProjectsCountByMonth: (_: unknown, __: unknown, ctx: Ctx) => {
    const now = ctx.now();
    return pastYear(now).map((m) => ({
      month: toDay(m.month),
      count: ctx.store.stats.openProjectsAt(Math.min(monthStart(m.month, 1) - 1, now)),
    }));
  },

  /** Canned: a deterministic text assembled from the project's data (no model is called). */
  openAIProjectSummary: (
    _: unknown,
    args: { projectId: string; audience: 'PROJECT_MANAGER' | 'ORDERER' | 'GRAPHICS_CREATOR' },
    ctx: Ctx,
  ) => {
    const p = requireProject(ctx, args.projectId);
    const s = ctx.store;
    const prog = progress(s.projects.stateCounts(p.id));
    const artworks = s.projects.artworks(p.id);
    const manager = p.managerId ? s.users.byId(p.managerId) : undefined;
    const waiting = artworks.filter((a) => a.state === 'FOR_REVIEW' || a.state === 'COMMENTED').map((a) => a.name);
    const toFix = artworks.filter((a) => a.state === 'REJECTED' || a.state === 'COMMENTED').map((a) => a.name);
    const lines = [
      `Summary of "${p.name}" (${p.state}) for the ${args.audience.toLowerCase().replace('_', ' ')}.`,
      `${prog.artworksDone} of ${prog.totalArtworks} artworks are done (${prog.percentageDone}%), ${prog.artworksInProgress} in progress, ${prog.artworksUnstarted} not started.`,
      `Orderer: ${displayName(s.users.byId(p.ordererId)!)}; project manager: ${manager ? displayName(manager) : 'none'}; due: ${p.endDate ?? 'no end date'}.`,
    ];
    if (args.audience === 'GRAPHICS_CREATOR')
      lines.push(toFix.length ? `Needs new revisions: ${toFix.join(', ')}.` : 'No artwork needs a new revision.');
    else lines.push(waiting.length ? `Waiting for review: ${waiting.join(', ')}.` : 'Nothing is waiting for review.');
    lines.push('(Sandbox: canned summary, no AI model was used.)');
    return lines.join('\n');
  },
};

/**
 * Fetches what the analytics read, in as few requests as the API allows:
 * - projects: one AnalyticsPage query per PAGE_SIZE projects (artworks and approvers included);
 * - histories: for projects in flight (IN_PROGRESS, STAND_BY) and for every other project active
 *   in the patterns period (`lastActivity`, else `created`, on or after the first day of the month
 *   PATTERN_MONTHS − 1 months ago), HISTORY_BATCH per request, so team patterns see finished work;
 * - statistics: one request, alongside the first page.
 * Pages and batches run CONCURRENCY at a time. The whole set is cached per caller for a short TTL
 * and concurrent identical requests share one load. History and statistics failures degrade the
 * result (with a note) instead of failing it.
 */
import type { CwaySession } from '../../cway/client.js';
import { CapabilityError } from '../../errors.js';
import type { EventFact, ProjectFact } from '../../analytics/types.js';
import type { OrgStatistics as Statistics } from '../../analytics/kpi.js';
import { THROUGHPUT_MONTHS } from '../../analytics/kpi-delivery.js';
import { patternsPeriodStart } from '../../analytics/patterns.js';
import { parseInstant } from '../../analytics/time.js';
import type { CapabilityContext } from '../define.js';
import { analyticsKey, defaultAnalyticsCache, type Progress } from './cache.js';
import { toEvents, toProjectFact } from './facts.js';
import { mapLimit } from './pool.js';
import { AnalyticsPage, HISTORY_BATCH, historyBatchDocument, OrgStatistics } from './queries.js';

export const PAGE_SIZE = 100;
export const CONCURRENCY = 4;
const IN_FLIGHT = new Set(['IN_PROGRESS', 'STAND_BY']);

/** Projects whose history is read: in flight, or active since the patterns period began. */
export function historyWanted(p: ProjectFact, now: number): boolean {
  if (IN_FLIGHT.has(p.state)) return true;
  const last = parseInstant(p.lastActivity) ?? parseInstant(p.created);
  return last !== null && last >= patternsPeriodStart(now);
}

export interface OrgData {
  projects: ProjectFact[];
  histories: Map<string, EventFact[]>;
  statistics: Statistics | null;
  notes: string[];
  requests: { pages: number; historyBatches: number; statistics: number };
  /** When the data was read (ISO-8601 UTC): every answer built from it is as of this time. */
  asOf: string;
}

/** `ids` in batches of at most HISTORY_BATCH (the last one may be shorter). */
export function historyBatches(ids: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += HISTORY_BATCH) out.push(ids.slice(i, i + HISTORY_BATCH));
  return out;
}

/** The variables of a batch: `$p0`, `$p1`, ... in order. */
export function batchVariables(chunk: readonly string[]): Record<string, string> {
  return Object.fromEntries(chunk.map((id, i) => [`p${i}`, id]));
}

const degradable = (err: unknown) => err instanceof CapabilityError && err.code !== 'unauthorized';

function statisticsRange(now: number) {
  const d = new Date(now);
  return { from: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - (THROUGHPUT_MONTHS - 1), 1), to: now };
}

async function readStatistics(
  cway: CwaySession,
  now: number,
  signal: AbortSignal,
  notes: string[],
): Promise<Statistics | null> {
  try {
    const data = await cway.request(OrgStatistics, statisticsRange(now), { signal });
    const s = data.statistics;
    return {
      approvalStats: s.approvalStats,
      onTimeDeliveriesPerMonth: s.onTimeDeliveriesPerMonth,
      deliveredArtworksPerMonth: s.deliveredArtworksPerMonth,
      artworkRejectionsByCategoryPerMonth: s.artworkRejectionsByCategoryPerMonth,
      openProjectsCountByMonth: data.openProjectsCountByMonth.map((m) => ({ month: m.month, count: m.count })),
    };
  } catch (err) {
    if (!degradable(err)) throw err;
    notes.push(
      `Cway statistics could not be read (${(err as CapabilityError).code}); KPIs were derived from project data.`,
    );
    return null;
  }
}

export async function fetchOrganisation(
  cway: CwaySession,
  now: number,
  signal: AbortSignal,
  progress: Progress,
): Promise<OrgData> {
  const notes: string[] = [];
  let done = 0;
  const stats = readStatistics(cway, now, signal, notes);
  const readPage = async (page: number) => {
    const data = await cway.request(AnalyticsPage, { paging: { page, pageSize: PAGE_SIZE } }, { signal });
    return data.projects ?? { page, totalHits: 0, projects: [] };
  };
  const first = await readPage(0);
  const pages = Math.max(1, Math.ceil(Number(first.totalHits) / PAGE_SIZE));
  progress(++done, pages + 1, `Read page 1 of ${pages} of projects`);
  const rest = await mapLimit(
    Array.from({ length: pages - 1 }, (_, i) => i + 1),
    CONCURRENCY,
    async (page) => {
      const r = await readPage(page);
      progress(++done, pages + 1, `Read page ${page + 1} of ${pages} of projects`);
      return r;
    },
  );
  const byId = new Map<string, ProjectFact>();
  for (const r of [first, ...rest]) {
    for (const p of r.projects) {
      const fact = toProjectFact(p);
      byId.set(fact.id, fact);
    }
  }
  const projects = [...byId.values()];

  const batches = historyBatches(projects.filter((p) => historyWanted(p, now)).map((p) => p.id));
  const total = pages + batches.length + 1;
  const histories = new Map<string, EventFact[]>();
  let historyFailure: string | null = null;
  await mapLimit(batches, CONCURRENCY, async (chunk) => {
    try {
      const data = await cway.request(historyBatchDocument('project', chunk.length), batchVariables(chunk), { signal });
      chunk.forEach((id, i) => histories.set(id, toEvents(data[`h${i}`])));
    } catch (err) {
      if (!degradable(err)) throw err;
      historyFailure ??= (err as CapabilityError).code;
    }
    progress(++done, total, `Read histories (${histories.size} projects)`);
  });
  if (historyFailure)
    notes.push(
      `Some project histories could not be read (${historyFailure}); cadence falls back to the 14-day floor and rejections to current states for those projects.`,
    );
  const statistics = await stats;
  progress(total, total, 'Loaded');
  return {
    projects,
    histories,
    statistics,
    notes,
    requests: { pages, historyBatches: batches.length, statistics: 1 },
    asOf: new Date(now).toISOString(),
  };
}

/** The organisation's analytics inputs, cached per caller and shared by concurrent requests. */
export function loadOrganisation(ctx: CapabilityContext): Promise<OrgData> {
  const cache = ctx.services.analyticsCache ?? defaultAnalyticsCache;
  const key = analyticsKey('org', ctx.services.apiUrl, ctx.callerId);
  return cache.get(key, (signal, progress) => fetchOrganisation(ctx.cway, ctx.now().getTime(), signal, progress), {
    signal: ctx.signal,
    progress: (d, t, m) => ctx.progress(d, t, m),
  });
}

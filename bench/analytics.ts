/**
 * Benchmark of the KPI dashboard at scale (called by bench/sections/analytics-scale.ts; not part
 * of `npm test`). Starts a sandbox with `projects` generated projects in this process, then
 * computes the dashboard through the capability handler exactly as a surface would, with a fresh
 * cache, and once more to show the cached cost. Memory figures include the in-process sandbox;
 * `rssDeltaMb` is the growth during the computation.
 */
import { startSandbox } from '../sandbox/server.js';
import { CwayClient } from '../src/cway/client.js';
import { makeContext } from '../src/capabilities/context.js';
import type { Logger } from '../src/capabilities/define.js';
import type { Services } from '../src/capabilities/services.js';
import { AnalyticsCache } from '../src/capabilities/analytics/cache.js';
import getKpiDashboard from '../src/capabilities/analytics/get-kpi-dashboard.js';

export interface AnalyticsBenchResult {
  /** Wall time of the first (uncached) dashboard, ms. */
  wallMs: number;
  /** Peak resident set size during it (sandbox included), MB. */
  rssMb: number;
  rssDeltaMb: number;
  /** Heap in use right after it, MB. */
  heapMb: number;
  /** Requests the sandbox received for it. */
  upstreamRequests: number;
  pages: number;
  historyBatches: number;
  projects: number;
  /** Wall time of the same dashboard again within the cache TTL, ms. */
  cachedMs: number;
  seedMs: number;
}

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export async function benchAnalytics(opts: { projects: number }): Promise<AnalyticsBenchResult> {
  const seedStart = performance.now();
  const sandbox = await startSandbox({ port: 0, projects: opts.projects });
  const seedMs = Math.round(performance.now() - seedStart);
  try {
    const client = new CwayClient({ url: sandbox.url, timeoutMs: 120_000 });
    // The dashboard needs no confirmations; the bench gives it only what it reads.
    const services = {
      apiUrl: sandbox.url,
      sandbox: true,
      webBaseUrl: 'https://app.cway.se',
      analyticsCache: new AnalyticsCache(),
    } as unknown as Services;
    const ctx = () => makeContext({ client, token: sandbox.adminToken, services, log: quiet });

    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const before = sandbox.stats().requests;
    const started = performance.now();
    const result = await getKpiDashboard.handler({}, ctx());
    const wallMs = Math.round(performance.now() - started);
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const upstreamRequests = sandbox.stats().requests - before;
    const heapMb = mb(process.memoryUsage().heapUsed);

    const again = performance.now();
    await getKpiDashboard.handler({}, ctx());
    const cachedMs = Math.round(performance.now() - again);

    return {
      wallMs,
      rssMb: mb(peak),
      rssDeltaMb: mb(peak - rssBefore),
      heapMb,
      upstreamRequests,
      pages: result.dataUsed.pages,
      historyBatches: result.dataUsed.historyBatches,
      projects: result.dataUsed.projects,
      cachedMs,
      seedMs,
    };
  } finally {
    await sandbox.close();
  }
}

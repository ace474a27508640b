/**
 * Benchmark of artwork search at scale (not part of `npm test`): a sandbox with `projects`
 * generated projects in this process, then `search_artworks` through its capability handler as
 * a surface would call it: first with a cold per-caller cache (a full bounded scan), then again
 * within the cache TTL. Prints one JSON object.
 *
 *   node dist/bench/artwork-search.js [--projects 10000] [--query "toothpaste"]
 */
import { parseArgs } from 'node:util';
import { startSandbox } from '../sandbox/server.js';
import { CwayClient } from '../src/cway/client.js';
import { makeContext } from '../src/capabilities/context.js';
import type { Logger } from '../src/capabilities/define.js';
import type { Services } from '../src/capabilities/services.js';
import { AnalyticsCache } from '../src/capabilities/analytics/cache.js';
import searchArtworks from '../src/capabilities/search/search-artworks.js';
import { MAX_CALLERS, TTL_MS } from '../src/capabilities/search/artwork-index.js';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export async function benchArtworkSearch(opts: { projects: number; query: string }) {
  const seedStart = performance.now();
  const sandbox = await startSandbox({ port: 0, projects: opts.projects });
  const seedMs = Math.round(performance.now() - seedStart);
  try {
    const client = new CwayClient({ url: sandbox.url, timeoutMs: 120_000 });
    const services = {
      apiUrl: sandbox.url,
      sandbox: true,
      webBaseUrl: 'https://app.cway.se',
      artworkIndexCache: new AnalyticsCache({ ttlMs: TTL_MS, maxEntries: MAX_CALLERS }),
    } as unknown as Services;
    const ctx = () => makeContext({ client, token: sandbox.adminToken, services, log: quiet });
    const heapBefore = process.memoryUsage().heapUsed;
    const before = sandbox.stats().requests;
    const started = performance.now();
    const first = await searchArtworks.handler({ query: opts.query, limit: 25 }, ctx());
    const wallMs = Math.round(performance.now() - started);
    const upstreamRequests = sandbox.stats().requests - before;
    const heapDeltaMb = mb(process.memoryUsage().heapUsed - heapBefore);
    const again = performance.now();
    const second = await searchArtworks.handler({ query: `${opts.query} carton`, limit: 25 }, ctx());
    const cachedMs = Math.round(performance.now() - again);
    const cachedRequests = sandbox.stats().requests - before - upstreamRequests;
    return {
      projects: opts.projects,
      query: opts.query,
      seedMs,
      wallMs,
      upstreamRequests,
      projectsSearched: first.projectsSearched,
      projectsVisible: first.projectsVisible,
      cutShort: first.cutShort,
      matches: first.matches,
      heapDeltaMb,
      cachedMs,
      cachedRequests,
      cachedMatches: second.matches,
    };
  } finally {
    await sandbox.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { projects: { type: 'string', default: '10000' }, query: { type: 'string', default: 'toothpaste' } },
  });
  const result = await benchArtworkSearch({ projects: Number(values.projects), query: values.query! });
  console.log(JSON.stringify(result, null, 2));
}

/**
 * The /metrics route's access rule, decided once at start:
 *
 * - METRICS_TOKEN set: every scrape must send `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise);
 * - not set, loopback bind: open (only this machine can reach it; a proxy in front must not forward
 *   /metrics, see docs/deploy.md);
 * - not set, any other bind: off (404), so a public bind never exposes it by accident.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { bearerToken } from '../auth/authenticate.js';
import { scrape } from './metrics.js';

export type MetricsAnswer =
  | { status: 200; body: string; contentType: string }
  | { status: 401 | 404; body: string; contentType: string; headers?: Record<string, string> };

const digest = (s: string) => createHash('sha256').update(s).digest();

export function metricsHandler(opts: { token: string | null; loopback: boolean }) {
  const want = opts.token === null ? null : digest(opts.token);
  return async (authorization: string | undefined): Promise<MetricsAnswer> => {
    if (want === null && !opts.loopback) {
      return {
        status: 404,
        contentType: 'text/plain; charset=utf-8',
        body: 'Metrics are off on a non-loopback bind; set METRICS_TOKEN to serve them to a scraper that sends it.\n',
      };
    }
    if (want !== null) {
      const given = bearerToken(authorization);
      if (!given || !timingSafeEqual(digest(given), want)) {
        return {
          status: 401,
          contentType: 'text/plain; charset=utf-8',
          body: 'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".\n',
          headers: { 'www-authenticate': 'Bearer realm="metrics"' },
        };
      }
    }
    return { status: 200, ...(await scrape()) };
  };
}

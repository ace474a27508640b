/**
 * A closed-loop load: each worker makes one call at a time, back to back, until it has made
 * `calls` calls or `durationMs` has passed. Every call's latency is kept; failures are counted,
 * and the first few messages are kept for the report.
 */
import type { Call } from './targets.js';

export interface LoadResult {
  latencies: number[];
  ok: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
}

export async function closedLoop(
  workers: readonly Call[],
  stop: { calls?: number; durationMs?: number },
): Promise<LoadResult> {
  if (!(stop.calls! >= 0) && !(stop.durationMs! >= 0))
    throw new Error('closedLoop needs a number of calls or a duration');
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = stop.durationMs !== undefined ? started + stop.durationMs : Infinity;
  const perWorker = stop.calls ?? Infinity;
  await Promise.all(
    workers.map(async (call) => {
      for (let i = 0; i < perWorker && performance.now() < deadline; i++) {
        const t0 = performance.now();
        try {
          await call();
          latencies.push(performance.now() - t0);
        } catch (err) {
          errors++;
          if (errorSamples.length < 3) errorSamples.push(err instanceof Error ? err.message : String(err));
        }
      }
    }),
  );
  return { latencies, ok: latencies.length, errors, errorSamples, seconds: (performance.now() - started) / 1000 };
}

/** Runs `fn` over `items` with at most `limit` at a time; returns the results in order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

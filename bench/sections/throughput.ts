/**
 * Throughput: completed calls per second with N concurrent sessions (each a worker calling back
 * to back for a fixed time), per surface, with the direct GraphQL rate beside it for scale.
 * The figure counts only when every call succeeded.
 */
import type { Child } from '../lib/procs.js';
import type { SandboxInfo, ServerInfo } from '../lib/env.js';
import { closedLoop, mapLimit } from '../lib/load.js';
import { round, summarize } from '../lib/stats.js';
import { directCall, mcpCall, restCall, type Call, type Target } from '../lib/targets.js';
import { openModern, openSse, openStreamable, type RpcSession } from '../lib/wire.js';
import { SURFACES, type Surface } from './overhead.js';

export interface ThroughputRow {
  surface: Surface;
  concurrency: number;
  callsPerSecond: number;
  calls: number;
  errors: number;
  errorSamples: string[];
  medianMs: number;
  p99Ms: number;
  /** Zero errors. */
  pass: boolean;
}

export async function runThroughput(
  sandbox: Child<SandboxInfo>,
  server: Child<ServerInfo>,
  target: Target,
  opts: { concurrency: number[]; durationMs: number },
  progress: (msg: string) => void,
): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  const token = sandbox.info.adminToken;
  for (const c of opts.concurrency) {
    const slots = Array.from({ length: c }, (_, i) => i);
    const sessions: RpcSession[] = [];
    try {
      const modern = await mapLimit(slots, 20, () => openModern(server.info.url));
      const streamable = await mapLimit(slots, 20, () => openStreamable(server.info.url));
      sessions.push(...streamable);
      const sse = await mapLimit(slots, 20, () => openSse(server.info.url));
      sessions.push(...sse);
      const workers: Record<Surface, Call[]> = {
        direct: slots.map(() => directCall(target, sandbox.info.url, token)),
        modern: modern.map((s) => mcpCall(target, s)),
        streamable: streamable.map((s) => mcpCall(target, s)),
        sse: sse.map((s) => mcpCall(target, s)),
        rest: slots.map(() => restCall(target, server.info.url, token)),
      };
      for (const s of SURFACES) {
        await closedLoop(workers[s], { calls: 2 }); // warm connections
        const r = await closedLoop(workers[s], { durationMs: opts.durationMs });
        const sum = summarize(r.latencies);
        const row: ThroughputRow = {
          surface: s,
          concurrency: c,
          callsPerSecond: round(r.ok / r.seconds, 0),
          calls: r.ok,
          errors: r.errors,
          errorSamples: r.errorSamples,
          medianMs: round(sum.median, 2),
          p99Ms: round(sum.p99, 2),
          pass: r.errors === 0 && r.ok > 0,
        };
        rows.push(row);
        progress(`throughput ${s} c=${c}: ${row.callsPerSecond}/s, ${row.errors} errors, median ${row.medianMs} ms`);
      }
    } finally {
      await Promise.all(sessions.map((s) => s.close()));
    }
  }
  return rows;
}

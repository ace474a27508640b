/**
 * Overhead: the latency of one tool call through each surface, divided by the latency of the same
 * GraphQL request(s) sent straight to the sandbox, at each concurrency. Surfaces take turns in
 * rounds (the starting surface rotates), so drift in the machine's load falls on all of them alike.
 * The CPU the server and the sandbox spend per call is read alongside, to explain the figures.
 * Beside them runs the floor (bench/children/floor.ts): the same GraphQL requests through the
 * least a Node gateway can do, a reference for what one extra hop costs here, not a target.
 */
import type { Child } from '../lib/procs.js';
import { cpuMs, type SandboxInfo, type ServerInfo } from '../lib/env.js';
import { closedLoop, mapLimit } from '../lib/load.js';
import { round, summarize } from '../lib/stats.js';
import { directCall, mcpCall, restCall, type Call, type Target } from '../lib/targets.js';
import { openModern, openSse, openStreamable, type RpcSession } from '../lib/wire.js';

export const SURFACES = ['direct', 'modern', 'streamable', 'sse', 'rest'] as const;
export type Surface = (typeof SURFACES)[number];
/** What the overhead section measures: the surfaces and the floor proxy. */
export const MEASURED = ['direct', 'floor', 'modern', 'streamable', 'sse', 'rest'] as const;
export type Measured = (typeof MEASURED)[number];
/** The server's surfaces, the ones the target is about. */
export const SERVER_SURFACES = ['modern', 'streamable', 'sse', 'rest'] as const;
/**
 * The target, measured against a realistic upstream: every surface's median within 1.05× and p99
 * within 1.2× of the direct call with 20 ms added to every sandbox request (about what a remote
 * Cway adds), and the server's CPU per call within 2× the floor proxy's.
 */
export const TARGET = { medianRatio: 1.05, p99Ratio: 1.2, upstreamLatencyMs: 20, cpuVsFloor: 2 };

export interface SurfaceFigures {
  n: number;
  errors: number;
  errorSamples: string[];
  medianMs: number;
  p99Ms: number;
  /** CPU the server (for the floor: the floor proxy) spent per call (ms). */
  serverCpuMs: number;
  /** CPU the sandbox spent per call (ms). */
  sandboxCpuMs: number;
  medianRatio?: number;
  p99Ratio?: number;
  pass?: boolean;
}

export interface OverheadRow {
  tool: string;
  concurrency: number;
  /** Latency the sandbox added to every request (0: none, the target's measurement). */
  upstreamLatencyMs: number;
  /** Every surface measured (a run with --surfaces leaves the others out). */
  surfaces: Partial<Record<Measured, SurfaceFigures>> & { direct: SurfaceFigures };
}

export interface OverheadOptions {
  concurrency: number[];
  rounds: number;
  /** Calls per worker per round, by concurrency. */
  callsPerWorker(concurrency: number): number;
  warmupCallsPerWorker: number;
  /** Added to every sandbox request, to see the overhead against a slower upstream (default 0). */
  upstreamLatencyMs?: number;
  /** Only these are measured (default all); `direct`, the baseline, always is. */
  surfaces?: readonly Measured[];
}

export async function runOverhead(
  sandbox: Child<SandboxInfo>,
  server: Child<ServerInfo>,
  floor: Child<ServerInfo>,
  targets: Target[],
  opts: OverheadOptions,
  progress: (msg: string) => void,
): Promise<OverheadRow[]> {
  const maxC = Math.max(...opts.concurrency);
  const slots = Array.from({ length: maxC }, (_, i) => i);
  const measured = MEASURED.filter((s) => s === 'direct' || !opts.surfaces || opts.surfaces.includes(s));
  const open = <T>(s: Measured, how: () => Promise<T>) => (measured.includes(s) ? mapLimit(slots, 10, how) : []);
  const modern = await open('modern', () => openModern(server.info.url));
  const streamable = await open('streamable', () => openStreamable(server.info.url));
  const sse = await open('sse', () => openSse(server.info.url));
  const token = sandbox.info.adminToken;
  const rows: OverheadRow[] = [];
  const latency = opts.upstreamLatencyMs ?? 0;
  if (latency) await sandbox.ask('faults', { latencyMs: latency });
  try {
    for (const t of targets) {
      for (const c of opts.concurrency) {
        const workers: Record<Measured, Call[]> = {
          direct: slots.slice(0, c).map(() => directCall(t, sandbox.info.url, token)),
          floor: slots.slice(0, c).map(() => directCall(t, floor.info.url, token)),
          modern: modern.slice(0, c).map((s: RpcSession) => mcpCall(t, s)),
          streamable: streamable.slice(0, c).map((s: RpcSession) => mcpCall(t, s)),
          sse: sse.slice(0, c).map((s) => mcpCall(t, s)),
          rest: slots.slice(0, c).map(() => restCall(t, server.info.url, token)),
        };
        for (const s of measured) await closedLoop(workers[s], { calls: opts.warmupCallsPerWorker });
        const acc = Object.fromEntries(
          measured.map((s) => [
            s,
            { latencies: [] as number[], errors: 0, errorSamples: [] as string[], serverCpu: 0, sandboxCpu: 0 },
          ]),
        ) as Record<
          Measured,
          { latencies: number[]; errors: number; errorSamples: string[]; serverCpu: number; sandboxCpu: number }
        >;
        for (let r = 0; r < opts.rounds; r++) {
          for (let k = 0; k < measured.length; k++) {
            const s = measured[(r + k) % measured.length]!;
            const inner = await cpuMs(sandbox, () =>
              cpuMs(s === 'floor' ? floor : server, () => closedLoop(workers[s], { calls: opts.callsPerWorker(c) })),
            );
            const a = acc[s];
            a.latencies.push(...inner.value.value.latencies);
            a.errors += inner.value.value.errors;
            a.errorSamples.push(...inner.value.value.errorSamples.slice(0, 3 - a.errorSamples.length));
            a.serverCpu += inner.value.cpuMs;
            a.sandboxCpu += inner.cpuMs;
          }
        }
        const figures = {} as Record<Measured, SurfaceFigures>;
        for (const s of measured) {
          const a = acc[s];
          const sum = summarize(a.latencies);
          const calls = Math.max(1, a.latencies.length + a.errors);
          figures[s] = {
            n: sum.n,
            errors: a.errors,
            errorSamples: a.errorSamples,
            medianMs: round(sum.median, 3),
            p99Ms: round(sum.p99, 3),
            serverCpuMs: round(a.serverCpu / calls, 3),
            sandboxCpuMs: round(a.sandboxCpu / calls, 3),
          };
        }
        const base = figures.direct;
        for (const s of measured) {
          if (s === 'direct') continue;
          const f = figures[s];
          f.medianRatio = round(f.medianMs / base.medianMs);
          f.p99Ratio = round(f.p99Ms / base.p99Ms);
          if (s === 'floor') continue; // a reference, not held to the target
          if (latency !== TARGET.upstreamLatencyMs) continue; // the loopback rows are context
          f.pass =
            f.errors === 0 && base.errors === 0 && f.medianRatio <= TARGET.medianRatio && f.p99Ratio <= TARGET.p99Ratio;
        }
        rows.push({ tool: t.tool, concurrency: c, upstreamLatencyMs: latency, surfaces: figures });
        progress(
          `overhead ${t.tool} c=${c}${latency ? ` (+${latency} ms upstream)` : ''}: direct ${base.medianMs} ms; ` +
            measured
              .filter((s) => s !== 'direct')
              .map((s) => `${s} ×${figures[s].medianRatio} (p99 ×${figures[s].p99Ratio})`)
              .join(', '),
        );
      }
    }
  } finally {
    if (latency) await sandbox.ask('faults', { latencyMs: 0 });
    await Promise.all([...streamable, ...sse].map((s) => s.close()));
  }
  return rows;
}

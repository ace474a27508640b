/**
 * Prometheus metrics for operators, one registry per process (prom-client). Every label takes its
 * values from a closed set, so the number of series is bounded whatever callers send:
 *
 * - `capability`: a name from the registry (src/capabilities/index.ts), about sixty;
 * - `surface`: mcp | rest | resource;
 * - `outcome`: ok, an ErrorCode from src/errors.ts, needs_confirmation, cancelled or other;
 * - `operation`: a GraphQL operation name written in our own source (never taken from a request);
 * - `transport`: streamable | sse; `reason`: one of the few fixed refusal reasons below;
 * - `op`: a store method name.
 *
 * Capabilities report through `observeCapability` (called by runCapability), the Cway client
 * through `observeUpstream`, the auth and rate-limit paths through `countRefusal`, stores through
 * `timeStore`. Open sessions are read from the servers that registered a source, at scrape time.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ERROR_CODES, type ErrorCode } from '../errors.js';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'cway_mcp_' });

export type Surface = 'mcp' | 'rest' | 'resource';
export type Outcome = 'ok' | ErrorCode | 'needs_confirmation' | 'cancelled' | 'other';
export type RefusalReason =
  | 'no_token' // no Authorization header where one is required
  | 'bad_token' // malformed header, or Cway refused the token
  | 'auth_unavailable' // Cway could not be reached to check the token
  | 'auth_shield' // too many failed token checks from one address
  | 'rate_limited' // the per-caller rate limit (REST or MCP)
  | 'session_limit'; // the session table (total or per caller) is full

const known = new Set<string>(ERROR_CODES);

/** The outcome label of a thrown value: its code when it is one of ours, else a fixed bucket. */
export function outcomeOf(err: unknown): Outcome {
  if (err && typeof err === 'object') {
    const { name, code } = err as { name?: unknown; code?: unknown };
    if (name === 'NeedsConfirmation') return 'needs_confirmation';
    if (name === 'AbortError') return 'cancelled';
    if (typeof code === 'string' && known.has(code)) return code as ErrorCode;
  }
  return 'other';
}

/** Seconds; from 5 ms (a cached read) to 60 s (a slow analytics pass over many projects). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const capabilityCalls = new Counter({
  name: 'cway_mcp_capability_calls_total',
  help: 'Capability calls by capability, surface and outcome (ok or the error code).',
  labelNames: ['capability', 'surface', 'outcome'] as const,
  registers: [registry],
});
const capabilitySeconds = new Histogram({
  name: 'cway_mcp_capability_duration_seconds',
  help: 'Capability call latency, input parsing to checked result, by capability and surface.',
  labelNames: ['capability', 'surface'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
const upstreamCalls = new Counter({
  name: 'cway_mcp_upstream_requests_total',
  help: 'Cway GraphQL attempts (each retry counts) by operation and outcome (ok or the error kind).',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});
const upstreamSeconds = new Histogram({
  name: 'cway_mcp_upstream_duration_seconds',
  help: 'Latency of one Cway GraphQL attempt, by operation.',
  labelNames: ['operation'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
const refusals = new Counter({
  name: 'cway_mcp_refusals_total',
  help: 'Requests refused before any capability ran: auth, rate limit, session limit.',
  labelNames: ['reason'] as const,
  registers: [registry],
});
const storeSeconds = new Histogram({
  name: 'cway_mcp_store_duration_seconds',
  help: 'Latency of state-store operations (confirmation ledger, OAuth models, vault), by store kind and operation.',
  labelNames: ['store', 'op', 'outcome'] as const,
  buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [registry],
});

/** Whatever can say how many sessions it holds (one per running server in this process). */
export type SessionSource = () => { streamable: number; sse: number };
/** At most this many sources (servers in one process); more are refused, so the set stays bounded. */
const MAX_SESSION_SOURCES = 64;
const sessionSources = new Set<SessionSource>();

new Gauge({
  name: 'cway_mcp_sessions',
  help: 'Open MCP sessions by transport (2025 Streamable HTTP, legacy SSE); the 2026-07-28 era keeps none.',
  labelNames: ['transport'] as const,
  registers: [registry],
  collect() {
    let streamable = 0;
    let sse = 0;
    for (const source of sessionSources) {
      const c = source();
      streamable += c.streamable;
      sse += c.sse;
    }
    this.set({ transport: 'streamable' }, streamable);
    this.set({ transport: 'sse' }, sse);
  },
});

/** Adds a session source; returns the function that removes it. Throws past the bound. */
export function addSessionSource(source: SessionSource): () => void {
  if (sessionSources.size >= MAX_SESSION_SOURCES) throw new Error('too many session sources registered');
  sessionSources.add(source);
  return () => sessionSources.delete(source);
}

export function observeCapability(capability: string, surface: Surface, outcome: Outcome, seconds: number): void {
  capabilityCalls.inc({ capability, surface, outcome });
  capabilitySeconds.observe({ capability, surface }, seconds);
}

export function observeUpstream(operation: string, outcome: Outcome, seconds: number): void {
  upstreamCalls.inc({ operation, outcome });
  upstreamSeconds.observe({ operation }, seconds);
}

export function countRefusal(reason: RefusalReason): void {
  refusals.inc({ reason });
}

/** Runs one store operation and records its latency (outcome ok or error). */
export async function timeStore<T>(store: string, op: string, fn: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  let outcome = 'error';
  try {
    const value = await fn();
    outcome = 'ok';
    return value;
  } finally {
    storeSeconds.observe({ store, op, outcome }, (performance.now() - started) / 1000);
  }
}

/** The exposition text and its content type, for the /metrics route. */
export async function scrape(): Promise<{ body: string; contentType: string }> {
  return { body: await registry.metrics(), contentType: registry.contentType };
}

/**
 * Cway reachability for `/health`: a trivial query, remembered for a few seconds, and coalesced so
 * that at most one probe is in flight however many `/health` requests arrive while Cway is slow
 * or hung (they all wait for, and share, that one probe's answer).
 */
import { CapabilityError } from '../errors.js';
import { CwayClient } from './client.js';
import { graphql } from './graphql.js';

const HealthPing = graphql(`
  query HealthPing {
    __typename
  }
`);

export interface Reachability {
  reachable: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthProbeOptions {
  /** How long an answer is reused (default 5 s). */
  cacheMs?: number;
  /** The probe's own timeout (default 3 s). */
  timeoutMs?: number;
}

/** A function answering "is Cway reachable?", with one probe in flight at most. */
export function createHealthProbe(
  url: string,
  token: string | null,
  opts: HealthProbeOptions = {},
): (() => Promise<Reachability>) & { probes(): number } {
  const cacheMs = opts.cacheMs ?? 5_000;
  const client = new CwayClient({ url, timeoutMs: opts.timeoutMs ?? 3_000, maxRetries: 0 });
  let cached: { at: number; value: Reachability } | undefined;
  let inflight: Promise<Reachability> | undefined;
  let probes = 0;

  const probeOnce = async (): Promise<Reachability> => {
    probes++;
    const started = performance.now();
    try {
      await client.request(HealthPing, {}, token ?? '');
      return { reachable: true, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      const code = err instanceof CapabilityError ? err.code : 'internal';
      // Cway answered, even if it refused us: it is reachable.
      const answered = code === 'unauthorized' || code === 'forbidden' || code === 'rate_limited';
      return { reachable: answered, latencyMs: Math.round(performance.now() - started), error: code };
    }
  };

  const probe = () => {
    if (cached && Date.now() - cached.at < cacheMs) return Promise.resolve(cached.value);
    inflight ??= probeOnce().then((value) => {
      cached = { at: Date.now(), value };
      inflight = undefined;
      return value;
    });
    return inflight;
  };
  return Object.assign(probe, { probes: () => probes });
}

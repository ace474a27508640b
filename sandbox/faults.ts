/**
 * Fault injection: knobs that make the sandbox behave like a slow or failing upstream. Decisions
 * come from a seeded PRNG, reseeded whenever the configuration changes, so a test that sets the
 * same knobs sees the same sequence of faults. A rate of 1 always fires, 0 never.
 */
import { prng } from './random.js';

export interface FaultConfig {
  /** Added delay before every affected request is handled (ms). */
  latencyMs: number;
  /** Share of requests answered with HTTP 500 and a JSON body. */
  errorRate: number;
  /** Share of requests answered with HTTP 429 and a `Retry-After` header. */
  rateLimitRate: number;
  /** The `Retry-After` value of injected 429s (seconds). */
  retryAfterSeconds: number;
  /** Share of requests never answered (until the client gives up or the sandbox closes). */
  timeoutRate: number;
  /** Share of requests answered 200 with a body that is not JSON. */
  malformedRate: number;
  /** Share of requests answered 200 with `{data: null, errors: [INTERNAL_SERVER_ERROR]}`. */
  graphqlErrorRate: number;
  /** Only affect queries or only mutations. */
  only?: 'query' | 'mutation';
  /** Only affect operations with these names. */
  operationNames?: string[];
  /** Seed of the fault PRNG (default: the sandbox seed). */
  seed?: number;
}

export type FaultOutcome = 'timeout' | 'error' | 'rateLimit' | 'malformed' | 'graphqlError' | 'none';

const DEFAULTS: FaultConfig = {
  latencyMs: 0,
  errorRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  timeoutRate: 0,
  malformedRate: 0,
  graphqlErrorRate: 0,
};

const RATES = ['timeoutRate', 'errorRate', 'rateLimitRate', 'malformedRate', 'graphqlErrorRate'] as const;
const OUTCOME: Record<(typeof RATES)[number], FaultOutcome> = {
  timeoutRate: 'timeout',
  errorRate: 'error',
  rateLimitRate: 'rateLimit',
  malformedRate: 'malformed',
  graphqlErrorRate: 'graphqlError',
};

const MALFORMED_BODIES = [
  '<html><body><h1>502 Bad Gateway</h1></body></html>',
  '{"data":{"projects":{"projects":[{"id":',
];

/** Checks a (partial) configuration; throws an Error naming the bad knob. */
function check(c: Partial<FaultConfig>): void {
  for (const k of RATES) {
    const v = c[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1)))
      throw new Error(`${k} must be a number from 0 to 1`);
  }
  for (const k of ['latencyMs', 'retryAfterSeconds'] as const) {
    const v = c[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 600_000)))
      throw new Error(`${k} must be a non-negative number`);
  }
  if (c.only !== undefined && c.only !== 'query' && c.only !== 'mutation')
    throw new Error('only must be "query" or "mutation"');
  if (
    c.operationNames !== undefined &&
    (!Array.isArray(c.operationNames) || c.operationNames.some((n) => typeof n !== 'string'))
  ) {
    throw new Error('operationNames must be a list of strings');
  }
  const unknown = Object.keys(c).filter((k) => !(k in DEFAULTS) && !['only', 'operationNames', 'seed'].includes(k));
  if (unknown.length) throw new Error(`unknown fault knob(s): ${unknown.join(', ')}`);
}

export class FaultInjector {
  private config: FaultConfig = { ...DEFAULTS };
  private rng: () => number;

  constructor(private readonly seed: number) {
    this.rng = prng(seed);
  }

  /** Merges knobs into the current configuration and reseeds the PRNG. */
  set(c: Partial<FaultConfig>): void {
    check(c);
    this.config = { ...this.config, ...c };
    this.rng = prng(this.config.seed ?? this.seed);
  }

  reset(): void {
    this.config = { ...DEFAULTS };
    this.rng = prng(this.seed);
  }

  current(): FaultConfig {
    return { ...this.config };
  }

  /** Whether the filters select this operation. */
  applies(operation: string | undefined, operationName: string | undefined): boolean {
    const c = this.config;
    if (c.only && c.only !== operation) return false;
    if (c.operationNames && !(operationName && c.operationNames.includes(operationName))) return false;
    return true;
  }

  /** One draw per knob, in a fixed order: timeout, error, rate limit, malformed, GraphQL error. */
  decide(): FaultOutcome {
    let outcome: FaultOutcome = 'none';
    for (const k of RATES) {
      const hit = this.rng() < this.config[k];
      if (hit && outcome === 'none') outcome = OUTCOME[k];
    }
    return outcome;
  }

  malformedBody(): string {
    return MALFORMED_BODIES[Math.floor(this.rng() * MALFORMED_BODIES.length)];
  }
}

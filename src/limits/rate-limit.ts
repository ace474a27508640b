/**
 * Per-key rate limiting that flooding cannot reset: a token bucket per key (a caller id, a client
 * address), in memory, holding `limit` requests and refilling `limit` per `windowSeconds`.
 *
 * The map of buckets is bounded (`maxBuckets`). Only a bucket that has refilled completely may be
 * dropped to make room: such a bucket is indistinguishable from a fresh one, so dropping it gives
 * nobody anything. An exhausted (or partly used) bucket is never dropped, so a flood of new keys
 * cannot turn it back into a full one. When the map is full and no bucket near the old end has
 * refilled, a new key is refused (`reason: 'capacity'`) until one has: the flood is then refused,
 * not the callers already counted. Key limits on authenticated callers where possible, so that
 * junk keys never reach the map.
 *
 * Answers carry the IETF draft headers (RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset,
 * RateLimit-Policy) and, when refused, a Retry-After in seconds.
 */

export interface RateLimitOptions {
  /** Requests a key may burst, and the number refilled per window (default 120). */
  limit: number;
  /** Window length in seconds (default 60). */
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 120, windowSeconds: 60 };

/**
 * One instance's share of a limit meant for the whole deployment, when `instances` instances sit
 * behind a round-robin balancer: the burst and the refill are divided by the instance count
 * (rounded down, at least 1), so a caller spread evenly over the instances gets about the limit
 * in all, as if one instance served it. Buckets stay in memory, one set per instance; nothing is
 * shared between instances (docs/deploy.md says why this, not a shared counter).
 */
export function perInstance(opts: RateLimitOptions, instances: number): RateLimitOptions {
  if (!Number.isInteger(instances) || instances < 1) throw new Error('instances must be a whole number >= 1');
  return { ...opts, limit: Math.max(1, Math.floor(opts.limit / instances)) };
}

export interface RateDecision {
  allowed: boolean;
  /** Why a request was refused: its own bucket is empty, or the limiter has no room for a new key. */
  reason?: 'exhausted' | 'capacity';
  headers: Record<string, string>;
  /** Seconds until one request is allowed again (when refused). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/** How many buckets from the least recently used end are looked at for one that has refilled. */
const EVICTION_SCAN = 32;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  /** Requests refused because the map was full of buckets still in use. */
  capacityRefusals = 0;

  constructor(
    private readonly opts: RateLimitOptions = DEFAULT_RATE_LIMIT,
    private readonly clock: () => number = () => performance.now(),
    readonly maxBuckets = 10_000,
  ) {
    if (!(opts.limit >= 1) || !(opts.windowSeconds > 0))
      throw new Error('rate limit needs limit >= 1 and windowSeconds > 0');
    if (!(maxBuckets >= 1)) throw new Error('rate limit needs maxBuckets >= 1');
    this.perMs = opts.limit / (opts.windowSeconds * 1000);
  }

  get limit(): number {
    return this.opts.limit;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Takes `cost` requests (default 1) from the key's bucket, if there are that many to take. */
  take(key: string, cost = 1): RateDecision {
    const now = this.clock();
    let b = this.buckets.get(key);
    if (b) {
      this.refill(b, now);
      this.buckets.delete(key); // re-inserted below: the map stays in least-recently-used order
    } else {
      if (this.buckets.size >= this.maxBuckets && !this.makeRoom(now)) {
        this.capacityRefusals++;
        const retryAfterSeconds = Math.max(1, Math.ceil(this.soonestFull(now) / 1000));
        return { allowed: false, reason: 'capacity', retryAfterSeconds, headers: this.headers(0, retryAfterSeconds) };
      }
      b = { tokens: this.opts.limit, updated: now };
    }
    this.buckets.set(key, b);
    const allowed = b.tokens >= cost;
    if (allowed) b.tokens -= cost;
    const retryAfterSeconds = allowed ? 0 : Math.max(1, Math.ceil((cost - b.tokens) / this.perMs / 1000));
    const resetSeconds = Math.ceil((this.opts.limit - b.tokens) / this.perMs / 1000);
    return {
      allowed,
      reason: allowed ? undefined : 'exhausted',
      retryAfterSeconds,
      headers: this.headers(Math.floor(b.tokens), allowed ? resetSeconds : retryAfterSeconds),
    };
  }

  /** Gives back `cost` requests to an existing bucket (e.g. a reservation that was not used). */
  refund(key: string, cost = 1): void {
    const b = this.buckets.get(key);
    if (!b) return;
    this.refill(b, this.clock());
    b.tokens = Math.min(this.opts.limit, b.tokens + cost);
  }

  /** Whether the key currently has at least `cost` requests left, without taking any. */
  peek(key: string, cost = 1): boolean {
    const b = this.buckets.get(key);
    if (!b) return true;
    this.refill(b, this.clock());
    return b.tokens >= cost;
  }

  private refill(b: Bucket, now: number): void {
    b.tokens = Math.min(this.opts.limit, b.tokens + (now - b.updated) * this.perMs);
    b.updated = now;
  }

  /** Drops one bucket that has refilled completely, looking from the least recently used end. */
  private makeRoom(now: number): boolean {
    let looked = 0;
    for (const [key, b] of this.buckets) {
      if (looked++ >= EVICTION_SCAN) break;
      if (b.tokens + (now - b.updated) * this.perMs >= this.opts.limit) {
        this.buckets.delete(key);
        return true;
      }
    }
    return false;
  }

  /** Milliseconds until the least recently used bucket will have refilled. */
  private soonestFull(now: number): number {
    const first = this.buckets.values().next().value as Bucket | undefined;
    if (!first) return 0;
    const missing = this.opts.limit - (first.tokens + (now - first.updated) * this.perMs);
    return Math.max(0, missing / this.perMs);
  }

  private headers(remaining: number, resetSeconds: number): Record<string, string> {
    return {
      'RateLimit-Limit': String(this.opts.limit),
      'RateLimit-Remaining': String(Math.max(0, remaining)),
      'RateLimit-Reset': String(resetSeconds),
      'RateLimit-Policy': `${this.opts.limit};w=${this.opts.windowSeconds}`,
    };
  }
}

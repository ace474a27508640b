/**
 * Per-caller rate limiting: a token bucket per caller id, in memory, bounded in size. A bucket
 * holds `limit` requests and refills at `limit` per `windowSeconds`. Answers carry the IETF draft
 * headers (RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset) and, when refused, Retry-After.
 */

export interface RateLimitOptions {
  /** Requests a caller may burst, and the number refilled per window (default 120). */
  limit: number;
  /** Window length in seconds (default 60). */
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { limit: 120, windowSeconds: 60 };

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Seconds until one request is allowed again (when refused). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly opts: RateLimitOptions = DEFAULT_RATE_LIMIT,
    private readonly clock: () => number = () => performance.now(),
    private readonly maxBuckets = 10_000,
  ) {
    if (!(opts.limit >= 1) || !(opts.windowSeconds > 0))
      throw new Error('rate limit needs limit >= 1 and windowSeconds > 0');
    this.perMs = opts.limit / (opts.windowSeconds * 1000);
  }

  /** Takes one request from the caller's bucket, if there is one to take. */
  take(callerId: string): RateDecision {
    const now = this.clock();
    const limit = this.opts.limit;
    let b = this.buckets.get(callerId);
    if (b) {
      b.tokens = Math.min(limit, b.tokens + (now - b.updated) * this.perMs);
      b.updated = now;
      this.buckets.delete(callerId); // re-inserted below: the map stays in least-recently-used order
    } else {
      b = { tokens: limit, updated: now };
    }
    this.buckets.set(callerId, b);
    this.evict();
    const allowed = b.tokens >= 1;
    if (allowed) b.tokens -= 1;
    const remaining = Math.floor(b.tokens);
    const retryAfterSeconds = allowed ? 0 : Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000));
    const resetSeconds = Math.ceil((limit - b.tokens) / this.perMs / 1000);
    return {
      allowed,
      retryAfterSeconds,
      headers: {
        'RateLimit-Limit': String(limit),
        'RateLimit-Remaining': String(remaining),
        'RateLimit-Reset': String(allowed ? resetSeconds : retryAfterSeconds),
        'RateLimit-Policy': `${limit};w=${this.opts.windowSeconds}`,
      },
    };
  }

  private evict(): void {
    while (this.buckets.size > this.maxBuckets) {
      this.buckets.delete(this.buckets.keys().next().value as string);
    }
  }
}

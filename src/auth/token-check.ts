/**
 * Is this a Cway token, and whose? Used by every HTTP surface (REST on each call, MCP when a
 * session opens). A token is checked against Cway once (a `loginInfo` query), the answer kept
 * briefly in a small cache keyed by a hash of the token; concurrent checks of one token share the
 * request in flight. Tokens are never logged, stored in clear, or echoed.
 */
import type { CwayClient } from '../cway/client.js';
import { graphql } from '../cway/graphql.js';
import { callerIdOf } from './caller.js';
import { CapabilityError } from '../errors.js';

const WhoAmI = graphql(`
  query TokenCheck {
    loginInfo {
      user {
        id
        username
      }
    }
  }
`);

export interface CwayUser {
  userId: string;
  username: string;
}

export interface TokenCheckerOptions {
  client: CwayClient;
  /** How long a successful check is trusted (default 60 s). */
  ttlMs?: number;
  /** How long a refused token is remembered, sparing Cway repeated bad tokens (default 10 s). */
  negativeTtlMs?: number;
  /** Most tokens remembered at once; the oldest go first (default 1000). */
  maxEntries?: number;
  /** Monotonic clock in ms (default performance.now). */
  clock?: () => number;
}

interface Entry {
  expires: number;
  result: Promise<CwayUser>;
}

export class TokenChecker {
  private readonly cache = new Map<string, Entry>();
  private readonly client: CwayClient;
  private readonly ttlMs: number;
  private readonly negativeTtlMs: number;
  private readonly maxEntries: number;
  private readonly clock: () => number;

  constructor(opts: TokenCheckerOptions) {
    this.client = opts.client;
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.negativeTtlMs = opts.negativeTtlMs ?? 10_000;
    this.maxEntries = opts.maxEntries ?? 1000;
    this.clock = opts.clock ?? (() => performance.now());
  }

  /** Who the token belongs to; throws `unauthorized`, `forbidden` or an upstream error. */
  authenticate(token: string): Promise<CwayUser> {
    const key = callerIdOf(token);
    const now = this.clock();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.result;
    if (hit) this.cache.delete(key);
    // Concurrent requests with one token share the check in flight (so it is not tied to any one
    // request's abort signal).
    const result = this.check(token);
    const entry: Entry = { expires: now + this.ttlMs, result };
    this.remember(key, entry);
    result.then(
      () => {
        entry.expires = this.clock() + this.ttlMs;
      },
      (err: unknown) => {
        const refused = err instanceof CapabilityError && (err.code === 'unauthorized' || err.code === 'forbidden');
        if (refused) entry.expires = this.clock() + this.negativeTtlMs;
        else if (this.cache.get(key) === entry) this.cache.delete(key); // Cway trouble: ask again next time
      },
    );
    return result;
  }

  get size(): number {
    return this.cache.size;
  }

  private remember(key: string, entry: Entry): void {
    this.cache.set(key, entry);
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }

  private async check(token: string): Promise<CwayUser> {
    const data = await this.client.request(WhoAmI, {}, token);
    const user = data.loginInfo?.user;
    if (!user) throw new CapabilityError('unauthorized', 'Cway did not recognise the token.');
    return { userId: user.id, username: user.username };
  }
}

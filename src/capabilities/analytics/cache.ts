/**
 * A short-lived cache of analytics inputs, per caller, with request coalescing: while a value is
 * being computed, identical requests wait for the same computation instead of starting their own.
 * Each waiter keeps its own cancellation; the shared work is aborted only when every waiter has
 * gone. Failures are not cached. The clock is the process's (not the capability's `now`, which
 * tests pin), and is injectable for tests.
 *
 * Keys are `<kind>|<API URL>|<caller id>[|…]` (see analyticsKey). Our own writes drop entries:
 * `invalidate(apiUrl)` removes every entry for that API, values and loads in progress alike (a
 * load already running finishes for its waiters but is not stored), so the next read sees the
 * write. Every caller's entries go, not only the writer's: a write changes what all of them see.
 */
import { getOperationAST } from 'graphql';
import type { TadaDocumentNode } from 'gql.tada';
import type { CallOptions, CwaySession } from '../../cway/client.js';

export type Progress = (done: number, total?: number, message?: string) => void;

interface Pending<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
  listeners: Set<Progress>;
}

interface Entry {
  expires: number;
  value?: unknown;
  pending?: Pending<unknown>;
}

export interface CacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  clock?: () => number;
}

export class AnalyticsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly clock: () => number;
  /** Computations started (misses), for tests and benchmarks. */
  computations = 0;

  constructor(opts: CacheOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 60_000;
    this.maxEntries = opts.maxEntries ?? 50;
    this.clock = opts.clock ?? Date.now;
  }

  /**
   * The cached value for `key`, or the result of `compute` (shared with concurrent callers).
   * `compute` receives a signal (aborted when every waiter has left) and a progress reporter
   * that reaches every waiter.
   */
  get<T>(
    key: string,
    compute: (signal: AbortSignal, progress: Progress) => Promise<T>,
    opts: { signal?: AbortSignal; progress?: Progress } = {},
  ): Promise<T> {
    if (opts.signal?.aborted) return Promise.reject(opts.signal.reason);
    this.evict();
    const now = this.clock();
    const hit = this.entries.get(key);
    if (hit && 'value' in hit && hit.expires > now) return Promise.resolve(hit.value as T);
    let pending = hit?.pending as Pending<T> | undefined;
    if (!pending) {
      const controller = new AbortController();
      const listeners = new Set<Progress>();
      const report: Progress = (d, t, m) => listeners.forEach((l) => l(d, t, m));
      this.computations++;
      const p: Pending<T> = { controller, listeners, waiters: 0, promise: compute(controller.signal, report) };
      pending = p;
      this.entries.set(key, { expires: Infinity, pending: p as Pending<unknown> });
      p.promise.then(
        (value) => {
          if (this.entries.get(key)?.pending === p)
            this.entries.set(key, { expires: this.clock() + this.ttlMs, value });
          this.evict();
        },
        () => {
          if (this.entries.get(key)?.pending === p) this.entries.delete(key);
        },
      );
    }
    return this.wait(key, pending, opts);
  }

  private wait<T>(key: string, p: Pending<T>, opts: { signal?: AbortSignal; progress?: Progress }): Promise<T> {
    const { signal, progress } = opts;
    if (signal?.aborted) return Promise.reject(signal.reason);
    p.waiters++;
    if (progress) p.listeners.add(progress);
    return new Promise<T>((resolve, reject) => {
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        p.waiters--;
        if (progress) p.listeners.delete(progress);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        leave();
        if (p.waiters === 0) {
          p.controller.abort(signal!.reason);
          if (this.entries.get(key)?.pending === p) this.entries.delete(key);
        }
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      p.promise.then(
        (v) => {
          leave();
          resolve(v);
        },
        (e) => {
          leave();
          reject(e);
        },
      );
    });
  }

  /**
   * Drops every entry (value or load in progress) whose key is for `apiUrl`; returns how many.
   * A load in progress still answers its waiters, but its result is not stored.
   */
  invalidate(apiUrl: string): number {
    let n = 0;
    for (const k of [...this.entries.keys()]) {
      if (k.split('|')[1] === apiUrl) {
        this.entries.delete(k);
        n++;
      }
    }
    this.invalidations++;
    return n;
  }

  /** Invalidations seen, for tests. */
  invalidations = 0;

  /** Drops expired values, then the oldest ones beyond maxEntries (an organisation load can be large). */
  private evict(): void {
    const now = this.clock();
    for (const [k, e] of this.entries) if (!e.pending && e.expires <= now) this.entries.delete(k);
    while (this.entries.size > this.maxEntries) {
      const oldest = [...this.entries].find(([, e]) => !e.pending);
      if (!oldest) break;
      this.entries.delete(oldest[0]);
    }
  }
}

/** The process-wide cache, used when the services do not provide one. */
export const defaultAnalyticsCache = new AnalyticsCache();

/** A cache key: kind (org, project), the API, the caller, then anything else that varies. */
export function analyticsKey(kind: string, apiUrl: string, callerId: string, ...rest: string[]): string {
  return [kind, apiUrl, callerId, ...rest].join('|');
}

const isMutation = (doc: TadaDocumentNode<unknown, never>) => getOperationAST(doc)?.operation === 'mutation';

/**
 * The caller's session, dropping the cached analytics of `apiUrl` whenever it sends a mutation:
 * before it is sent (so a load starting meanwhile is not stored) and again when it settles,
 * whatever the outcome (a write whose outcome is unknown may have happened).
 */
export function invalidatingSession(session: CwaySession, cache: AnalyticsCache, apiUrl: string): CwaySession {
  return {
    request<R, V>(doc: TadaDocumentNode<R, V>, variables: V, opts?: CallOptions): Promise<R> {
      if (!isMutation(doc)) return session.request(doc, variables, opts);
      cache.invalidate(apiUrl);
      return session.request(doc, variables, opts).finally(() => cache.invalidate(apiUrl));
    },
  };
}

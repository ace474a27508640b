/**
 * A short-lived cache of analytics inputs, per caller, with request coalescing: while a value is
 * being computed, identical requests wait for the same computation instead of starting their own.
 * Each waiter keeps its own cancellation; the shared work is aborted only when every waiter has
 * gone. Failures are not cached. The clock is the process's (not the capability's `now`, which
 * tests pin), and is injectable for tests.
 */
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

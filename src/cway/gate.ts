/**
 * Upstream concurrency per caller. The keep-alive agent under the client holds a fixed number of
 * sockets for everyone (the global cap); this gate sits in front of it so that one caller's hung
 * calls cannot take every socket: a caller has at most `perCaller` requests in flight, and at most
 * `queuePerCaller` more waiting for a turn. At that bound the next call is refused at once
 * (`rate_limited`, nothing was sent, so it is safe to retry after a moment). A wait that outlives
 * the call's deadline or signal gives up its place. The map of callers holds only callers with
 * something in flight or waiting: at most one entry per request being served, and an entry goes
 * when its last call settles.
 */
import { CapabilityError } from '../errors.js';

export interface GateOptions {
  /** Requests one caller may have in flight at once (default 16). */
  perCaller?: number;
  /** Requests one caller may have waiting for a turn beyond that (default 64). */
  queuePerCaller?: number;
}

interface Lane {
  active: number;
  waiting: (() => void)[];
}

export class CallerGate {
  readonly perCaller: number;
  readonly queuePerCaller: number;
  private readonly lanes = new Map<string, Lane>();
  /** Refusals at the queue bound, for the health figures and the attack report. */
  refused = 0;

  constructor(opts: GateOptions = {}) {
    this.perCaller = opts.perCaller ?? 16;
    this.queuePerCaller = opts.queuePerCaller ?? 64;
    if (!(this.perCaller >= 1) || !(this.queuePerCaller >= 0)) throw new Error('gate needs perCaller >= 1');
  }

  /**
   * Waits for a turn for `caller` and resolves with the function that gives it back (call it once,
   * when the request is over). Rejects when the caller's queue is full, or when `signal` aborts or
   * `waitMs` passes first.
   */
  enter(caller: string, waitMs: number, signal?: AbortSignal): Promise<() => void> {
    let lane = this.lanes.get(caller);
    if (!lane) {
      lane = { active: 0, waiting: [] };
      this.lanes.set(caller, lane);
    }
    const l = lane;
    const release = once(() => {
      l.active--;
      const next = l.waiting.shift();
      if (next) next();
      else if (l.active === 0) this.lanes.delete(caller);
    });
    if (l.active < this.perCaller) {
      l.active++;
      return Promise.resolve(release);
    }
    if (l.waiting.length >= this.queuePerCaller) {
      this.refused++;
      return Promise.reject(
        new CapabilityError(
          'rate_limited',
          `Too many Cway requests in flight for this caller (at most ${this.perCaller}, and ${this.queuePerCaller} waiting).`,
          { retryAfterSeconds: 1, hint: 'Wait for your earlier calls to finish, then call again.' },
        ),
      );
    }
    return new Promise<() => void>((resolve, reject) => {
      const turn = () => {
        cleanup();
        l.active++;
        resolve(release);
      };
      const giveUp = (err: unknown) => {
        cleanup();
        const i = l.waiting.indexOf(turn);
        if (i >= 0) l.waiting.splice(i, 1);
        if (l.active === 0 && l.waiting.length === 0) this.lanes.delete(caller);
        reject(err);
      };
      const timer = setTimeout(
        () =>
          giveUp(
            new CapabilityError(
              'upstream_timeout',
              `Your earlier Cway requests did not finish within ${Math.round(waitMs)} ms; this one was not sent.`,
              { hint: 'Nothing was changed; wait for your earlier calls to finish, then call again.' },
            ),
          ),
        Math.max(0, waitMs),
      );
      const onAbort = () => giveUp(signal!.reason);
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      if (signal?.aborted) return giveUp(signal.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      l.waiting.push(turn);
    });
  }

  /** Callers with something in flight or waiting. */
  get callers(): number {
    return this.lanes.size;
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}

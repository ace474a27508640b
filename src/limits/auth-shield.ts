/**
 * Authentication failures cost the attacker, not Cway. Wraps a token check (the upstream
 * `loginInfo` call) with:
 *
 * - a negative cache: a token Cway refused is remembered, by a keyed hash (HMAC under a random
 *   per-process key, never the token), for `negativeTtlMs`, and refused again without asking;
 * - coalescing: identical checks in flight share one upstream call;
 * - a failure budget per client address: each upstream check of a token not known to be good
 *   reserves one unit of the address's budget (given back when the token turns out good), so an
 *   address can cause at most `failuresPerAddress` refused checks per `windowSeconds`. Over budget,
 *   unknown tokens from that address are refused with 429 and a Retry-After before Cway is asked;
 *   tokens that checked out recently (`knownGoodTtlMs`) still pass, so a flood from one address
 *   does not lock out the legitimate callers behind it;
 * - held refusals (`hold.ts`): a refusal over budget is answered after `refusalDelayMs` (default
 *   1 s), so a client flooding in a closed loop sends one request per connection per second
 *   instead of as many as the server can refuse, and the event loop stays free for everyone else;
 * - rate-limited log lines for refusals.
 *
 * Bounds: at most `maxTokens` remembered tokens (good and refused; the oldest go first: a dropped
 * refusal costs one more upstream check, which the address budget still limits), and at most
 * `maxAddresses` address budgets (see RateLimiter for what happens at that bound), and at most
 * `maxHeld` refusals held at once (beyond it a refusal is answered at once: holding is a courtesy to
 * the other callers, never a queue that grows).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { CapabilityError } from '../errors.js';
import { RefusalHold } from './hold.js';
import { LogThrottle } from './log-throttle.js';
import { RateLimiter } from './rate-limit.js';

export interface AuthShieldOptions {
  /** Upstream checks of unknown tokens one client address may fail per window (default 20). */
  failuresPerAddress?: number;
  /** The failure budget's window in seconds (default 60). */
  windowSeconds?: number;
  /** How long a refused token is refused without asking Cway (default 60 s). */
  negativeTtlMs?: number;
  /** How long a token that checked out passes even when its address is over budget (default 5 min). */
  knownGoodTtlMs?: number;
  /** Tokens remembered, good and refused together (default 10,000). */
  maxTokens?: number;
  /** Client addresses with a budget in use (default 10,000). */
  maxAddresses?: number;
  /** How long a refusal over budget is held before it is answered (default 1,000 ms; 0: at once). */
  refusalDelayMs?: number;
  /** Refusals held at once (default 1,000); beyond it they are answered at once. */
  maxHeld?: number;
  /** Where refusal lines go (rate-limited). */
  log?: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
  clock?: () => number;
}

interface Remembered {
  good: boolean;
  expires: number;
}

/** Why a token was refused before or by Cway. */
export class AuthRefusal extends CapabilityError {
  constructor(
    code: 'unauthorized' | 'rate_limited',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(code, message, retryAfterSeconds ? { retryAfterSeconds } : {});
  }
}

/** Failed token checks an address may make per window (default 20 a minute). */
export const DEFAULT_FAILURES_PER_ADDRESS = 20;

export class AuthShield {
  readonly failuresPerAddress: number;
  readonly windowSeconds: number;
  readonly negativeTtlMs: number;
  readonly knownGoodTtlMs: number;
  readonly maxTokens: number;
  private readonly holdRefusals: RefusalHold;
  private readonly key = randomBytes(32);
  private readonly tokens = new Map<string, Remembered>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly budgets: RateLimiter;
  private readonly clock: () => number;
  private readonly throttle = new LogThrottle();
  private readonly log?: AuthShieldOptions['log'];
  /** Counters for the health figures and the attack report. */
  readonly stats = { upstreamChecks: 0, negativeHits: 0, coalesced: 0, overBudget: 0 };

  constructor(opts: AuthShieldOptions = {}) {
    this.failuresPerAddress = opts.failuresPerAddress ?? DEFAULT_FAILURES_PER_ADDRESS;
    this.windowSeconds = opts.windowSeconds ?? 60;
    this.negativeTtlMs = opts.negativeTtlMs ?? 60_000;
    this.knownGoodTtlMs = opts.knownGoodTtlMs ?? 5 * 60_000;
    this.maxTokens = opts.maxTokens ?? 10_000;
    this.holdRefusals = new RefusalHold({ delayMs: opts.refusalDelayMs, maxHeld: opts.maxHeld });
    this.clock = opts.clock ?? (() => performance.now());
    this.log = opts.log;
    this.budgets = new RateLimiter(
      { limit: this.failuresPerAddress, windowSeconds: this.windowSeconds },
      this.clock,
      opts.maxAddresses ?? 10_000,
    );
  }

  /**
   * Checks `token` with `verify` (which asks Cway and throws `unauthorized`/`forbidden` when Cway
   * refuses it), unless the answer is already known or the address is over its failure budget.
   * Throws an AuthRefusal (`unauthorized`, or `rate_limited` with retryAfterSeconds); other
   * errors from `verify` (Cway trouble) pass through and count as no failure.
   */
  async check<T>(token: string, address: string, verify: (token: string) => Promise<T>): Promise<T> {
    const id = this.idOf(token);
    const now = this.clock();
    const known = this.tokens.get(id);
    if (known && known.expires <= now) this.tokens.delete(id);
    else if (known && !known.good) {
      this.stats.negativeHits++;
      throw new AuthRefusal('unauthorized', 'Cway did not accept the token.');
    }
    const knownGood = known?.good === true && known.expires > now;

    const pending = this.inflight.get(id) as Promise<T> | undefined;
    if (pending) {
      this.stats.coalesced++;
      return pending;
    }
    let reserved = false;
    if (!knownGood) {
      const decision = this.budgets.take(address);
      if (!decision.allowed) {
        this.stats.overBudget++;
        this.throttle.line('auth-over-budget', (suppressed) =>
          this.log?.warn(
            { retryAfterSeconds: decision.retryAfterSeconds, suppressed },
            'too many failed token checks from one address; refusing unknown tokens from it for now',
          ),
        );
        await this.holdRefusals.wait();
        throw new AuthRefusal(
          'rate_limited',
          `Too many failed token checks from your address; try again in ${decision.retryAfterSeconds} s.`,
          decision.retryAfterSeconds,
        );
      }
      reserved = true;
    }
    this.stats.upstreamChecks++;
    const run = verify(token).then(
      (value) => {
        if (reserved) this.budgets.refund(address);
        this.remember(id, true, this.knownGoodTtlMs);
        return value;
      },
      (err: unknown) => {
        const refused = err instanceof CapabilityError && (err.code === 'unauthorized' || err.code === 'forbidden');
        if (!refused) {
          if (reserved) this.budgets.refund(address); // Cway trouble is not the caller's failure
          throw err;
        }
        this.remember(id, false, this.negativeTtlMs);
        this.throttle.line('auth-refused', (suppressed) => this.log?.info({ suppressed }, 'Cway refused a token'));
        throw err;
      },
    );
    this.inflight.set(id, run);
    const forget = () => {
      if (this.inflight.get(id) === run) this.inflight.delete(id);
    };
    run.then(forget, forget);
    return run;
  }

  /** Tokens remembered (good and refused). */
  get size(): number {
    return this.tokens.size;
  }

  private idOf(token: string): string {
    return createHmac('sha256', this.key).update(token).digest('base64url');
  }

  private remember(id: string, good: boolean, ttlMs: number): void {
    if (ttlMs <= 0) return;
    this.tokens.delete(id);
    this.tokens.set(id, { good, expires: this.clock() + ttlMs });
    while (this.tokens.size > this.maxTokens) this.tokens.delete(this.tokens.keys().next().value as string);
  }
}

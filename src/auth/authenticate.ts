/**
 * Who an HTTP request acts as, for every HTTP surface. A request with `Authorization: Bearer <token>`
 * acts with that Cway token, checked with Cway by the shared TokenChecker (answers remembered
 * briefly, by hash). A request without one acts with the server's configured token when the
 * surface allows it (MCP in demo mode or with a configured token); REST always wants the caller's own.
 *
 * Every check goes through the auth shield (src/limits/auth-shield.ts): a token Cway refused is
 * refused again without asking for a while, identical checks in flight share one, and a client
 * address that keeps presenting unknown tokens gets 429 + Retry-After before Cway is asked.
 */
import type { Surface } from './modes.js';
import type { CwayClient } from '../cway/client.js';
import { CapabilityError } from '../errors.js';
import { AuthRefusal, AuthShield, type AuthShieldOptions } from '../limits/auth-shield.js';
import { callerOf, type Caller } from './caller.js';
import { TokenChecker } from './token-check.js';

export type AuthOutcome =
  | { ok: true; caller: Caller }
  | { ok: false; status: 401 | 429 | 503; message: string; headers: Record<string, string> };

/** Reads the token out of an `Authorization: Bearer …` header; undefined when absent or malformed. */
export function bearerToken(header: string | null | undefined): string | undefined {
  const m = /^Bearer[ \t]+([^\s]+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

export interface AuthenticatorOptions {
  client: CwayClient;
  /** The server's own token, used when a request brings none and the surface allows it. */
  defaultToken: string | null;
  /** How long a successful check is trusted (default 60 s). */
  ttlMs?: number;
  /** The failed-authentication limits (default: an AuthShield with its defaults). */
  shield?: AuthShield | AuthShieldOptions;
  /** Where the shield's rate-limited refusal lines go. */
  log?: AuthShieldOptions['log'];
}

export class Authenticator {
  private readonly checker: TokenChecker;
  private readonly defaultToken: string | null;
  readonly shield: AuthShield;

  constructor(opts: AuthenticatorOptions) {
    this.checker = new TokenChecker({ client: opts.client, ttlMs: opts.ttlMs });
    this.shield = opts.shield instanceof AuthShield ? opts.shield : new AuthShield({ log: opts.log, ...opts.shield });
    this.defaultToken = opts.defaultToken;
  }

  /** The caller of a request, from its Authorization header; `allowDefault` lets a request without one use the server's token. */
  async authenticate(
    header: string | null | undefined,
    allowDefault: boolean,
    /** Which surface asks; Cway tokens are the same on all of them. */
    _surface?: Surface,
    /** The client's address, for the failed-authentication budget. */
    address = 'unknown',
  ): Promise<AuthOutcome> {
    if (header === undefined || header === null || header === '') {
      if (allowDefault && this.defaultToken) return { ok: true, caller: callerOf(this.defaultToken, 'default') };
      return unauthorized('Send your Cway API token as "Authorization: Bearer <token>".', false);
    }
    const token = bearerToken(header);
    if (!token) return unauthorized('The Authorization header must be "Bearer <Cway API token>".');
    try {
      await this.shield.check(token, address, (t) => this.checker.authenticate(t));
    } catch (err) {
      if (err instanceof AuthRefusal && err.code === 'rate_limited') {
        return {
          ok: false,
          status: 429,
          message: err.message,
          headers: { 'retry-after': String(err.retryAfterSeconds ?? 60) },
        };
      }
      const code = err instanceof CapabilityError ? err.code : 'internal';
      if (code === 'unauthorized' || code === 'forbidden') return unauthorized('Cway did not accept the token.');
      return {
        ok: false,
        status: 503,
        message: 'Cway could not be reached to check the token; try again shortly.',
        headers: { 'retry-after': '5' },
      };
    }
    return { ok: true, caller: callerOf(token, 'bearer') };
  }
}

function unauthorized(message: string, tokenGiven = true): AuthOutcome {
  const challenge = tokenGiven ? 'Bearer realm="cway", error="invalid_token"' : 'Bearer realm="cway"';
  return { ok: false, status: 401, message, headers: { 'www-authenticate': challenge } };
}

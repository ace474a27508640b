/**
 * Who an HTTP request acts as, for every HTTP surface. A request with `Authorization: Bearer <token>`
 * acts with that Cway token, checked with Cway by the shared TokenChecker (answers remembered
 * briefly, by hash). A request without one acts with the server's configured token when the
 * surface allows it (MCP in demo mode or with a configured token); REST always wants the caller's own.
 */
import type { CwayClient } from '../cway/client.js';
import { CapabilityError } from '../errors.js';
import { callerOf, type Caller } from './caller.js';
import { TokenChecker } from './token-check.js';

export type AuthOutcome =
  { ok: true; caller: Caller } | { ok: false; status: 401 | 503; message: string; headers: Record<string, string> };

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
}

export class Authenticator {
  private readonly checker: TokenChecker;
  private readonly defaultToken: string | null;

  constructor(opts: AuthenticatorOptions) {
    this.checker = new TokenChecker({ client: opts.client, ttlMs: opts.ttlMs });
    this.defaultToken = opts.defaultToken;
  }

  /** The caller of a request, from its Authorization header; `allowDefault` lets a request without one use the server's token. */
  async authenticate(header: string | null | undefined, allowDefault: boolean): Promise<AuthOutcome> {
    if (header === undefined || header === null || header === '') {
      if (allowDefault && this.defaultToken) return { ok: true, caller: callerOf(this.defaultToken, 'default') };
      return unauthorized('Send your Cway API token as "Authorization: Bearer <token>".', false);
    }
    const token = bearerToken(header);
    if (!token) return unauthorized('The Authorization header must be "Bearer <Cway API token>".');
    try {
      await this.checker.authenticate(token);
    } catch (err) {
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

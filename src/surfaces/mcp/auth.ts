/**
 * Who an MCP HTTP caller acts as. A request with `Authorization: Bearer <token>` acts with that
 * Cway token, checked by the shared TokenChecker (remembered for a few minutes); a request without
 * one acts with the configured default token, when there is one.
 */
import type { IncomingMessage } from 'node:http';
import type { CwayClient } from '../../cway/client.js';
import { graphql } from '../../cway/graphql.js';
import { callerIdOf } from '../../capabilities/context.js';
import { CapabilityError } from '../../errors.js';
import { bearerToken, TokenChecker } from '../../cway/token-check.js';

export const WhoAmI = graphql(`
  query WhoAmI {
    loginInfo {
      user {
        id
        username
        name
        email
      }
      currentOrganisation {
        id
        name
      }
    }
  }
`);

export interface Caller {
  token: string;
  callerId: string;
  /** bearer = the request's own token; default = the configured one. */
  source: 'bearer' | 'default';
}

export type AuthOutcome =
  { ok: true; caller: Caller } | { ok: false; status: number; message: string; headers: Record<string, string> };

const VALID_FOR_MS = 5 * 60_000;

/** The bearer token of a request: undefined when absent, null when the header is malformed. */
export function bearerOf(req: IncomingMessage): string | undefined | null {
  const h = req.headers.authorization;
  if (h === undefined || h === '') return undefined;
  return bearerToken(h) ?? null;
}

export class Authenticator {
  private readonly checker: TokenChecker;

  constructor(
    client: CwayClient,
    private readonly defaultToken: string | null,
  ) {
    // Refusals are not remembered here: a session opens once, and a retry should ask Cway again.
    this.checker = new TokenChecker({ client, ttlMs: VALID_FOR_MS, negativeTtlMs: 0 });
  }

  /** The credential a request presents, without calling Cway (for requests within a session). */
  presented(req: IncomingMessage): { callerId: string } | null {
    const bearer = bearerOf(req);
    if (bearer === null) return null;
    const token = bearer ?? this.defaultToken;
    return token ? { callerId: callerIdOf(token) } : null;
  }

  /** Resolves and, for a bearer token, validates the caller of a request that opens a session. */
  async authenticate(req: IncomingMessage): Promise<AuthOutcome> {
    const bearer = bearerOf(req);
    if (bearer === null) return unauthorized('The Authorization header must be "Bearer <Cway API token>".');
    if (bearer === undefined) {
      if (this.defaultToken)
        return {
          ok: true,
          caller: { token: this.defaultToken, callerId: callerIdOf(this.defaultToken), source: 'default' },
        };
      return unauthorized(
        'This server has no default Cway token: send "Authorization: Bearer <Cway API token>".',
        false,
      );
    }
    try {
      await this.checker.authenticate(bearer);
    } catch (err) {
      const code = err instanceof CapabilityError ? err.code : 'internal';
      if (code === 'unauthorized' || code === 'forbidden') return unauthorized('Cway rejected the token.');
      return {
        ok: false,
        status: 503,
        message: 'Cway could not be reached to check the token; try again shortly.',
        headers: { 'retry-after': '5' },
      };
    }
    const callerId = callerIdOf(bearer);
    return { ok: true, caller: { token: bearer, callerId, source: 'bearer' } };
  }
}

function unauthorized(message: string, tokenGiven = true): AuthOutcome {
  const challenge = tokenGiven ? 'Bearer realm="cway-mcp", error="invalid_token"' : 'Bearer realm="cway-mcp"';
  return { ok: false, status: 401, message, headers: { 'www-authenticate': challenge } };
}

/**
 * Who an MCP HTTP caller acts as. A request with `Authorization: Bearer <token>` acts with that
 * Cway token, checked by the shared TokenChecker (remembered for a few minutes); a request without
 * one acts with the configured default token, when there is one.
 */
import type { IncomingMessage } from 'node:http';
import { graphql } from '../../cway/graphql.js';
import { callerIdOf } from '../../capabilities/context.js';
import { bearerToken } from '../../cway/token-check.js';
import type { CallerResolver } from '../../auth/caller.js';

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

/** The bearer token of a request: undefined when absent, null when the header is malformed. */
export function bearerOf(req: IncomingMessage): string | undefined | null {
  const h = req.headers.authorization;
  if (h === undefined || h === '') return undefined;
  return bearerToken(h) ?? null;
}

export class Authenticator {
  /**
   * @param resolver decides who a request acts as under the configured auth mode (src/auth/caller.ts)
   * @param defaultToken acted with by requests without a bearer, in `none` mode only
   */
  constructor(
    private readonly resolver: CallerResolver,
    private readonly defaultToken: string | null,
  ) {}

  /**
   * The caller a request within a session presents. With Cway tokens this is computed without
   * calling Cway; with OAuth the access token is checked again on every request, so a revoked
   * grant stops its open sessions too (and a refreshed token keeps its session).
   */
  async presented(req: IncomingMessage): Promise<{ callerId: string } | null> {
    if (this.resolver.mode === 'oauth') {
      const outcome = await this.resolver.resolve(req.headers.authorization, surfaceOf(req));
      return outcome.ok ? { callerId: outcome.caller.callerId } : null;
    }
    const bearer = bearerOf(req);
    if (bearer === null) return null;
    const token = bearer ?? (this.resolver.mode === 'none' ? this.defaultToken : null);
    return token ? { callerId: callerIdOf(token) } : null;
  }

  /** Resolves and validates the caller of a request that opens a session. */
  async authenticate(req: IncomingMessage): Promise<AuthOutcome> {
    const outcome = await this.resolver.resolve(req.headers.authorization, surfaceOf(req));
    if (!outcome.ok) return outcome;
    const { token, callerId, source } = outcome.caller;
    return { ok: true, caller: { token, callerId, source: source === 'default' ? 'default' : 'bearer' } };
  }
}

/** /sse and /messages are the legacy transport's resource; everything else is /mcp. */
function surfaceOf(req: IncomingMessage): 'mcp' | 'sse' {
  return /^\/(sse|messages)(\/|\?|$)/.test(req.url ?? '') ? 'sse' : 'mcp';
}

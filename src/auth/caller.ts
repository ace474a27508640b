/**
 * Who an HTTP request acts as, under each auth mode. Every surface asks this one resolver with the
 * request's `Authorization` header and gets back the Cway token to call Cway with (always the
 * caller's own, or in `none` mode the configured default) and a caller id, or a refusal ready to
 * send (status, message, `WWW-Authenticate`).
 *
 * - none: a bearer is a Cway token (checked with Cway); no bearer acts with the default token.
 * - token: a bearer Cway token is required.
 * - oauth: MCP requires one of our access tokens for an MCP audience; a raw Cway token is refused
 *   there. REST accepts our access tokens for its audience and, as before, a Cway token. Our own
 *   tokens are never sent to Cway: a bearer found in our store is judged by us alone.
 */
import { createHash } from 'node:crypto';
import type { AuthMode } from '../config.js';
import { callerIdOf } from '../capabilities/context.js';
import { bearerToken, type TokenChecker } from '../cway/token-check.js';
import { CapabilityError } from '../errors.js';
import type { AuthServer } from './oauth/server.js';

export type Surface = 'mcp' | 'sse' | 'rest';

export interface ResolvedCaller {
  /** The Cway token this caller's upstream calls use. Never logged or shown. */
  token: string;
  /** A stable, non-secret id of the caller (binds sessions and confirmation tokens). */
  callerId: string;
  source: 'bearer' | 'default' | 'oauth';
  /** OAuth only: the subject and the client acting for it. */
  subject?: string;
  clientId?: string;
}

export type CallerOutcome =
  | { ok: true; caller: ResolvedCaller }
  | { ok: false; status: number; message: string; headers: Record<string, string> };

export interface CallerResolver {
  readonly mode: AuthMode;
  resolve(authorization: string | undefined, surface: Surface): Promise<CallerOutcome>;
  /** The `WWW-Authenticate` value for a 401 on this surface (no error details). */
  challenge(surface: Surface): string;
}

export interface CallerResolverOptions {
  mode: AuthMode;
  /** Used by `none` mode for requests without a bearer. */
  defaultToken: string | null;
  checker: TokenChecker;
  /** Required in `oauth` mode. */
  auth?: AuthServer;
  /** The server's public URL (resource URLs are `<publicUrl>/mcp`, `/sse`, `/api`). */
  publicUrl: string;
}

/** The caller id of an OAuth subject: stable across token refreshes and re-sign-ins. */
export const callerIdOfSubject = (subject: string): string =>
  createHash('sha256').update(`oauth:${subject}`).digest('hex').slice(0, 16);

export function createCallerResolver(opts: CallerResolverOptions): CallerResolver {
  const { mode, auth, checker } = opts;
  const base = opts.publicUrl.replace(/\/+$/, '');
  if (mode === 'oauth' && !auth) throw new Error('oauth mode needs the authorization server');
  const resourceOf = (surface: Surface) => `${base}/${surface === 'rest' ? 'api' : surface}`;
  // MCP over either transport accepts MCP audiences; REST its own. Tokens for the whole gateway
  // (clients that named no resource) are accepted everywhere.
  const audiences: Record<Surface, string[]> = {
    mcp: [`${base}/mcp`, `${base}/sse`, base],
    sse: [`${base}/mcp`, `${base}/sse`, base],
    rest: [`${base}/api`, base],
  };

  const challenge = (
    surface: Surface,
    error?: { error: 'invalid_token' | 'insufficient_scope'; description: string },
  ) =>
    auth
      ? auth.wwwAuthenticate(resourceOf(surface), error)
      : `Bearer realm="cway"${error ? `, error="${error.error}"` : ''}`;

  const refuse = (surface: Surface, status: number, message: string, tokenGiven: boolean): CallerOutcome => ({
    ok: false,
    status,
    message,
    headers: {
      'www-authenticate': challenge(surface, tokenGiven ? { error: 'invalid_token', description: message } : undefined),
    },
  });

  async function cwayBearer(token: string, surface: Surface): Promise<CallerOutcome> {
    try {
      await checker.authenticate(token);
    } catch (err) {
      const code = err instanceof CapabilityError ? err.code : 'internal';
      if (code === 'unauthorized' || code === 'forbidden')
        return refuse(surface, 401, 'Cway rejected the token.', true);
      return {
        ok: false,
        status: 503,
        message: 'Cway could not be reached to check the token; try again shortly.',
        headers: { 'retry-after': '5' },
      };
    }
    return { ok: true, caller: { token, callerId: callerIdOf(token), source: 'bearer' } };
  }

  return {
    mode,
    challenge: (surface) => challenge(surface),
    async resolve(authorization, surface) {
      const given = authorization !== undefined && authorization !== '';
      const bearer = given ? bearerToken(authorization) : undefined;
      if (given && !bearer) {
        return refuse(surface, 401, 'The Authorization header must be "Bearer <token>".', true);
      }
      if (!bearer) {
        if (mode === 'none' && opts.defaultToken) {
          const token = opts.defaultToken;
          return { ok: true, caller: { token, callerId: callerIdOf(token), source: 'default' } };
        }
        const what =
          mode === 'oauth'
            ? 'Sign in: this server is an OAuth 2.1 protected resource (see the resource_metadata in WWW-Authenticate).'
            : 'Send your Cway API token as "Authorization: Bearer <token>".';
        return refuse(surface, 401, what, false);
      }
      if (mode !== 'oauth') return cwayBearer(bearer, surface);

      const verdict = await auth!.verifyAccessToken(bearer, audiences[surface]);
      if (verdict.ok) {
        return {
          ok: true,
          caller: {
            token: verdict.cwayToken,
            callerId: callerIdOfSubject(verdict.subject),
            source: 'oauth',
            subject: verdict.subject,
            clientId: verdict.clientId,
          },
        };
      }
      // REST also takes a Cway token, but never one of ours (a known token with another audience,
      // for instance): only a bearer our store has never seen is passed to Cway's check.
      if (surface === 'rest' && verdict.unknown) return cwayBearer(bearer, surface);
      return refuse(surface, verdict.status, verdict.description, true);
    },
  };
}

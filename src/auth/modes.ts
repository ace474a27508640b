/**
 * Who an HTTP request acts as under each auth mode (`--auth none|token|oauth`). Every HTTP surface
 * asks one `CallerAuthenticator` with the request's `Authorization` header and gets the Cway
 * credential to act with (always the caller's own, or in `none` mode the server's default) or a
 * refusal ready to send (status, message, `WWW-Authenticate`).
 *
 * - none: a bearer is a Cway token (checked with Cway); no bearer acts with the default token where
 *   the surface allows it.
 * - token: a bearer Cway token is required.
 * - oauth: MCP requires one of our access tokens for an MCP audience; a raw Cway token is refused
 *   there. REST accepts our access tokens for its audience and, as before, a Cway token. A bearer
 *   our store knows is judged by us alone and never sent to Cway.
 */
import { createHash } from 'node:crypto';
import type { AuthMode } from '../config.js';
import { bearerToken, type AuthOutcome, type Authenticator } from './authenticate.js';
import type { AuthServer } from './oauth/server.js';

export type Surface = 'mcp' | 'sse' | 'rest';

/** What the HTTP surfaces call; `Authenticator` (Cway tokens only) and the oauth mode both fit. */
export interface CallerAuthenticator {
  authenticate(
    header: string | null | undefined,
    allowDefault: boolean,
    surface?: Surface,
    /** The client's address, for the failed-authentication budget of Cway token checks. */
    address?: string,
  ): Promise<AuthOutcome>;
}

export interface ModeOptions {
  mode: AuthMode;
  /** Checks Cway tokens (and holds the default token for `none`). */
  cway: Authenticator;
  /** Required in `oauth` mode. */
  auth?: AuthServer;
  /** The server's public URL (resources are `<publicUrl>/mcp`, `/sse`, `/api`). */
  publicUrl: string;
}

/** The caller id of an OAuth subject: stable across token refreshes and re-sign-ins. */
export const callerIdOfSubject = (subject: string): string =>
  createHash('sha256').update(`oauth:${subject}`).digest('hex').slice(0, 16);

export function createModeAuthenticator(opts: ModeOptions): CallerAuthenticator {
  const { mode, cway, auth } = opts;
  if (mode === 'none') return cway;
  if (mode === 'token') {
    return {
      authenticate: (header, _allowDefault, surface, address) => cway.authenticate(header, false, surface, address),
    };
  }
  if (!auth) throw new Error('oauth mode needs the authorization server');
  const base = opts.publicUrl.replace(/\/+$/, '');
  const resourceOf = (surface: Surface) => `${base}/${surface === 'rest' ? 'api' : surface}`;
  // MCP over either transport accepts MCP audiences, REST its own; tokens for the whole server
  // (clients that named no resource) are accepted everywhere.
  const audiences: Record<Surface, string[]> = {
    mcp: [`${base}/mcp`, `${base}/sse`, base],
    sse: [`${base}/mcp`, `${base}/sse`, base],
    rest: [`${base}/api`, base],
  };
  const refuse = (surface: Surface, message: string, tokenGiven: boolean): AuthOutcome => ({
    ok: false,
    status: 401,
    message,
    headers: {
      'www-authenticate': auth.wwwAuthenticate(
        resourceOf(surface),
        tokenGiven ? { error: 'invalid_token', description: message } : undefined,
      ),
    },
  });

  return {
    async authenticate(header, _allowDefault, surface = 'mcp', address) {
      if (header === undefined || header === null || header === '') {
        return refuse(
          surface,
          'Sign in: this server is an OAuth 2.1 protected resource (see resource_metadata in WWW-Authenticate).',
          false,
        );
      }
      const bearer = bearerToken(header);
      if (!bearer) return refuse(surface, 'The Authorization header must be "Bearer <access token>".', true);
      const verdict = await auth.verifyAccessToken(bearer, audiences[surface]);
      if (verdict.ok) {
        return {
          ok: true,
          caller: { token: verdict.cwayToken, callerId: callerIdOfSubject(verdict.subject), source: 'oauth' },
        };
      }
      if (surface === 'rest' && verdict.unknown) {
        const outcome = await cway.authenticate(header, false, surface, address);
        if (outcome.ok || outcome.status !== 401) return outcome;
        return refuse(surface, outcome.message, true);
      }
      return refuse(surface, verdict.description, true);
    },
  };
}

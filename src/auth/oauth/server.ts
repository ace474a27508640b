/**
 * The gateway's OAuth 2.1 authorization server, built on oidc-provider (see docs/auth.md for why).
 * The library speaks the protocol: RFC 8414 metadata, PKCE (S256 only, required for every
 * client), RFC 8707 resource indicators with audience-bound opaque access tokens, RFC 9207 `iss`,
 * client ID metadata documents, dynamic client registration, refresh-token rotation, revocation.
 * Our code here is the glue: the storage adapter, the sign-in and consent page, the token vault,
 * RFC 9728 protected-resource metadata and the access-token check the surfaces call.
 *
 * Paths it owns (see `owns`): `/.well-known/oauth-authorization-server`,
 * `/.well-known/openid-configuration`, `/.well-known/oauth-protected-resource[/<resource path>]`
 * and everything under `/oauth/`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { errors, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from '../../capabilities/define.js';
import { RateLimiter, type RateDecision } from '../../limits/rate-limit.js';
import type { Store } from '../../store/types.js';
import { createVault, type Vault, type VaultKey } from '../vault.js';
import { adapterFor } from './adapter.js';
import type { ProviderKeys } from './keys.js';
import { consentPage, formTargetOf, messagePage, sendPage, signInPage, type ClientView } from './page.js';

/** The one scope of a Cway resource: act in Cway as the signed-in person. */
export const CWAY_SCOPE = 'cway';
export const SCOPES = ['openid', 'offline_access', CWAY_SCOPE] as const;

/** Who a Cway token belongs to, as Cway's `loginInfo` says. */
export interface CwayIdentity {
  userId: string;
  username: string;
}

export interface DemoUser {
  username: string;
  name: string;
  role: string;
  token: string;
}

/**
 * Bounds on what unauthenticated requests can make the store hold. Registration (DCR) and
 * `/oauth/authorize` both write a row before anyone has signed in, so each is limited per client
 * address and for the whole server. Past a bound the request is refused with 429 and
 * Retry-After; nothing is written. The limiters' own maps are bounded (src/limits/rate-limit.ts).
 */
export const OAUTH_ROW_LIMITS = {
  /** Client registrations per address per hour. */
  registrationsPerAddress: 20,
  /** Client registrations per hour, all addresses together. */
  registrationsTotal: 1_000,
  /** Authorizations started per address per 10 minutes. */
  authorizationsPerAddress: 120,
  /** Authorizations started per 10 minutes, all addresses together. */
  authorizationsTotal: 6_000,
};

export interface AuthServerOptions {
  /** Where clients reach this server (scheme, host, port, optional path; no trailing slash). */
  publicUrl: string;
  store: Store;
  vaultKey: VaultKey;
  keys: ProviderKeys;
  /**
   * Checks a Cway token with Cway (`loginInfo`); rejects when Cway refuses it, or with code
   * `rate_limited` when the address has failed too often (the auth shield of src/limits).
   */
  checkCwayToken(token: string, address: string): Promise<CwayIdentity>;
  /** Demo mode: seeded sandbox users offered on the sign-in page (their tokens are public). */
  demoUsers?: DemoUser[];
  log: Logger;
  /**
   * Paths of the protected resources on this server (default `/mcp`, `/sse`, `/api`). Each is an
   * audience of its own; the server's own URL is the audience for clients that name none.
   */
  resourcePaths?: string[];
  /** Trust X-Forwarded-Proto/Host from a reverse proxy in front of us (default false). */
  trustProxy?: boolean;
  /**
   * How many rows a client address may make us store: client registrations and started
   * authorizations (each opens an interaction row for an hour). Defaults in OAUTH_ROW_LIMITS.
   */
  rowLimits?: Partial<typeof OAUTH_ROW_LIMITS>;
  /** Access-token lifetime in seconds (default 3600). */
  accessTokenTtl?: number;
  /** Refresh-token lifetime in seconds (default 30 days; each rotation starts it again). */
  refreshTokenTtl?: number;
  /** How client ID metadata documents are fetched (default: global fetch, SSRF-guarded by the library). */
  fetch?: typeof globalThis.fetch;
}

/** What a valid access token says about its caller. */
export interface VerifiedCaller {
  ok: true;
  /** The OAuth subject (our account id for the Cway user). */
  subject: string;
  clientId: string;
  scopes: string[];
  /** The person's own Cway token, from the vault: use it for their upstream calls only. */
  cwayToken: string;
  cwayUsername: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface Refusal {
  ok: false;
  /** HTTP status to answer with (401, or 403 for a token lacking scope). */
  status: 401 | 403;
  error: 'invalid_token' | 'insufficient_scope';
  /** Safe to show: never contains the token. */
  description: string;
  /** True when the store holds no live token with this value (not ours, or expired/revoked and gone). */
  unknown?: boolean;
}

export interface AuthServer {
  readonly issuer: string;
  /** The resource URLs this server issues tokens for (first is the whole gateway). */
  readonly resources: string[];
  /** True for the paths this server answers. */
  owns(pathname: string): boolean;
  /** Answers a request for an owned path. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** RFC 9728 metadata for one of our resource URLs. */
  protectedResourceMetadata(resource: string): Record<string, unknown>;
  /** The metadata URL of a resource (path-aware, RFC 9728 section 3.1). */
  protectedResourceMetadataUrl(resource: string): string;
  /** A `WWW-Authenticate` value for a 401/403 on this resource. */
  wwwAuthenticate(resource: string, refusal?: Pick<Refusal, 'error' | 'description'>): string;
  /** Checks an access token presented to a surface serving `acceptedResources`. */
  verifyAccessToken(token: string, acceptedResources: readonly string[]): Promise<VerifiedCaller | Refusal>;
  /** Forgets a person: their vault entry and every grant (so every token) of theirs. */
  revokeAccount(accountId: string): Promise<void>;
  readonly vault: Vault;
}

const FORM_LIMIT = 16 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams | 'too_large' | 'bad_type'> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return 'bad_type';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Past the bound we keep draining (so the client sees our answer) but keep nothing.
    if (size <= FORM_LIMIT) chunks.push(chunk);
  }
  if (size > FORM_LIMIT) return 'too_large';
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const asArray = (v: unknown): string[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : String(v).split(' ').filter(Boolean);

/** The account id of a Cway user: stable per Cway user, opaque to clients. */
export const accountIdOf = (cwayUserId: string): string => `cway:${cwayUserId}`;

export function createAuthServer(opts: AuthServerOptions): AuthServer {
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  const origin = new URL(publicUrl).origin;
  const basePath = new URL(publicUrl).pathname.replace(/\/+$/, '');
  const resources = [publicUrl, ...(opts.resourcePaths ?? ['/mcp', '/sse', '/api']).map((p) => publicUrl + p)];
  const resourceSet = new Set(resources);
  const vault = createVault(opts.store.vault, opts.vaultKey);
  const demoUsers = opts.demoUsers ?? [];
  const log = opts.log;
  const accessTokenTtl = opts.accessTokenTtl ?? 3600;
  const refreshTokenTtl = opts.refreshTokenTtl ?? 30 * 24 * 3600;
  const csrfKey = Buffer.from(opts.keys.cookieKeys[0]!, 'base64url');
  const csrfFor = (uid: string, step: string) =>
    createHmac('sha256', csrfKey).update(`csrf:${step}:${uid}`).digest('base64url');

  const configuration: Configuration = {
    adapter: adapterFor(opts.store.oauth),
    jwks: opts.keys.jwks,
    cookies: { keys: opts.keys.cookieKeys },
    scopes: [...SCOPES],
    claims: { openid: ['sub'], profile: ['preferred_username'] },
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'ES256',
    },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    responseTypes: ['code'],
    pkce: { required: () => true },
    routes: {
      authorization: '/oauth/authorize',
      token: '/oauth/token',
      registration: '/oauth/register',
      revocation: '/oauth/revoke',
      jwks: '/oauth/jwks',
      userinfo: '/oauth/userinfo',
      end_session: '/oauth/logout',
      introspection: '/oauth/introspect',
      pushed_authorization_request: '/oauth/par',
    },
    interactions: { url: (_ctx, interaction) => `${basePath}/oauth/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: {
        enabled: true,
        // Clients that name no resource (GPT Actions, Copilot Studio) get the whole gateway.
        defaultResource: async () => publicUrl,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resourceIndicator) => {
          if (!resourceSet.has(resourceIndicator)) {
            throw new errors.InvalidTarget(`this server issues tokens only for ${resources.join(', ')}`);
          }
          return {
            scope: CWAY_SCOPE,
            audience: resourceIndicator,
            accessTokenFormat: 'opaque',
            accessTokenTTL: accessTokenTtl,
          };
        },
      },
      // The experimental-feature acknowledgement is the draft version the library implements.
      clientIdMetadataDocument: {
        enabled: true,
        ack: 'draft-02',
      } as NonNullable<Configuration['features']>['clientIdMetadataDocument'],
    },
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    // Every client with the refresh_token grant gets a refresh token (rotated on each use).
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    ttl: {
      AccessToken: accessTokenTtl,
      AuthorizationCode: 60,
      RefreshToken: refreshTokenTtl,
      Grant: 90 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      IdToken: 3600,
    },
    findAccount: async (_ctx, sub) => {
      const who = await vault.identity(sub);
      if (!who) return undefined;
      return { accountId: sub, claims: async () => ({ sub, preferred_username: who.cwayUsername }) };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      const title = 'Sign-in could not continue';
      const detail = `${String(out.error)}${out.error_description ? `: ${String(out.error_description)}` : ''}`;
      sendPageOnKoa(ctx, title, messagePage(title, detail));
    },
  };

  const rowLimits = { ...OAUTH_ROW_LIMITS, ...opts.rowLimits };
  const perHour = (limit: number) => new RateLimiter({ limit, windowSeconds: 3600 });
  const perTenMinutes = (limit: number) => new RateLimiter({ limit, windowSeconds: 600 });
  const writeLimits = {
    registration: {
      address: perHour(rowLimits.registrationsPerAddress),
      total: perHour(rowLimits.registrationsTotal),
    },
    authorization: {
      address: perTenMinutes(rowLimits.authorizationsPerAddress),
      total: perTenMinutes(rowLimits.authorizationsTotal),
    },
  };
  /** A refusal when this request would store a row past its bound; undefined when it may go on. */
  const overRowLimit = (kind: keyof typeof writeLimits, address: string): RateDecision | undefined => {
    const limits = writeLimits[kind];
    const own = limits.address.take(address);
    if (!own.allowed) return own;
    const all = limits.total.take('all');
    return all.allowed ? undefined : all;
  };

  const provider = new Provider(publicUrl, configuration);
  provider.proxy = opts.trustProxy ?? false;
  const callback = provider.callback();

  provider.on('server_error', (_ctx: KoaContextWithOIDC, err: Error) => {
    log.error({ err: { name: err.name, message: err.message } }, 'oauth server error');
  });
  provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) => {
    const accountId =
      ctx.oidc?.entities.Grant?.accountId ??
      ctx.oidc?.entities.RefreshToken?.accountId ??
      ctx.oidc?.entities.AccessToken?.accountId;
    log.info({ grantId, clientId: ctx.oidc?.client?.clientId }, 'oauth grant revoked');
    if (accountId) void forgetIfUnused(accountId);
  });

  /** Drops the person's stored Cway token once no grant of theirs is left. */
  async function forgetIfUnused(accountId: string): Promise<void> {
    try {
      const live = await opts.store.oauth.grantsOfAccount(accountId, Date.now(), 1);
      if (live.length === 0 && (await vault.revoke(accountId))) log.info({ accountId }, 'vault entry removed');
    } catch (err) {
      log.warn({ err: { message: (err as Error).message } }, 'could not clean up the vault entry');
    }
  }

  function sendPageOnKoa(ctx: KoaContextWithOIDC, title: string, body: string) {
    // renderError runs inside the library's Koa context; answer through the raw response.
    ctx.respond = false;
    sendPage(ctx.res, ctx.status && ctx.status >= 400 ? ctx.status : 400, title, body);
  }

  const prmPrefix = '/.well-known/oauth-protected-resource';

  function protectedResourceMetadataUrl(resource: string): string {
    const u = new URL(resource);
    const path = u.pathname === '/' ? '' : u.pathname;
    return `${u.origin}${prmPrefix}${path}`;
  }

  function protectedResourceMetadata(resource: string): Record<string, unknown> {
    return {
      resource,
      authorization_servers: [provider.issuer],
      scopes_supported: [CWAY_SCOPE, 'offline_access'],
      bearer_methods_supported: ['header'],
      resource_name: 'Cway',
      resource_documentation: `${publicUrl}/docs`,
    };
  }

  const owned = (pathname: string): boolean => {
    const p = basePath && pathname.startsWith(basePath) ? pathname.slice(basePath.length) || '/' : pathname;
    return (
      p.startsWith('/oauth/') ||
      p === '/.well-known/oauth-authorization-server' ||
      p === '/.well-known/openid-configuration' ||
      p === prmPrefix ||
      p.startsWith(`${prmPrefix}/`)
    );
  };

  async function clientView(clientId: string, redirectUri: string): Promise<ClientView> {
    const client = await provider.Client.find(clientId);
    const name = (client?.clientName as string | undefined) ?? clientId;
    return {
      name,
      clientId,
      redirectUri,
      kind: /^https:\/\//.test(clientId) ? 'metadata document' : 'registered',
    };
  }

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch {
      return sendPage(
        res,
        400,
        'Sign-in expired',
        messagePage(
          'This sign-in has expired or was opened in another browser',
          'Go back to the app that sent you here and connect again.',
        ),
      );
    }
    if (details.uid !== uid) {
      return sendPage(res, 400, 'Sign-in mismatch', messagePage('Sign-in mismatch', 'Start the connection again.'));
    }
    const params = details.params as Record<string, unknown>;
    const clientId = String(params.client_id);
    const redirectUri = String(params.redirect_uri ?? '');
    const view = await clientView(clientId, redirectUri);
    const formTarget = formTargetOf(redirectUri);
    const action = `${basePath}/oauth/interaction/${uid}`;
    const step = details.prompt.name === 'login' ? 'login' : 'consent';

    const showLogin = (status: number, error?: string) =>
      sendPage(
        res,
        status,
        'Sign in to Cway',
        signInPage({
          action,
          csrf: csrfFor(uid, 'login'),
          client: view,
          demoUsers: demoUsers.map(({ username, name, role }) => ({ username, name, role })),
          error,
        }),
        { formTarget },
      );

    const showConsent = async (status: number) => {
      const accountId = details.session?.accountId ?? '';
      const who = await vault.identity(accountId);
      if (!who) {
        // The stored token was revoked since the session began: sign in again.
        return provider.interactionFinished(req, res, { error: 'login_required' }, { mergeWithLastSubmission: false });
      }
      const requested = asArray(params.resource);
      return sendPage(
        res,
        status,
        'Allow access?',
        consentPage({
          action,
          csrf: csrfFor(uid, 'consent'),
          client: view,
          username: who.cwayUsername,
          scopes: asArray(params.scope),
          resources: requested.length ? requested : [publicUrl],
        }),
        { formTarget },
      );
    };

    if (req.method === 'GET') return step === 'login' ? showLogin(200) : showConsent(200);
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'GET, POST' }).end();
      return;
    }

    const form = await readForm(req);
    if (form === 'too_large' || form === 'bad_type') {
      return sendPage(
        res,
        form === 'too_large' ? 413 : 415,
        'Bad form',
        messagePage('Bad form', 'Send the form again.'),
      );
    }
    // CSRF: the form must come from our own page (same origin) and carry the token made for this
    // interaction and step; the interaction cookie (SameSite=Lax) already ties it to this browser.
    const fromOrigin = req.headers.origin;
    const expected = csrfFor(uid, step);
    const got = form.get('csrf') ?? '';
    const csrfOk =
      (fromOrigin === undefined || fromOrigin === origin) &&
      form.get('step') === step &&
      got.length === expected.length &&
      timingSafeEqual(Buffer.from(got), Buffer.from(expected));
    if (!csrfOk) {
      log.warn({ uid, step }, 'oauth form refused: CSRF check failed');
      return sendPage(
        res,
        403,
        'Refused',
        messagePage('Refused', 'This form did not come from this sign-in page. Start the connection again.'),
      );
    }

    const decision = form.get('decision');
    if (decision === 'deny') {
      if (details.session?.accountId) await forgetIfUnused(details.session.accountId);
      return provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The person declined to connect.' },
        { mergeWithLastSubmission: false },
      );
    }

    if (step === 'login') {
      const demoName = form.get('demo_user');
      const demo = demoName ? demoUsers.find((u) => u.username === demoName) : undefined;
      if (demoName && !demo) return showLogin(400, 'That demo user does not exist.');
      const token = demo?.token ?? (form.get('cway_token') ?? '').trim();
      if (!token) return showLogin(400, 'Paste your Cway API token, or pick a demo user.');
      let who: CwayIdentity;
      try {
        who = await opts.checkCwayToken(token, req.socket.remoteAddress ?? 'unknown');
      } catch (err) {
        const code = (err as { code?: string }).code;
        const refused = code === 'unauthorized' || code === 'forbidden';
        const message = refused
          ? 'Cway did not accept this token. Check that you copied all of it and that it has not been revoked.'
          : code === 'rate_limited'
            ? 'Too many refused tokens from your network. Wait a minute, then try again.'
            : 'Cway could not be reached to check the token. Try again in a moment.';
        log.info({ clientId, outcome: code ?? 'error' }, 'oauth sign-in refused');
        return showLogin(refused ? 401 : code === 'rate_limited' ? 429 : 503, message);
      }
      const accountId = accountIdOf(who.userId);
      await vault.save(accountId, token, { cwayUserId: who.userId, cwayUsername: who.username });
      log.info({ clientId, username: who.username, demo: Boolean(demo) }, 'oauth sign-in');
      return provider.interactionFinished(
        req,
        res,
        { login: { accountId, amr: ['cway_token'] } },
        { mergeWithLastSubmission: false },
      );
    }

    if (decision !== 'allow') return showConsent(400);
    const accountId = details.session?.accountId;
    if (!accountId) return showLogin(400, 'Sign in first.');
    const { Grant } = provider;
    const grant =
      (details.grantId ? await Grant.find(details.grantId) : undefined) ?? new Grant({ accountId, clientId });
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const requested = asArray(params.resource);
    for (const resource of requested.length ? requested : [publicUrl]) grant.addResourceScope(resource, CWAY_SCOPE);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(' '));
    }
    const grantId = await grant.save();
    log.info({ clientId, accountId }, 'oauth consent given');
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const path = basePath && url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;

    if (path === prmPrefix || path.startsWith(`${prmPrefix}/`)) {
      const resource = publicUrl + path.slice(prmPrefix.length);
      if (!resourceSet.has(resource) || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
        return;
      }
      const body = JSON.stringify(protectedResourceMetadata(resource));
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'access-control-allow-origin': '*',
          'cache-control': 'public, max-age=300',
        })
        .end(req.method === 'HEAD' ? undefined : body);
      return;
    }

    const m = /^\/oauth\/interaction\/([A-Za-z0-9_-]{1,64})$/.exec(path);
    if (m) {
      try {
        await interaction(req, res, m[1]!);
      } catch (err) {
        log.error({ err: { name: (err as Error).name, message: (err as Error).message } }, 'oauth interaction failed');
        if (!res.headersSent) {
          sendPage(
            res,
            500,
            'Something went wrong',
            messagePage('Something went wrong', 'Start the connection again.'),
          );
        }
      }
      return;
    }
    const writes =
      path === '/oauth/register' && req.method === 'POST'
        ? 'registration'
        : path === '/oauth/authorize'
          ? 'authorization'
          : undefined;
    const refusal = writes && overRowLimit(writes, req.socket.remoteAddress ?? 'unknown');
    if (refusal) {
      log.info({ path, retryAfterSeconds: refusal.retryAfterSeconds }, 'oauth request refused: over its row limit');
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(refusal.retryAfterSeconds) }).end(
        JSON.stringify({
          error: 'temporarily_unavailable',
          error_description: `Too many ${writes === 'registration' ? 'client registrations' : 'sign-ins started'}; try again in ${refusal.retryAfterSeconds} s.`,
        }),
      );
      return;
    }
    // The library answers everything else it owns. It reads paths from the request URL, so a
    // base path (PUBLIC_URL with a path) is stripped first.
    if (basePath) req.url = path + url.search;
    callback(req, res);
  }

  async function verifyAccessToken(
    token: string,
    acceptedResources: readonly string[],
  ): Promise<VerifiedCaller | Refusal> {
    const refuse = (description: string): Refusal => ({ ok: false, status: 401, error: 'invalid_token', description });
    if (!token || token.length > 512) return refuse('The access token is malformed.');
    const at = await provider.AccessToken.find(token);
    if (!at) return { ...refuse('The access token is unknown, expired or revoked; get a new one.'), unknown: true };
    const aud = asArray(at.aud);
    if (!aud.some((a) => acceptedResources.includes(a))) {
      return refuse('The access token was issued for another resource.');
    }
    if (!at.grantId || !(await provider.Grant.find(at.grantId)))
      return refuse('The grant behind this token was revoked.');
    const opened = at.accountId ? await vault.openWithIdentity(at.accountId) : undefined;
    if (!opened) return refuse('The Cway credential behind this token was revoked; sign in again.');
    const { token: cwayToken, who } = opened;
    return {
      ok: true,
      subject: at.accountId!,
      clientId: at.clientId!,
      scopes: asArray(at.scope),
      cwayToken,
      cwayUsername: who.cwayUsername,
      expiresAt: (at.exp ?? 0) * 1000,
    };
  }

  function wwwAuthenticate(resource: string, refusal?: Pick<Refusal, 'error' | 'description'>): string {
    const parts = [`resource_metadata="${protectedResourceMetadataUrl(resource)}"`, `scope="${CWAY_SCOPE}"`];
    if (refusal) {
      parts.push(`error="${refusal.error}"`, `error_description="${refusal.description.replace(/["\\]/g, '')}"`);
    }
    return `Bearer ${parts.join(', ')}`;
  }

  return {
    issuer: provider.issuer,
    resources,
    owns: owned,
    handle,
    protectedResourceMetadata,
    protectedResourceMetadataUrl,
    wwwAuthenticate,
    verifyAccessToken,
    async revokeAccount(accountId) {
      for (const grantId of await opts.store.oauth.grantsOfAccount(accountId, Date.now(), 1000)) {
        for (const model of ['AccessToken', 'RefreshToken', 'AuthorizationCode', 'Grant']) {
          await opts.store.oauth.revokeByGrantId(model, grantId);
        }
      }
      await vault.revoke(accountId);
    },
    vault,
  };
}

/**
 * The process: one runtime (Cway client, services, the MCP server factory, the embedded sandbox in
 * demo mode) and one HTTP app, routed by Hono on @hono/node-server:
 *
 *   GET /health                      liveness and Cway's reachability
 *   GET /metrics                     Prometheus metrics (src/metrics; access rule in route.ts)
 *   /mcp, /sse, /messages            MCP (src/surfaces/mcp/http.ts)
 *   /api/..., /openapi.json, /docs   REST (src/surfaces/rest/app.ts, mounted as a Hono app)
 *   /oauth/..., /.well-known/...     the authorization server, in `--auth oauth` (src/auth/oauth)
 *
 * Every route sits behind the DNS-rebinding guard (src/http/guard.ts).
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { Authenticator } from './auth/authenticate.js';
import { createModeAuthenticator, type CallerAuthenticator } from './auth/modes.js';
import { loadProviderKeys } from './auth/oauth/keys.js';
import type { AuthServer } from './auth/oauth/server.js';
import { loadVaultKey } from './auth/vault.js';
import { TokenChecker } from './auth/token-check.js';
import { startOrJoinDemoSandbox } from './demo-sandbox.js';
import { openSqliteStore } from './store/sqlite.js';
import { openPostgresStore } from './store/postgres.js';
import type { Store } from './store/types.js';
import { oauthUrlsFor } from './surfaces/rest/openapi.js';
import { capabilities as registry } from './capabilities/index.js';
import { isProfileName, PROFILE_NAMES, profileCapabilities } from './capabilities/profiles.js';
import type { Capability } from './capabilities/define.js';
import type { Services } from './capabilities/services.js';
import { VERSION, type Config } from './config.js';
import { createConfirmationService } from './confirm/service.js';
import { CwayClient, type CwayClientOptions } from './cway/client.js';
import { createHealthProbe } from './cway/health.js';
import { createGuard, isLoopback } from './http/guard.js';
import { addSessionSource } from './metrics/metrics.js';
import { metricsHandler } from './metrics/route.js';
import { countingAuthenticator, instrumentStore } from './metrics/instrument.js';
import { newRequestId, silentLogger, withLogContext, type AppLogger } from './logging.js';
import { createMcpHttp, DEFAULT_MCP_RATE_LIMIT } from './surfaces/mcp/http.js';
import { DEFAULT_RATE_LIMIT, perInstance, type RateLimitOptions } from './limits/rate-limit.js';
import { DEFAULT_FAILURES_PER_ADDRESS } from './limits/auth-shield.js';
import type { SessionLimits } from './surfaces/mcp/sessions.js';
import { readOnlyFilter, selectCapabilities } from './capabilities/select.js';
import { createMcpSurface, type McpSurface } from './surfaces/mcp/server.js';
import { buildRestApp } from './surfaces/rest/app.js';
import type { Sandbox } from '../sandbox/server.js';

export type { RestAppOptions } from './surfaces/rest/app.js';

/** Cway client settings a caller may tune (tests and benchmarks); the rest come from the config. */
export type CwayTuning = Pick<
  CwayClientOptions,
  'timeoutMs' | 'deadlineMs' | 'maxRetries' | 'backoffBaseMs' | 'maxRetryAfterMs' | 'gate'
>;

/** Everything a surface needs, built once per process. */
export interface Runtime {
  config: Config;
  log: AppLogger;
  client: CwayClient;
  services: Services;
  /** The configured token, or the sandbox admin's in demo mode. */
  defaultToken: string | null;
  sandbox: Sandbox | null;
  /** OAuth state, the token vault and spent confirmation tokens (gateway.db in the data dir, or PostgreSQL). */
  store: Store;
  /** The data directory actually used. */
  dataDir: string;
  /** Served as MCP tools (toolsets and read-only applied). */
  mcpCapabilities: Capability[];
  /** The whole registry with read-only applied (resources, REST). */
  registry: Capability[];
  /** The MCP server factory of a connection that names no profile. */
  mcp: McpSurface;
  /** The factory of a named profile (`/mcp/<profile>`); the default's for undefined; null when unknown. */
  mcpFor(profile: string | undefined): McpSurface | null;
  close(): Promise<void>;
}

export async function createRuntime(
  config: Config,
  log: AppLogger = silentLogger(),
  tuning: CwayTuning = {},
): Promise<Runtime> {
  let sandbox: Sandbox | null = null;
  let url = config.cwayUrl;
  let defaultToken = config.cwayToken;
  const dataDir = writableStateDir(config.stateDir, log);
  // The store first: a store that cannot be opened stops the start before anything else.
  // PostgreSQL (--store / DATABASE_URL) is migrated here, under node-pg-migrate's lock.
  const store = instrumentStore(
    config.databaseUrl
      ? await openPostgresStore({
          url: config.databaseUrl,
          log: (level, msg) => log[level]({ store: 'postgres' }, msg),
        })
      : openSqliteStore({ dir: dataDir }),
  );
  log.info({ store: store.kind, location: store.location }, 'store opened');
  // Expired OAuth rows and spent confirmation ids are deleted now and every 10 minutes (the store
  // never returns them meanwhile); several processes sweeping one store is harmless.
  const sweep = () =>
    store.sweep(Date.now()).then(
      (n) => n > 0 && log.debug({ removed: n }, 'store swept'),
      (err: unknown) => log.warn({ err: (err as Error).message }, 'store sweep failed'),
    );
  void sweep();
  const sweeper = setInterval(sweep, 10 * 60_000);
  sweeper.unref();
  if (config.demo) {
    const demo = await startOrJoinDemoSandbox(dataDir, log);
    sandbox = demo.sandbox;
    url = sandbox.url;
    defaultToken = sandbox.adminToken;
    if (demo.owner) log.info({ sandbox: sandbox.url }, 'demo mode: embedded Cway sandbox started');
  }
  const client = new CwayClient({ url, logger: log, ...tuning });
  const services: Services = {
    apiUrl: url,
    sandbox: config.demo,
    webBaseUrl: config.webUrl,
    subscriptionUrl: config.subscriptionUrl,
    confirmations: createConfirmationService({ dir: dataDir, ledger: store.confirmations }),
  };
  const all = readOnlyFilter(registry, config.readOnly);
  // What a connection that names no profile gets: the configured profile, unless toolsets were
  // chosen (and no profile), which keeps `--toolsets` meaning what it always meant.
  const byToolsets = config.toolsetsChosen && !config.profileChosen;
  const mcpCapabilities = byToolsets
    ? selectCapabilities(registry, { toolsets: config.toolsets, readOnly: config.readOnly })
    : readOnlyFilter(profileCapabilities(config.profile), config.readOnly);
  const surfaceOf = (capabilities: Capability[]) =>
    createMcpSurface({ capabilities, registry: all, client, services, log, readOnly: config.readOnly });
  const mcp = surfaceOf(mcpCapabilities);
  // One factory per profile, built on first use (its tool list and schemas once per process).
  const profiles = new Map<string, McpSurface>();
  const mcpFor = (profile: string | undefined): McpSurface | null => {
    if (profile === undefined) return mcp;
    if (!isProfileName(profile)) return null;
    let surface = profiles.get(profile);
    if (!surface) {
      surface = surfaceOf(readOnlyFilter(profileCapabilities(profile), config.readOnly));
      profiles.set(profile, surface);
    }
    return surface;
  };
  return {
    config,
    log,
    client,
    services,
    defaultToken,
    sandbox,
    store,
    dataDir,
    mcpCapabilities,
    registry: all,
    mcp,
    mcpFor,
    async close() {
      clearInterval(sweeper);
      await sandbox?.close();
      await store.close();
    },
  };
}

/**
 * The state directory, or one under the home directory when it cannot be created (a client that
 * spawns stdio servers in an unwritable working directory, such as "/").
 */
function writableStateDir(dir: string, log: AppLogger): string {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
    return dir;
  } catch (err) {
    const fallback = join(homedir(), '.cway-mcp', 'state');
    log.warn({ dir, fallback, problem: (err as Error).message }, 'cannot use the state directory; using the fallback');
    return fallback;
  }
}

/** A URL without credentials or query, safe to show. */
function displayUrl(u: string): string {
  const url = new URL(u);
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8000 */
  url: string;
  port: number;
  runtime: Runtime;
  sessions(): { streamable: number; sse: number };
  /** Stops accepting, lets in-flight calls finish (bounded), closes sessions and the sandbox. */
  close(): Promise<void>;
}

export interface StartOptions {
  log?: AppLogger;
  /** How long shutdown waits for in-flight requests (default 10 s). */
  graceMs?: number;
  /** Streamable HTTP sessions idle this long are closed (default 30 minutes). */
  idleMs?: number;
  /** Cway client tuning (default: the client's own defaults). */
  cway?: CwayTuning;
  /** Caps on open MCP sessions (default 2,000 in all, 50 per credential; benchmarks raise them). */
  sessions?: SessionLimits;
  /** The REST surface's per-caller rate limit (default: the app's); false turns it off (benchmarks). */
  restRateLimit?: { limit: number; windowSeconds: number } | false;
  /** The MCP surface's per-caller rate limit (default: its own, 1,200 per 60 s); false turns it off. */
  mcpRateLimit?: { limit: number; windowSeconds: number } | false;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? silentLogger();
  const runtime = await createRuntime(config, log, opts.cway);
  const mcpOn = config.mode === 'all' || config.mode === 'sse';
  const restOn = config.mode === 'all' || config.mode === 'rest';
  // Per-caller limits are for the whole deployment: each of --instances N allows 1/N of them.
  const share = (given: RateLimitOptions | false | undefined, fallback: RateLimitOptions) =>
    given === false ? false : perInstance(given ?? fallback, config.instances);
  const mcpRateLimit = share(opts.mcpRateLimit, DEFAULT_MCP_RATE_LIMIT);
  const restRateLimit = share(opts.restRateLimit, DEFAULT_RATE_LIMIT);
  // Cway tokens are checked by the Authenticator (with its auth shield); the auth mode decides what
  // else a request may bring (src/auth/modes.ts). Set once the port, and so the public URL, is known.
  // The failed-token budget per address is shared out the same way as the rate limits.
  const failures = perInstance({ limit: DEFAULT_FAILURES_PER_ADDRESS, windowSeconds: 60 }, config.instances);
  const cwayAuth = new Authenticator({
    client: runtime.client,
    defaultToken: config.auth === 'none' ? runtime.defaultToken : null,
    log,
    shield: { failuresPerAddress: failures.limit, windowSeconds: failures.windowSeconds },
  });
  const late: { auth?: CallerAuthenticator; authServer?: AuthServer } = {};
  const auth: CallerAuthenticator = {
    authenticate: (header, allowDefault, surface, address) =>
      late.auth!.authenticate(header, allowDefault, surface, address),
  };
  const mcp = createMcpHttp({
    surfaceFor: (profile) => runtime.mcpFor(profile),
    profileNames: PROFILE_NAMES,
    auth,
    allowDefault: true,
    log,
    sessions: { ...opts.sessions, idleMs: opts.idleMs ?? opts.sessions?.idleMs },
    rateLimit: mcpRateLimit,
  });
  const guard = createGuard({
    bindHost: config.host,
    corsOrigins: config.corsOrigins,
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
  });
  const probe = createHealthProbe(runtime.client.url, runtime.defaultToken);
  const startedAt = Date.now();
  /** The server's own URL, known once it listens. */
  let url = '';
  let inflight = 0;
  /** Set from close() until the drain period ends: only /health changes (503 `draining`). */
  let draining = false;
  let closing: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;

  const app = new Hono<{ Bindings: HttpBindings }>();
  app.use(async (c, next) => {
    const verdict = guard({ host: c.req.header('host'), origin: c.req.header('origin') });
    if (!verdict.ok) return c.json({ error: 'forbidden', message: verdict.message }, 403);
    if (closing) {
      return c.json({ error: 'shutting_down', message: 'The server is shutting down.' }, 503, { connection: 'close' });
    }
    await next();
  });
  // The authorization server (oauth mode) answers its own paths on the raw Node request.
  app.use(async (c, next) => {
    const authServer = late.authServer;
    if (!authServer?.owns(new URL(c.req.url).pathname)) return next();
    await authServer.handle(c.env.incoming, c.env.outgoing);
    return RESPONSE_ALREADY_SENT;
  });
  app.on(['GET', 'HEAD'], '/health', async (c) => {
    if (draining) return c.json({ status: 'draining', version: VERSION }, 503, { 'retry-after': '5' });
    const cway = await probe();
    return c.json({
      status: cway.reachable ? 'ok' : 'degraded',
      version: VERSION,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      mode: config.mode,
      cway: { url: displayUrl(runtime.client.url), ...cway },
      sandbox: config.demo,
      sessions: mcp.counts(),
    });
  });
  const metrics = metricsHandler({ token: config.metricsToken, loopback: isLoopback(config.host) });
  app.get('/metrics', async (c) => {
    const answer = await metrics(c.req.header('authorization'));
    return c.body(answer.body, answer.status, {
      'content-type': answer.contentType,
      'cache-control': 'no-store',
      ...('headers' in answer ? answer.headers : {}),
    });
  });
  const dropSessionSource = addSessionSource(() => mcp.counts());
  if (mcpOn) app.route('/', mcp.app);
  if (restOn) {
    // REST answers every path the routes above leave, its own 404 and 405 included.
    app.route(
      '/',
      buildRestApp({
        capabilities: config.toolsetsChosen ? selectCapabilities(registry, config) : runtime.registry,
        client: runtime.client,
        services: runtime.services,
        log,
        auth,
        corsOrigins: config.corsOrigins,
        publicUrl: () => config.publicUrl ?? url.replace('://127.0.0.1:', '://localhost:'),
        rateLimit: restRateLimit,
        ...(config.auth === 'oauth' ? { oauth: () => oauthUrlsFor(config.publicUrl ?? url) } : {}),
      }),
    );
  } else {
    app.all('*', (c) =>
      c.json({ error: 'not_found', message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.` }, 404),
    );
  }
  app.onError((err, c) => {
    // A client that hangs up mid-body is routine (and anyone can cause it): one info line, no stack.
    const incoming = c.env.incoming;
    if (incoming.readableAborted || incoming.destroyed || (err as Error).name === 'AbortError') {
      log.info({ method: incoming.method, path: (incoming.url ?? '').split('?')[0] }, 'request aborted by the client');
      return c.body(null, 400);
    }
    log.error({ err }, 'request failed');
    return c.json({ error: 'internal', message: 'Unexpected internal error.' }, 500);
  });

  const http = createAdaptorServer({
    fetch: (request, env) => withLogContext({ reqId: newRequestId() }, () => app.fetch(request, env)),
    // Deliberate limits on slow clients (issue 12): the headers must arrive within 10 s and the
    // whole request (headers and body) within 30 s, else the socket is closed with 408; idle
    // keep-alive sockets close after 5 s. Checked every 2 s. Long-lived responses (event streams)
    // are not affected: these limits cover receiving the request only.
    serverOptions: {
      headersTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      connectionsCheckingInterval: 2_000,
    },
  });
  http.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const streaming = req.method === 'GET' && /^\/(sse|mcp)\/?(\?|$)/.test(req.url ?? '');
    if (!streaming) inflight++;
    res.once('close', () => {
      if (!streaming) inflight--;
      log.debug(
        {
          method: req.method,
          path: (req.url ?? '').split('?')[0],
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
        },
        'http',
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', (err: NodeJS.ErrnoException) => {
      dropSessionSource();
      void runtime.close();
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `port ${config.port} on ${config.host} is already in use; choose another with --port or MCP_SERVER_PORT`,
            )
          : err,
      );
    });
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = config.publicUrl ?? url;
  if (config.auth === 'oauth') {
    // Loaded only in oauth mode: the library (and its Koa stack) stays out of other starts.
    const { createAuthServer } = await import('./auth/oauth/server.js');
    // Sign-in checks are not cached past a minute, and refusals not by the checker; the shield in
    // front of it counts each address's failures and remembers refused tokens (src/limits).
    const signInChecker = new TokenChecker({ client: runtime.client, negativeTtlMs: 0 });
    late.authServer = createAuthServer({
      publicUrl,
      store: runtime.store,
      vaultKey: loadVaultKey(runtime.dataDir, config.vaultKey),
      keys: loadProviderKeys(runtime.dataDir),
      checkCwayToken: (token, address) => cwayAuth.shield.check(token, address, (t) => signInChecker.authenticate(t)),
      demoUsers: runtime.sandbox?.users,
      log,
      trustProxy: config.trustProxy,
    });
  }
  late.auth = countingAuthenticator(
    createModeAuthenticator({ mode: config.auth, cway: cwayAuth, auth: late.authServer, publicUrl }),
  );
  if (config.auth === 'none' && !isLoopback(config.host) && runtime.defaultToken) {
    log.warn(
      { host: config.host },
      config.demo
        ? 'auth none on a non-loopback address in demo mode: the seeded sandbox tokens are public, and anyone who can reach this port acts as the demo admin'
        : 'auth none on a non-loopback address: callers without a token act with the configured Cway token; anyone who can reach this port can use it',
    );
  }
  if (config.demo && config.auth !== 'none') {
    log.warn({ auth: config.auth }, 'demo mode: the seeded sandbox users and their tokens are public');
  }
  log.info({ url, mode: config.mode, demo: config.demo, tools: runtime.mcpCapabilities.length }, 'cway-mcp listening');

  return {
    url,
    port,
    runtime,
    sessions: () => mcp.counts(),
    close() {
      stopping ??= (async () => {
        // Drain first (when configured): the balancer sees /health fail and stops sending new
        // requests while this instance still answers everything it is sent.
        if (config.drainSeconds > 0) {
          draining = true;
          log.info({ drainSeconds: config.drainSeconds }, 'draining: /health answers 503');
          await new Promise((r) => setTimeout(r, config.drainSeconds * 1000));
        }
        await (closing ??= shutDown());
      })();
      return stopping;
    },
  };

  async function shutDown(): Promise<void> {
    http.close();
    dropSessionSource();
    const deadline = Date.now() + (opts.graceMs ?? 10_000);
    while (inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await mcp.close();
    (http as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    await runtime.close();
    log.info({ leftInFlight: inflight }, 'cway-mcp stopped');
  }
}

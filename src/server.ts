/**
 * The process: one runtime (Cway client, services, the MCP server factory, the embedded sandbox in
 * demo mode) and one HTTP app, routed by Hono on @hono/node-server:
 *
 *   GET /health                      liveness and Cway's reachability
 *   /mcp, /sse, /messages            MCP (src/surfaces/mcp/http.ts)
 *   /api/..., /openapi.json, /docs   REST (src/surfaces/rest)
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
import type { Store } from './store/types.js';
import { oauthUrlsFor } from './surfaces/rest/openapi.js';
import { capabilities as registry } from './capabilities/index.js';
import type { Capability } from './capabilities/define.js';
import type { Services } from './capabilities/services.js';
import { VERSION, type Config } from './config.js';
import { createConfirmationService } from './confirm/service.js';
import { CwayClient, type CwayClientOptions } from './cway/client.js';
import { graphql } from './cway/graphql.js';
import { CapabilityError } from './errors.js';
import { createGuard, isLoopback } from './http/guard.js';
import { newRequestId, silentLogger, withLogContext, type AppLogger } from './logging.js';
import { createMcpHttp } from './surfaces/mcp/http.js';
import type { SessionLimits } from './surfaces/mcp/sessions.js';
import { readOnlyFilter, selectCapabilities } from './surfaces/mcp/select.js';
import { createMcpSurface, type McpSurface } from './surfaces/mcp/server.js';
import { buildRestHandler, type RestHandler } from './surfaces/rest/app.js';
import type { Sandbox } from '../sandbox/server.js';

export type { RestAppOptions } from './surfaces/rest/app.js';

/** Cway client settings a caller may tune (tests and benchmarks); the rest come from the config. */
export type CwayTuning = Pick<CwayClientOptions, 'timeoutMs' | 'maxRetries' | 'backoffBaseMs' | 'maxRetryAfterMs'>;

/** Everything a surface needs, built once per process. */
export interface Runtime {
  config: Config;
  log: AppLogger;
  client: CwayClient;
  services: Services;
  /** The configured token, or the sandbox admin's in demo mode. */
  defaultToken: string | null;
  sandbox: Sandbox | null;
  /** OAuth state, the token vault and spent confirmation tokens (gateway.db in the data dir). */
  store: Store;
  /** The data directory actually used. */
  dataDir: string;
  /** Served as MCP tools (toolsets and read-only applied). */
  mcpCapabilities: Capability[];
  /** The whole registry with read-only applied (resources, REST). */
  registry: Capability[];
  /** The one MCP server factory. */
  mcp: McpSurface;
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
  // The store first: a data directory that cannot be opened stops the start before anything else.
  const store = openSqliteStore({ dir: dataDir });
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
    confirmations: createConfirmationService({ dir: dataDir, ledger: store.confirmations }),
  };
  const all = readOnlyFilter(registry, config.readOnly);
  const mcpCapabilities = selectCapabilities(registry, { toolsets: config.toolsets, readOnly: config.readOnly });
  const mcp = createMcpSurface({
    capabilities: mcpCapabilities,
    registry: all,
    client,
    services,
    log,
    toolsets: config.toolsets,
    readOnly: config.readOnly,
  });
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

const HealthPing = graphql(`
  query HealthPing {
    __typename
  }
`);

/** Cway reachability, asked with a trivial query and remembered for a few seconds. */
function healthProbe(url: string, token: string | null) {
  const client = new CwayClient({ url, timeoutMs: 3_000, maxRetries: 0 });
  let cached: { at: number; value: { reachable: boolean; latencyMs: number; error?: string } } | undefined;
  return async () => {
    if (cached && Date.now() - cached.at < 5_000) return cached.value;
    const started = performance.now();
    let value: { reachable: boolean; latencyMs: number; error?: string };
    try {
      await client.request(HealthPing, {}, token ?? '');
      value = { reachable: true, latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      const code = err instanceof CapabilityError ? err.code : 'internal';
      // Cway answered, even if it refused us: it is reachable.
      const answered = code === 'unauthorized' || code === 'forbidden' || code === 'rate_limited';
      value = { reachable: answered, latencyMs: Math.round(performance.now() - started), error: code };
    }
    cached = { at: Date.now(), value };
    return value;
  };
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
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? silentLogger();
  const runtime = await createRuntime(config, log, opts.cway);
  const mcpOn = config.mode === 'all' || config.mode === 'sse';
  const restOn = config.mode === 'all' || config.mode === 'rest';
  // Cway tokens are checked by the Authenticator; the auth mode decides what else a request may
  // bring (src/auth/modes.ts). Set once the port, and so the public URL, is known.
  const cwayAuth = new Authenticator({
    client: runtime.client,
    defaultToken: config.auth === 'none' ? runtime.defaultToken : null,
  });
  const late: { auth?: CallerAuthenticator; authServer?: AuthServer } = {};
  const auth: CallerAuthenticator = {
    authenticate: (header, allowDefault, surface) => late.auth!.authenticate(header, allowDefault, surface),
  };
  const mcp = createMcpHttp({
    surfaceFor: (profile) => (profile === undefined ? runtime.mcp : null),
    profileNames: [],
    auth,
    allowDefault: true,
    log,
    sessions: { ...opts.sessions, idleMs: opts.idleMs ?? opts.sessions?.idleMs },
  });
  const guard = createGuard({
    bindHost: config.host,
    corsOrigins: config.corsOrigins,
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
  });
  const probe = healthProbe(runtime.client.url, runtime.defaultToken);
  const startedAt = Date.now();
  let rest: RestHandler | null = null;
  let inflight = 0;
  let closing: Promise<void> | undefined;

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
  if (mcpOn) app.route('/', mcp.app);
  app.all('*', async (c) => {
    if (!restOn || !rest) {
      return c.json(
        { error: 'not_found', message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.` },
        404,
      );
    }
    await rest(c.env.incoming, c.env.outgoing, new URL(c.req.url));
    return RESPONSE_ALREADY_SENT;
  });
  app.onError((err, c) => {
    log.error({ err }, 'request failed');
    return c.json({ error: 'internal', message: 'Unexpected internal error.' }, 500);
  });

  const http = createAdaptorServer({
    fetch: (request, env) => withLogContext({ reqId: newRequestId() }, () => app.fetch(request, env)),
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
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const publicUrl = config.publicUrl ?? url;
  if (config.auth === 'oauth') {
    // Loaded only in oauth mode: the library (and its Koa stack) stays out of other starts.
    const { createAuthServer } = await import('./auth/oauth/server.js');
    // Sign-in checks are not cached past a minute, and refusals not at all (a retry asks Cway again).
    const signInChecker = new TokenChecker({ client: runtime.client, negativeTtlMs: 0 });
    late.authServer = createAuthServer({
      publicUrl,
      store: runtime.store,
      vaultKey: loadVaultKey(runtime.dataDir, config.vaultKey),
      keys: loadProviderKeys(runtime.dataDir),
      checkCwayToken: (token) => signInChecker.authenticate(token),
      demoUsers: runtime.sandbox?.users,
      log,
      trustProxy: config.trustProxy,
    });
  }
  late.auth = createModeAuthenticator({ mode: config.auth, cway: cwayAuth, auth: late.authServer, publicUrl });
  if (restOn) {
    rest = buildRestHandler({
      capabilities: config.toolsetsChosen ? selectCapabilities(registry, config) : runtime.registry,
      client: runtime.client,
      services: runtime.services,
      log,
      auth,
      corsOrigins: config.corsOrigins,
      publicUrl: config.publicUrl ?? url.replace('://127.0.0.1:', '://localhost:'),
      ...(opts.restRateLimit !== undefined ? { rateLimit: opts.restRateLimit } : {}),
      ...(config.auth === 'oauth' ? { oauth: oauthUrlsFor(publicUrl) } : {}),
    });
  }
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
      closing ??= (async () => {
        http.close();
        const deadline = Date.now() + (opts.graceMs ?? 10_000);
        while (inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        await mcp.close();
        (http as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        await runtime.close();
        log.info({ leftInFlight: inflight }, 'cway-mcp stopped');
      })();
      return closing;
    },
  };
}

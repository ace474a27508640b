/**
 * The process: one runtime (Cway client, services, the embedded sandbox in demo mode) and one
 * node:http server. Routes: GET /health; MCP at /mcp (Streamable HTTP), /sse + /messages (legacy
 * SSE); everything else goes to the REST app (src/surfaces/rest). Every route sits behind the
 * DNS-rebinding guard.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { capabilities as registry } from './capabilities/index.js';
import type { Capability } from './capabilities/define.js';
import type { Services } from './capabilities/services.js';
import { VERSION, type Config } from './config.js';
import { createConfirmationService } from './confirm/service.js';
import { CwayClient, type CwayClientOptions } from './cway/client.js';
import { createHealthProbe } from './cway/health.js';
import { newRequestId, silentLogger, withLogContext, type AppLogger } from './logging.js';
import { Authenticator, type Caller } from './surfaces/mcp/auth.js';
import { applyMcpCors, createGuard, isLoopback } from './surfaces/mcp/guard.js';
import { sendJson } from './surfaces/mcp/http-util.js';
import { measureToolsList } from './surfaces/mcp/measure.js';
import { readOnlyFilter, selectCapabilities } from './surfaces/mcp/select.js';
import { createMcpCore } from './surfaces/mcp/server.js';
import { Sessions } from './surfaces/mcp/sessions.js';
import { createSseHandlers } from './surfaces/mcp/sse.js';
import { createStreamableHandler } from './surfaces/mcp/streamable.js';
import { buildRestHandler, type RestHandler } from './surfaces/rest/app.js';
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
  /** Served as MCP tools (toolsets and read-only applied). */
  mcpCapabilities: Capability[];
  /** The whole registry with read-only applied (resources, REST). */
  registry: Capability[];
  /** A new MCP session server acting with `token` (the tools and their handlers are shared). */
  buildMcp(token: string): ReturnType<ReturnType<typeof createMcpCore>['session']>;
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
  if (config.demo) {
    const { startSandbox } = await import('../sandbox/server.js');
    sandbox = await startSandbox({ port: 0 });
    url = sandbox.url;
    defaultToken = sandbox.adminToken;
    log.info({ sandbox: sandbox.url }, 'demo mode: embedded Cway sandbox started');
  }
  const client = new CwayClient({ url, logger: log, ...tuning });
  const services: Services = {
    apiUrl: url,
    sandbox: config.demo,
    webBaseUrl: config.webUrl,
    confirmations: createConfirmationService({ dir: writableStateDir(config.stateDir, log) }),
  };
  const all = readOnlyFilter(registry, config.readOnly);
  const mcpCapabilities = selectCapabilities(registry, { toolsets: config.toolsets, readOnly: config.readOnly });
  const mcpCore = createMcpCore({
    capabilities: mcpCapabilities,
    registry: all,
    client,
    services,
    log,
    toolsets: config.toolsets,
    readOnly: config.readOnly,
  });
  const buildMcp = (token: string) => mcpCore.session(token);
  if (log.isLevelEnabled('debug') && defaultToken) {
    const size = await measureToolsList({
      capabilities: mcpCapabilities,
      registry: all,
      client,
      services,
      log,
      token: defaultToken,
    });
    log.debug({ ...size, toolsets: config.toolsets, readOnly: config.readOnly }, 'tools/list size');
  }
  return {
    config,
    log,
    client,
    services,
    defaultToken,
    sandbox,
    mcpCapabilities,
    registry: all,
    buildMcp,
    async close() {
      await sandbox?.close();
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
  /** The REST surface's per-caller rate limit (default: the app's); false turns it off (benchmarks). */
  restRateLimit?: { limit: number; windowSeconds: number } | false;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? silentLogger();
  const runtime = await createRuntime(config, log, opts.cway);
  const mcpOn = config.mode === 'all' || config.mode === 'sse';
  const restOn = config.mode === 'all' || config.mode === 'rest';
  const sessions = new Sessions({ log, idleMs: opts.idleMs });
  const auth = new Authenticator(runtime.client, runtime.defaultToken);
  const transportDeps = { sessions, auth, log, makeServer: (c: Caller) => runtime.buildMcp(c.token) };
  const streamable = createStreamableHandler(transportDeps);
  const sse = createSseHandlers(transportDeps);
  const guard = createGuard({
    bindHost: config.host,
    corsOrigins: config.corsOrigins,
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
  });
  const probe = createHealthProbe(runtime.client.url, runtime.defaultToken);
  const startedAt = Date.now();
  let rest: RestHandler | null = null;
  let inflight = 0;
  let closing: Promise<void> | undefined;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const verdict = guard(req);
    if (!verdict.ok) return sendJson(res, 403, { error: 'forbidden', message: verdict.message });
    if (closing)
      return sendJson(
        res,
        503,
        { error: 'shutting_down', message: 'The server is shutting down.' },
        { connection: 'close' },
      );
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
      const cway = await probe();
      return sendJson(res, 200, {
        status: cway.reachable ? 'ok' : 'degraded',
        version: VERSION,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        mode: config.mode,
        cway: { url: displayUrl(runtime.client.url), ...cway },
        sandbox: config.demo,
        sessions: sessions.counts(),
      });
    }
    if (mcpOn && (path === '/mcp' || path === '/sse' || path === '/messages')) {
      if (applyMcpCors(req, res, verdict.origin)) return;
      if (path === '/mcp') return streamable(req, res);
      if (path === '/sse') return sse.openStream(req, res);
      return sse.postMessage(req, res, url);
    }
    if (restOn && rest) return rest(req, res, url);
    return sendJson(res, 404, { error: 'not_found', message: `No route for ${req.method} ${url.pathname}.` });
  }

  const http = createServer((req, res) => {
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
    withLogContext({ reqId: newRequestId() }, () => {
      route(req, res).catch((err: unknown) => {
        log.error({ err }, 'request failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'Unexpected internal error.' });
        else res.end();
      });
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
  if (restOn) {
    rest = buildRestHandler({
      capabilities: config.toolsetsChosen ? selectCapabilities(registry, config) : runtime.registry,
      client: runtime.client,
      services: runtime.services,
      log,
      corsOrigins: config.corsOrigins,
      publicUrl: config.publicUrl ?? url.replace('://127.0.0.1:', '://localhost:'),
      ...(opts.restRateLimit !== undefined ? { rateLimit: opts.restRateLimit } : {}),
    });
  }
  if (!isLoopback(config.host) && runtime.defaultToken) {
    log.warn(
      { host: config.host },
      'bound to a non-loopback address while callers without a token act with the configured Cway token: anyone who can reach this port can use it',
    );
  }
  log.info({ url, mode: config.mode, demo: config.demo, tools: runtime.mcpCapabilities.length }, 'cway-mcp listening');

  return {
    url,
    port,
    runtime,
    sessions: () => sessions.counts(),
    close() {
      closing ??= (async () => {
        http.close();
        const deadline = Date.now() + (opts.graceMs ?? 10_000);
        while (inflight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        await sessions.closeAll();
        http.closeAllConnections();
        await runtime.close();
        log.info({ leftInFlight: inflight }, 'cway-mcp stopped');
      })();
      return closing;
    },
  };
}

/**
 * MCP over HTTP, as Hono routes. Every request is authenticated first; the caller then travels as
 * the SDK's `authInfo` into the one server factory (server.ts).
 *
 *   POST /mcp, 2026-07-28 (a `_meta` envelope, or `server/discover`)  → createMcpHandler: stateless,
 *       a fresh server per request, `Mcp-Method`/`Mcp-Name` checked by the SDK.
 *   POST /mcp, 2025 `initialize`                                     → a session (the SDK's
 *       Streamable HTTP transport), so elicitation, the GET stream and DELETE work as in 2025.
 *   /mcp, 2025 with `Mcp-Session-Id`                                 → that session's transport.
 *   /mcp, 2025 without a session id (not initialize)                 → served statelessly by the
 *       SDK's legacy fallback (ChatGPT has been seen calling this way).
 *   GET /sse + POST /messages                                        → legacy HTTP+SSE, the SDK's
 *       frozen SSE transport (server-legacy), one session per stream.
 *
 * A request for an existing session must present the credential that opened it.
 */
import { randomUUID } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import {
  createMcpHandler,
  isInitializeRequest,
  isLegacyRequest,
  legacyStatelessFallback,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
  type JSONRPCMessage,
  type McpServer,
} from '@modelcontextprotocol/server';
import { SSEServerTransport } from '@modelcontextprotocol/server-legacy/sse';
import { Hono, type Context } from 'hono';
import type { CallerAuthenticator } from '../../auth/modes.js';
import type { Caller } from '../../auth/caller.js';
import type { Logger } from '../../capabilities/define.js';
import { mcpCorsHeaders, mcpPreflight } from '../../http/guard.js';
import { rpcError, rpcShapeProblem } from '../../http/json-rpc.js';
import type { McpSurface } from './server.js';
import { Sessions, type Session, type SessionLimits } from './sessions.js';
import { RefusalHold } from '../../limits/hold.js';
import { RateLimiter, type RateLimitOptions } from '../../limits/rate-limit.js';
import { StreamGuard, type StreamGuardOptions } from '../../limits/stream-guard.js';
import { countRefusal } from '../../metrics/metrics.js';

/** Largest JSON-RPC message accepted, in bytes (the SDK's own default for Streamable HTTP). */
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
/** A comment line on an idle SSE stream this often keeps proxies from cutting it. */
const KEEPALIVE_MS = 25_000;

export interface McpHttpOptions {
  /**
   * The server factory for a connection's tool profile: the one named by `/mcp/<profile>`,
   * `/sse/<profile>` or `?profile=`, or the default when none is named (undefined). Null for an
   * unknown name.
   */
  surfaceFor(profile: string | undefined): McpSurface | null;
  /** The profile names, for the error that answers an unknown one. */
  profileNames: readonly string[];
  /** Decides who a request acts as under the configured auth mode (src/auth/modes.ts). */
  auth: CallerAuthenticator;
  /** Whether a request without a bearer acts with the server's own token (demo / `--auth none`). */
  allowDefault: boolean;
  log: Logger;
  sessions?: SessionLimits;
  /** Requests per caller (token bucket, src/limits/rate-limit.ts; default 1,200 per 60 s); false turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** The bound on each legacy SSE stream (src/limits/stream-guard.ts). */
  streamGuard?: StreamGuardOptions;
}

/** MCP requests per caller: generous for an agent's bursts, a wall for a flood. */
export const DEFAULT_MCP_RATE_LIMIT: RateLimitOptions = { limit: 1_200, windowSeconds: 60 };

export interface McpHttp {
  app: Hono<{ Bindings: HttpBindings }>;
  counts(): { streamable: number; sse: number };
  close(): Promise<void>;
}

interface OpenSession extends Session {
  transport: WebStandardStreamableHTTPServerTransport | SSEServerTransport;
  /** Legacy SSE only: the bound on the stream's buffer (src/limits/stream-guard.ts). */
  guard?: StreamGuard;
}

const CALLER_KEY = 'cway-caller';

function authInfoOf(caller: Caller): AuthInfo {
  return { token: caller.callerId, clientId: caller.callerId, scopes: [], extra: { [CALLER_KEY]: caller } };
}

function callerOf(authInfo: AuthInfo | undefined): Caller {
  const caller = authInfo?.extra?.[CALLER_KEY] as Caller | undefined;
  if (!caller) throw new Error('MCP request reached the server factory without an authenticated caller');
  return caller;
}

const ENVELOPE_VERSION_KEY = 'io.modelcontextprotocol/protocolVersion';
/** The stateless revision this server speaks. */
const MODERN_REVISION = '2026-07-28';

/**
 * A 2026-07-28 request must repeat its envelope's version (and method and name) in the
 * `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers; the SDK answers 400 when the version
 * header is missing. ChatGPT's first request is a `server/discover` probe, and we cannot be sure it
 * sends the headers; reports differ on whether it recovers from a 400. So a POST that carries an
 * envelope but no version header gets the headers filled in from its own body before the SDK sees
 * it. Present headers are never changed, so a real header/body disagreement is still refused.
 */
async function withEnvelopeHeaders(request: Request): Promise<Request> {
  if (request.method !== 'POST' || request.headers.has('mcp-protocol-version')) return request;
  if (Number(request.headers.get('content-length') ?? 0) > MAX_MESSAGE_BYTES) return request;
  const text = await request.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return request;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return request;
  const { method, params } = body as {
    method?: unknown;
    params?: { _meta?: Record<string, unknown>; name?: unknown; uri?: unknown };
  };
  const version = params?._meta?.[ENVELOPE_VERSION_KEY];
  if (typeof version !== 'string' || typeof method !== 'string') return request;
  const headers = new Headers(request.headers);
  headers.set('mcp-protocol-version', version);
  if (!headers.has('mcp-method')) headers.set('mcp-method', method);
  const name =
    typeof params?.name === 'string' ? params.name : typeof params?.uri === 'string' ? params.uri : undefined;
  if (name !== undefined && !headers.has('mcp-name')) headers.set('mcp-name', name);
  return new Request(request.url, { method: 'POST', headers, body: text, signal: request.signal });
}

export function createMcpHttp(opts: McpHttpOptions): McpHttp {
  const { auth, log } = opts;
  const sessions = new Sessions<OpenSession>(opts.sessions);
  const limiter = opts.rateLimit === false ? undefined : new RateLimiter(opts.rateLimit ?? DEFAULT_MCP_RATE_LIMIT);
  const refusals = new RefusalHold();
  const onerror = (err: Error) => log.debug({ err: err.message }, 'mcp request refused');
  /** The SDK's two stateless entries for one profile's factory, built on first use. */
  interface Entries {
    surface: McpSurface;
    modern: ReturnType<typeof createMcpHandler>;
    stateless: ReturnType<typeof legacyStatelessFallback>;
  }
  const entries = new Map<string, Entries>();
  const entriesFor = (profile: string | undefined): Entries | null => {
    const key = profile ?? '';
    let e = entries.get(key);
    if (!e) {
      const surface = opts.surfaceFor(profile);
      if (!surface) return null;
      const factory = ({ authInfo }: { authInfo?: AuthInfo }): McpServer => surface.buildServer(callerOf(authInfo));
      e = {
        surface,
        modern: createMcpHandler(factory, { legacy: 'reject', onerror, maxRequestBodySize: MAX_MESSAGE_BYTES }),
        stateless: legacyStatelessFallback(factory, onerror, { maxRequestBodySize: MAX_MESSAGE_BYTES }),
      };
      entries.set(key, e);
    }
    return e;
  };
  const unknownProfile = (name: string) =>
    rpcError(
      404,
      -32001,
      `No tool profile is named ${JSON.stringify(name.slice(0, 60))}; profiles: ${opts.profileNames.join(', ')}.`,
    );
  /** The profile a request names: the path segment after /mcp or /sse, else `?profile=`. */
  const profileOf = (c: Context): string | undefined => c.req.param('profile') ?? c.req.query('profile') ?? undefined;
  const app = new Hono<{ Bindings: HttpBindings }>();

  const withCors = (c: Context, res: Response): Response => {
    const origin = c.req.header('origin');
    for (const [k, v] of Object.entries(mcpCorsHeaders(origin))) res.headers.set(k, v);
    return res;
  };

  async function authenticate(c: Context): Promise<Caller | Response> {
    // /sse and /messages are the legacy transport's resource, /mcp the Streamable HTTP one; every
    // profile under /mcp (or /sse) is the same protected resource, so one grant serves them all.
    const surface = c.req.path === '/mcp' || c.req.path.startsWith('/mcp/') ? 'mcp' : 'sse';
    const address = c.env.incoming.socket.remoteAddress;
    const outcome = await auth.authenticate(c.req.header('authorization'), opts.allowDefault, surface, address);
    if (!outcome.ok) return rpcError(outcome.status, -32001, outcome.message, outcome.headers);
    // Junk tokens never reach the limiter: only callers that checked out take a bucket.
    const decision = limiter?.take(outcome.caller.callerId);
    if (decision && !decision.allowed) {
      countRefusal('rate_limited');
      await refusals.wait(); // a closed-loop flood waits too (src/limits/hold.ts)
      return rpcError(429, -32000, `Too many requests; at most ${decision.headers['RateLimit-Limit']} per minute.`, {
        ...decision.headers,
        'retry-after': String(decision.retryAfterSeconds),
      });
    }
    return outcome.caller;
  }

  /** A 2025-era request: its session's transport, a new session for initialize, or stateless. */
  async function legacy(request: Request, caller: Caller, { surface, stateless }: Entries): Promise<Response> {
    const authInfo = authInfoOf(caller);
    const sid = request.headers.get('mcp-session-id');
    if (sid) {
      const session = sessions.get(sid, 'streamable');
      if (!session) return rpcError(404, -32001, 'Session not found; send initialize to start a new one.');
      if (session.callerId !== caller.callerId)
        return rpcError(403, -32000, 'This session belongs to another credential.');
      return (session.transport as WebStandardStreamableHTTPServerTransport).handleRequest(request, { authInfo });
    }
    const body =
      request.method === 'POST'
        ? await request
            .clone()
            .json()
            .catch(() => undefined)
        : undefined;
    if (!isInitializeRequest(body)) return stateless(request, { authInfo });
    const refused = sessions.refusal(caller.callerId);
    if (refused) countRefusal('session_limit');
    if (refused) return rpcError(503, -32000, refused, { 'retry-after': '30' });
    const server = surface.buildServer(caller);
    const transport: WebStandardStreamableHTTPServerTransport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) =>
        sessions.add({
          id,
          kind: 'streamable',
          callerId: caller.callerId,
          transport,
          lastSeen: Date.now(),
          close: () => server.close(),
        }),
      onsessionclosed: (id) => sessions.remove(id),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.remove(transport.sessionId);
    };
    await server.connect(transport);
    const res = await transport.handleRequest(request, { authInfo, parsedBody: body });
    if (!transport.sessionId) await server.close(); // the SDK refused the initialize: no session
    return res;
  }

  const mcpRoute = async (c: Context) => {
    if (c.req.method === 'OPTIONS') return mcpPreflight(c.req.header('origin'));
    const profile = profileOf(c);
    const served = entriesFor(profile);
    if (!served) return withCors(c, unknownProfile(profile!));
    const caller = await authenticate(c);
    if (caller instanceof Response) return withCors(c, caller);
    const request = await withEnvelopeHeaders(c.req.raw);
    // A request that names the modern revision in its header is the modern handler's, whatever its
    // body (the SDK's own classification says the same); only the others need the body read twice.
    const isModern =
      request.headers.get('mcp-protocol-version') === MODERN_REVISION ||
      !(await isLegacyRequest(request, undefined, { maxRequestBodySize: MAX_MESSAGE_BYTES }));
    const res = isModern
      ? await served.modern.fetch(request, { authInfo: authInfoOf(caller) })
      : await legacy(request, caller, served);
    return withCors(c, res);
  };
  app.all('/mcp', mcpRoute);
  app.all('/mcp/:profile', mcpRoute);

  const sseRoute = async (c: Context<{ Bindings: HttpBindings }>) => {
    if (c.req.method === 'OPTIONS') return mcpPreflight(c.req.header('origin'));
    if (c.req.method !== 'GET')
      return rpcError(405, -32000, 'Method not allowed: open the stream with GET.', { allow: 'GET' });
    const profile = profileOf(c);
    const served = entriesFor(profile);
    if (!served) return withCors(c, unknownProfile(profile!));
    const caller = await authenticate(c);
    if (caller instanceof Response) return withCors(c, caller);
    const refused = sessions.refusal(caller.callerId);
    if (refused) countRefusal('session_limit');
    if (refused) return withCors(c, rpcError(503, -32000, refused, { 'retry-after': '30' }));
    const res = c.env.outgoing;
    for (const [k, v] of Object.entries(mcpCorsHeaders(c.req.header('origin')))) res.setHeader(k, v);
    const transport = new SSEServerTransport('/messages', res);
    const server = served.surface.buildServer(caller);
    const id = transport.sessionId;
    // Names the stream for a load balancer's affinity (POST /messages?sessionId= must reach this process).
    res.setHeader('mcp-session-id', id);
    sessions.add({
      id,
      kind: 'sse',
      callerId: caller.callerId,
      transport,
      guard: new StreamGuard(res, opts.streamGuard),
      lastSeen: Date.now(),
      close: () => server.close(),
    });
    transport.onclose = () => sessions.remove(id);
    const timer = setInterval(() => {
      if (!res.writableEnded) res.write(': keepalive\n\n');
    }, KEEPALIVE_MS).unref();
    res.once('close', () => {
      clearInterval(timer);
      void server.close().catch(() => {});
    });
    await server.connect(transport); // writes the headers and the `endpoint` event
    return RESPONSE_ALREADY_SENT;
  };
  app.all('/sse', sseRoute);
  app.all('/sse/:profile', sseRoute);

  app.all('/messages', async (c) => {
    if (c.req.method === 'OPTIONS') return mcpPreflight(c.req.header('origin'));
    if (c.req.method !== 'POST') return rpcError(405, -32000, 'Method not allowed: POST messages.', { allow: 'POST' });
    const session = sessions.get(c.req.query('sessionId') ?? '', 'sse');
    if (!session) return withCors(c, rpcError(404, -32001, 'Session not found; open a new stream at /sse.'));
    const caller = await authenticate(c);
    if (caller instanceof Response) return withCors(c, caller);
    if (session.callerId !== caller.callerId) {
      return withCors(c, rpcError(403, -32000, 'This session belongs to another credential.'));
    }
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/json\b/i.test(type)) {
      return withCors(c, rpcError(415, -32000, 'Unsupported Media Type: send the message as application/json.'));
    }
    if (Number(c.req.header('content-length') ?? 0) > MAX_MESSAGE_BYTES) {
      return withCors(c, rpcError(413, -32000, `Payload Too Large: at most ${MAX_MESSAGE_BYTES} bytes.`));
    }
    let body: unknown;
    try {
      const text = await c.req.text();
      if (text.length > MAX_MESSAGE_BYTES)
        return withCors(c, rpcError(413, -32000, `Payload Too Large: at most ${MAX_MESSAGE_BYTES} bytes.`));
      body = JSON.parse(text);
    } catch {
      return withCors(c, rpcError(400, -32700, 'Parse error: the body is not JSON.'));
    }
    // The SDK's own POST handling echoes a message it cannot read; check the shape here instead.
    const problem = rpcShapeProblem(body);
    if (problem) return withCors(c, rpcError(400, -32600, problem));
    // A stream whose client does not read it gets no more answers to buffer: refused (503), and
    // closed once it stays over its bound (the guard destroys the response; the session ends).
    const verdict = session.guard?.admit() ?? { ok: true };
    if (!verdict.ok) {
      if (verdict.closed) log.info({ session: session.id }, 'closed an SSE stream its client was not reading');
      return withCors(c, rpcError(503, -32000, verdict.message, { 'retry-after': String(verdict.retryAfterSeconds) }));
    }
    try {
      await (session.transport as SSEServerTransport).handleMessage(body as JSONRPCMessage, {
        authInfo: authInfoOf(caller),
      });
    } catch {
      return withCors(
        c,
        rpcError(400, -32600, 'Invalid Request: not a JSON-RPC 2.0 request, notification or response.'),
      );
    } finally {
      session.guard?.done();
    }
    return withCors(c, new Response('Accepted', { status: 202, headers: { 'content-type': 'text/plain' } }));
  });

  return {
    app,
    counts: () => sessions.counts(),
    async close() {
      await sessions.closeAll();
      await Promise.all([...entries.values()].map((e) => e.modern.close()));
    },
  };
}

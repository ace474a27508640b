/**
 * capabilities -> REST, as a Hono app (src/server.ts mounts it with `app.route('/', rest)`). One
 * Hono route per operation of the route table, generated from the registry; inputs validated by
 * the capability's zod schema, outputs the same objects MCP returns, errors as problem+json. The
 * same app serves /openapi.json (generated from the same registry) and the /docs page; it answers
 * every path the app it is mounted in leaves to it: 405 with Allow for a known path and another
 * method, 404 `route_not_found` for the rest.
 *
 * Hono's middleware does the web plumbing: hono/cors (the origin policy below, preflights),
 * hono/compress (gzip from 1 KiB, compressible types only), hono/etag (strong tags, 304 for a
 * matching If-None-Match; compress weakens the tag of a gzipped answer) and hono/body-limit (413
 * problem). An oversized or unread body is drained, bounded, by @hono/node-server after the answer.
 * A client that goes away before its answer aborts the request's signal (@hono/node-server), which
 * cancels the capability's upstream calls.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { TOOLSETS, type Capability, type Logger, type Toolset } from '../../capabilities/define.js';
import type { Services } from '../../capabilities/services.js';
import type { CwayClient } from '../../cway/client.js';
import type { CallerAuthenticator } from '../../auth/modes.js';
import { CapabilityError } from '../../errors.js';
import { callOperation, type CallDeps } from './call.js';
import { docsRoutes, staticBody, staticResponse, type StaticBody } from './docs-page.js';
import { buildOpenApiDocument, type OpenApiOAuth } from './openapi.js';
import { problem, problemFromError, problemReply } from './problems.js';
import { RefusalHold } from '../../limits/hold.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from '../../limits/rate-limit.js';
import { restOperations, shapeOf, type RestOperation } from './routes.js';

/** ChatGPT's browser origins, for deployments that want its web UI to call the API directly. */
export const CHATGPT_ORIGINS = ['https://chatgpt.com', 'https://chat.openai.com'];

/** Response headers a browser script may read. */
const EXPOSED_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Retry-After',
  'WWW-Authenticate',
  'ETag',
];
const ALLOW_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ALLOW_HEADERS = ['Authorization', 'Content-Type', 'If-None-Match'];
/** How long a browser may reuse a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = 600;

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/** The CORS origin check: the configured origins, loopback ones, or any with "*". */
export function corsOriginPolicy(origins: readonly string[]): (origin: string) => string | null {
  const any = origins.includes('*');
  const allowed = new Set(origins.map((o) => o.replace(/\/+$/, '').toLowerCase()));
  return (origin) =>
    origin && (any || allowed.has(origin.toLowerCase()) || LOOPBACK_ORIGIN.test(origin)) ? origin : null;
}

export interface RestAppOptions {
  capabilities: readonly Capability[];
  client: CwayClient;
  services: Services;
  log: Logger;
  /**
   * Browser origins allowed by CORS besides loopback ones (http(s)://localhost, 127.0.0.1, [::1]
   * on any port), e.g. https://chatgpt.com and https://chat.openai.com; "*" allows any.
   */
  corsOrigins: string[];
  /**
   * The public base URL (the OpenAPI document's server), or a function giving it on the first
   * request (src/server.ts knows its port only once it listens).
   */
  publicUrl: string | (() => string);
  now?: () => Date;
  /** Per-caller token bucket (default 120 requests per 60 s); false turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Responses longer than this (JSON characters) are cut with a note (default 90,000). */
  maxResponseChars?: number;
  /** Checks callers' Cway tokens (shared with the MCP surface). */
  /** Who a bearer acts as (src/auth/modes.ts); in oauth mode our access tokens as well as Cway tokens. */
  auth: CallerAuthenticator;
  /** The OpenAPI security scheme: a Cway bearer (default) or OAuth 2.0 with these URLs. */
  oauth?: OpenApiOAuth | (() => OpenApiOAuth);
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** GPT Actions refuse responses of 100,000 characters or more; answers are cut below that. */
const DEFAULT_MAX_RESPONSE_CHARS = 90_000;
/** Answers smaller than this go out uncompressed. */
const GZIP_MIN_BYTES = 1024;

function parseToolsets(value: string | null): Toolset[] {
  if (!value) return [];
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(TOOLSETS as readonly string[]).includes(n));
  if (unknown.length) {
    throw new CapabilityError(
      'invalid_input',
      `Unknown toolset ${unknown.join(', ')}; known: ${TOOLSETS.join(', ')}.`,
      { field: 'toolsets' },
    );
  }
  return [...new Set(names)].sort() as Toolset[];
}

/** `/api/projects/{id}` as a Hono path, `/api/projects/:id`, with the names the operation reads. */
function honoPath(op: RestOperation): string {
  let i = 0;
  return op.path.replace(/\{[^}]+\}/g, () => `:${op.pathNames[i++]}`);
}

/** Every method each path shape takes (HEAD wherever GET is), for the 405 answer's Allow. */
function allowedMethods(ops: readonly RestOperation[]): Map<string, { path: string; allow: string }> {
  const shapes = new Map<string, { path: string; methods: Set<string> }>();
  for (const op of ops) {
    const shape = shapeOf(op.path);
    const entry = shapes.get(shape) ?? { path: honoPath(op), methods: new Set<string>() };
    entry.methods.add(op.method);
    if (op.method === 'GET') entry.methods.add('HEAD');
    shapes.set(shape, entry);
  }
  return new Map([...shapes].map(([shape, { path, methods }]) => [shape, { path, allow: [...methods].join(', ') }]));
}

/** How much of an oversized body is read and thrown away before answering 413, and for how long. */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
const DRAIN_MAX_MS = 5_000;

/**
 * Reads and discards the rest of a refused body: answering 413 while the client is still sending
 * makes many clients see a reset connection instead of the answer (and @hono/node-server's own
 * drain after the answer gives up after 500 ms). Bounded by DRAIN_MAX_BYTES and DRAIN_MAX_MS;
 * false when it gave up (or the body was already being read), and the 413 then closes the
 * connection.
 */
async function drainBody(req: Request): Promise<boolean> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (!req.body || req.body.locked || declared > DRAIN_MAX_BYTES) return false;
  const reader = req.body.getReader();
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    void reader.cancel().catch(() => {});
  }, DRAIN_MAX_MS);
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return !late;
      size += value.length;
      if (size > DRAIN_MAX_BYTES) {
        await reader.cancel().catch(() => {});
        return false;
      }
    }
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Adds what every answer carries. */
async function nosniff(c: Context, next: Next): Promise<void> {
  await next();
  c.header('x-content-type-options', 'nosniff');
}

export function buildRestApp(opts: RestAppOptions): Hono {
  const ops = restOperations(opts.capabilities);
  const allowOrigin = corsOriginPolicy(opts.corsOrigins);
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = opts.log;
  const deps: CallDeps = {
    client: opts.client,
    services: opts.services,
    log,
    auth: opts.auth,
    limiter: opts.rateLimit === false ? undefined : new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT),
    refusals: new RefusalHold(),
    maxResponseChars: opts.maxResponseChars ?? DEFAULT_MAX_RESPONSE_CHARS,
    now: opts.now,
  };
  let publicUrl: string | undefined;
  const serverUrl = () => (publicUrl ??= typeof opts.publicUrl === 'string' ? opts.publicUrl : opts.publicUrl());
  let docs: ReturnType<typeof docsRoutes> | undefined;

  // The OpenAPI document per toolset selection, built on first request; at most one per subset of
  // TOOLSETS (the key is the sorted, de-duplicated list of known names).
  const documents = new Map<string, StaticBody>();
  const openApi = (toolsets: Toolset[]): Response => {
    const key = toolsets.join(',');
    let doc = documents.get(key);
    if (!doc) {
      const built = buildOpenApiDocument(opts.capabilities, {
        serverUrl: serverUrl(),
        toolsets,
        oauth: typeof opts.oauth === 'function' ? opts.oauth() : opts.oauth,
      });
      doc = staticBody(Buffer.from(JSON.stringify(built, null, 2)));
      documents.set(key, doc);
    }
    return staticResponse(doc, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
  };

  const app = new Hono();
  app.use(
    cors({
      origin: (origin) => allowOrigin(origin),
      allowMethods: ALLOW_METHODS,
      allowHeaders: ALLOW_HEADERS,
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: PREFLIGHT_MAX_AGE,
    }),
  );
  app.use(nosniff);
  app.use(compress({ encoding: 'gzip', threshold: GZIP_MIN_BYTES }));
  app.use(etag());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: async (c) => {
        const drained = await drainBody(c.req.raw);
        return problemReply(
          problem('payload_too_large', `The request body exceeds ${maxBodyBytes} bytes.`),
          drained ? {} : { connection: 'close' },
        );
      },
    }),
  );

  app.get('/openapi.json', (c) => openApi(parseToolsets(c.req.query('toolsets') ?? null)));
  app.get('/docs', (c) => (docs ??= docsRoutes(serverUrl()))(c.req.path)!);
  app.get('/docs/*', async (c, next) => {
    const answer = (docs ??= docsRoutes(serverUrl()))(c.req.path);
    if (answer) return answer;
    await next(); // not one of the docs files: the 404 below
  });

  for (const op of ops) {
    app.on(op.method, honoPath(op), async (c) => {
      let body: Buffer | undefined;
      if (op.method !== 'GET') {
        try {
          body = Buffer.from(await c.req.arrayBuffer());
        } catch {
          return problemReply(problem('invalid_input', 'The request body was cut off.'), { connection: 'close' });
        }
      }
      return callOperation(deps, op, {
        req: c.req.raw,
        params: c.req.param() as Record<string, string>,
        query: new URL(c.req.url).searchParams,
        body,
        signal: c.req.raw.signal,
        address: remoteAddress(c),
      });
    });
  }
  // A refusal that never reads the body reads it first (bounded, as for 413): answering while a
  // large body is still arriving left the connection unusable, and a keep-alive client's next
  // request on it failed. When the drain gives up, the answer closes the connection instead.
  const unread = async (c: Context): Promise<Record<string, string>> =>
    !c.req.raw.body || (await drainBody(c.req.raw)) ? {} : { connection: 'close' };
  for (const { path, allow } of allowedMethods(ops).values()) {
    app.all(path, async (c) =>
      problemReply(problem('method_not_allowed', `${c.req.method} is not allowed here; use ${allow}.`), {
        allow,
        ...(await unread(c)),
      }),
    );
  }
  app.all('*', async (c) =>
    problemReply(
      problem('route_not_found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`),
      await unread(c),
    ),
  );

  app.onError((err, c) => {
    if (err instanceof CapabilityError) return problemReply(problemFromError(err));
    log.error({ path: c.req.path, err: err instanceof Error ? err.message : String(err) }, 'unhandled error');
    return problemReply(problem('internal', 'Unexpected internal error.'));
  });
  return app;
}

/** The client's address when served by @hono/node-server; undefined elsewhere (e.g. app.request in tests). */
function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

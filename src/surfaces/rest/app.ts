/**
 * capabilities -> REST. One route per capability with a `rest` route, generated from the registry;
 * inputs validated by the capability's zod schema, outputs the same objects MCP returns, errors as
 * problem+json. Also serves /openapi.json (generated from the same registry) and the /docs page.
 * `/health` and the MCP paths are src/server.ts's; this app answers everything else.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { TOOLSETS, type Capability, type Logger, type Toolset } from '../../capabilities/define.js';
import { callerIdOf, makeContext } from '../../capabilities/context.js';
import type { Services } from '../../capabilities/services.js';
import type { CwayClient } from '../../cway/client.js';
import { CapabilityError } from '../../errors.js';
import { bearerToken, TokenChecker } from '../../cway/token-check.js';
import { mountDocs } from './docs-page.js';
import { fieldErrors, inputFromBody, inputFromPath, inputFromQuery, InputError, mergeInput } from './input.js';
import { buildOpenApiDocument } from './openapi.js';
import { problem, problemFromError, problemResponse, type Problem } from './problems.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { restOperations, shapeOf, type RestOperation } from './routes.js';
import { capResponse, DEFAULT_MAX_RESPONSE_CHARS } from './truncate.js';

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
  /** The public base URL (the OpenAPI document's server). */
  publicUrl: string;
  now?: () => Date;
  /** Per-caller token bucket (default 120 requests per 60 s); false turns it off. */
  rateLimit?: RateLimitOptions | false;
  /** Largest accepted request body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Responses longer than this (JSON characters) are cut with a note (default 90,000). */
  maxResponseChars?: number;
  /** How long a validated token is trusted before Cway is asked again (default 60 s). */
  authCacheTtlMs?: number;
}

/** ChatGPT's browser origins, for deployments that want its web UI to call the API directly. */
export const CHATGPT_ORIGINS = ['https://chatgpt.com', 'https://chat.openai.com'];

const EXPOSED_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Retry-After',
  'WWW-Authenticate',
  'ETag',
];

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/** The CORS origin check: the configured origins, loopback ones, or any with "*". */
export function corsOriginPolicy(origins: readonly string[]): (origin: string) => string | null {
  const any = origins.includes('*');
  const allowed = new Set(origins.map((o) => o.replace(/\/+$/, '').toLowerCase()));
  return (origin) =>
    origin && (any || allowed.has(origin.toLowerCase()) || LOOPBACK_ORIGIN.test(origin)) ? origin : null;
}

/** How much of an oversized body is read and thrown away before answering 413, and for how long. */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
const DRAIN_MAX_MS = 5_000;

/**
 * Reads the rest of a body and throws it away, up to `maxBytes` or `maxMs`; true when it reached
 * the end (the connection can then be reused).
 */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, maxBytes: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), DRAIN_MAX_MS);
    timer.unref();
  });
  let read = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timeout]);
      if (next === 'timeout') return false;
      if (next.done) return true;
      read += next.value.length;
      if (read > maxBytes) return false;
    }
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The request body limit. An oversized body is refused with 413 only after the rest of it has been
 * read and discarded (bounded): answering while the client is still sending makes it see a reset
 * connection instead of the answer. When the drain gives up, the 413 asks to close the connection.
 */
function limitBody(maxSize: number): MiddlewareHandler {
  const tooLarge = (drained: boolean) =>
    problemResponse(
      problem('payload_too_large', `The request body exceeds ${maxSize} bytes.`),
      drained ? {} : { connection: 'close' },
    );
  return async (c, next) => {
    const raw = c.req.raw;
    if (!raw.body) return next();
    const length = raw.headers.get('content-length');
    if (length !== null && !raw.headers.has('transfer-encoding')) {
      const declared = Number.parseInt(length, 10);
      if (!(declared > maxSize)) return next();
      if (declared > maxSize + DRAIN_MAX_BYTES) return tooLarge(false);
      return tooLarge(await drain(raw.body.getReader(), DRAIN_MAX_BYTES));
    }
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxSize) return tooLarge(await drain(reader, DRAIN_MAX_BYTES));
      chunks.push(value);
    }
    c.req.raw = new Request(raw, { body: Buffer.concat(chunks, size) });
    return next();
  };
}

function parseToolsets(value: string | undefined): Toolset[] {
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
      {
        field: 'toolsets',
      },
    );
  }
  return names as Toolset[];
}

export function buildRestApp(opts: RestAppOptions): Hono {
  const ops = restOperations(opts.capabilities);
  const auth = new TokenChecker({ client: opts.client, ttlMs: opts.authCacheTtlMs });
  const limiter = opts.rateLimit === false ? undefined : new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT);
  const maxResponseChars = opts.maxResponseChars ?? DEFAULT_MAX_RESPONSE_CHARS;
  const log = opts.log;
  const app = new Hono();

  app.use(compress());
  app.use(
    cors({
      origin: corsOriginPolicy(opts.corsOrigins),
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['Authorization', 'Content-Type', 'If-None-Match'],
      exposeHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    }),
  );
  app.use(etag());
  app.use(async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });

  const documents = new Map<string, string>();
  app.get('/openapi.json', (c) => {
    const toolsets = parseToolsets(c.req.query('toolsets'));
    const key = [...toolsets].sort().join(',');
    let text = documents.get(key);
    if (!text) {
      text = JSON.stringify(buildOpenApiDocument(opts.capabilities, { serverUrl: opts.publicUrl, toolsets }), null, 2);
      documents.set(key, text);
    }
    return c.body(text, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
  });
  mountDocs(app, opts.publicUrl);

  app.use('/api/*', limitBody(opts.maxBodyBytes ?? 1024 * 1024));

  const handle = async (op: RestOperation, c: Context): Promise<Response> => {
    const started = performance.now();
    const headers: Record<string, string> = {};
    let callerId: string | undefined;
    const fail = (p: Problem) => problemResponse(p, headers);
    const done = (status: number) =>
      log.info(
        {
          method: op.method,
          route: op.path,
          capability: op.capability.name,
          status,
          ms: Math.round(performance.now() - started),
          caller: callerId,
        },
        'rest call',
      );
    try {
      const header = c.req.header('authorization');
      const token = header === undefined ? undefined : bearerToken(header);
      if (!token) {
        done(401);
        return fail(problem('unauthorized', 'Send your Cway API token as "Authorization: Bearer <token>".'));
      }
      callerId = callerIdOf(token);
      if (limiter) {
        const decision = limiter.take(callerId);
        Object.assign(headers, decision.headers);
        if (!decision.allowed) {
          headers['Retry-After'] = String(decision.retryAfterSeconds);
          done(429);
          return fail(
            problem('rate_limited', `Too many requests; at most ${decision.headers['RateLimit-Limit']} per window.`, {
              retryAfterSeconds: decision.retryAfterSeconds,
              hint: `Wait ${decision.retryAfterSeconds} s before the next call.`,
            }),
          );
        }
      }
      try {
        await auth.authenticate(token);
      } catch (err) {
        const p = problemFromError(err);
        if (p.status === 401) {
          headers['WWW-Authenticate'] = 'Bearer realm="cway", error="invalid_token"';
          p.detail = 'Cway did not accept the token.';
        }
        done(p.status);
        return fail(p);
      }

      const url = new URL(c.req.url);
      const path = inputFromPath(op, c.req.param() as Record<string, string>);
      const query = inputFromQuery(op, url);
      let body: Record<string, unknown> = {};
      if (op.inputIn === 'body') {
        const type = c.req.header('content-type');
        const text = await c.req.text();
        if (text.trim() !== '' && type && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
          done(415);
          return fail(problem('unsupported_media_type', `Expected application/json, got ${type.slice(0, 100)}.`));
        }
        body = inputFromBody(text);
      }
      const parsed = op.capability.input.safeParse(mergeInput(path, query, body));
      if (!parsed.success) throw new InputError(fieldErrors(parsed.error));

      const ctx = makeContext({
        client: opts.client,
        token,
        services: opts.services,
        log,
        signal: c.req.raw.signal,
        now: opts.now,
      });
      const result = (await op.capability.handler(parsed.data as never, ctx)) as Record<string, unknown>;
      const checked = op.capability.output.safeParse(result);
      if (!checked.success) {
        log.error(
          { capability: op.capability.name, issues: fieldErrors(checked.error).map((e) => e.field) },
          'result does not match its output schema',
        );
        throw new CapabilityError('internal', 'The result did not match its declared schema.');
      }
      const out = capResponse(result, maxResponseChars);
      headers['Cache-Control'] = 'private, no-cache';
      headers['Vary'] = 'Authorization';
      done(200);
      return c.json(out, 200, headers);
    } catch (err) {
      if (err instanceof InputError) {
        done(400);
        return fail(problem('invalid_input', err.message, { errors: err.errors }));
      }
      if (!(err instanceof CapabilityError)) {
        log.error(
          { capability: op.capability.name, err: err instanceof Error ? err.message : String(err) },
          'unexpected error',
        );
      }
      const p = problemFromError(err);
      if (p.status === 429 && p.retryAfterSeconds !== undefined) headers['Retry-After'] = String(p.retryAfterSeconds);
      done(p.status);
      return fail(p);
    }
  };

  for (const op of ops) app.on(op.method, op.honoPath, (c) => handle(op, c));

  // A known path with another method: 405 with the methods it does take.
  const allowed = new Map<string, { honoPath: string; methods: Set<string> }>();
  for (const op of ops) {
    const shape = shapeOf(op.path);
    const entry = allowed.get(shape) ?? { honoPath: op.honoPath, methods: new Set<string>() };
    entry.methods.add(op.method);
    if (op.method === 'GET') entry.methods.add('HEAD');
    allowed.set(shape, entry);
  }
  for (const { honoPath, methods } of allowed.values()) {
    const allow = [...methods].join(', ');
    app.all(honoPath, (c) =>
      problemResponse(problem('method_not_allowed', `${c.req.method} is not allowed here; use ${allow}.`), {
        Allow: allow,
      }),
    );
  }

  app.notFound((c) => problemResponse(problem('route_not_found', `No route for ${c.req.method} ${c.req.path}.`)));
  app.onError((err, c) => {
    if (err instanceof CapabilityError) return problemResponse(problemFromError(err));
    log.error({ path: c.req.path, err: err instanceof Error ? err.message : String(err) }, 'unhandled error');
    return problemResponse(problem('internal', 'Unexpected internal error.'));
  });
  return app;
}

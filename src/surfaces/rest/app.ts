/**
 * capabilities -> REST, over plain node:http. One route per capability with a `rest` route,
 * generated from the registry; inputs validated by the capability's zod schema, outputs the same
 * objects MCP returns, errors as problem+json. Also serves /openapi.json (generated from the same
 * registry) and the /docs page. `/health` and the MCP paths are src/server.ts's; this handler
 * answers everything else. Each answer is built whole as a Reply and written once (http.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TOOLSETS, type Capability, type Logger, type Toolset } from '../../capabilities/define.js';
import type { Services } from '../../capabilities/services.js';
import type { CwayClient } from '../../cway/client.js';
import type { CallerAuthenticator } from '../../auth/modes.js';
import { CapabilityError } from '../../errors.js';
import { BodyError, readBody } from '../../http/body.js';
import { callOperation, type CallDeps } from './call.js';
import { corsHeaders, corsOriginPolicy, preflightReply } from './cors.js';
import { docsRoutes } from './docs-page.js';
import { send, type Reply } from './http.js';
import { buildOpenApiDocument, type OpenApiOAuth } from './openapi.js';
import { problem, problemFromError, problemReply } from './problems.js';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './rate-limit.js';
import { createRouter } from './router.js';
import { restOperations } from './routes.js';

export { CHATGPT_ORIGINS, corsOriginPolicy } from './cors.js';

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
  /** Checks callers' Cway tokens (shared with the MCP surface). */
  /** Who a bearer acts as (src/auth/modes.ts); in oauth mode our access tokens as well as Cway tokens. */
  auth: CallerAuthenticator;
  /** The OpenAPI security scheme: a Cway bearer (default) or OAuth 2.0 with these URLs. */
  oauth?: OpenApiOAuth;
}

/**
 * The REST surface as a node:http request handler; it never rejects. A caller that has already
 * parsed the request URL (src/server.ts routes on it) passes it rather than have it parsed again.
 */
export type RestHandler = (req: IncomingMessage, res: ServerResponse, url?: URL) => Promise<void>;

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** GPT Actions refuse responses of 100,000 characters or more; answers are cut below that. */
const DEFAULT_MAX_RESPONSE_CHARS = 90_000;

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
  return names as Toolset[];
}

/**
 * Reads the body of a request to /api/ (any method but GET and HEAD), up to `limit` bytes. An
 * oversized body is refused with 413 only after the rest of it has been read and thrown away
 * (bounded, see readBody); when that gives up, the 413 asks to close the connection.
 */
async function readApiBody(req: IncomingMessage, limit: number): Promise<Buffer | Reply> {
  const length = req.headers['content-length'];
  if (length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined)) {
    return Buffer.alloc(0);
  }
  try {
    return await readBody(req, limit);
  } catch (err) {
    const close = { connection: 'close' };
    if (err instanceof BodyError && err.status === 413) {
      return problemReply(
        problem('payload_too_large', `The request body exceeds ${limit} bytes.`),
        err.closeConnection ? close : {},
      );
    }
    return problemReply(problem('invalid_input', 'The request body was cut off.'), close);
  }
}

export function buildRestHandler(opts: RestAppOptions): RestHandler {
  const route = createRouter(restOperations(opts.capabilities));
  const allowOrigin = corsOriginPolicy(opts.corsOrigins);
  const docs = docsRoutes(opts.publicUrl);
  const maxBodyBytes = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = opts.log;
  const deps: CallDeps = {
    client: opts.client,
    services: opts.services,
    log,
    auth: opts.auth,
    limiter: opts.rateLimit === false ? undefined : new RateLimiter(opts.rateLimit ?? DEFAULT_RATE_LIMIT),
    maxResponseChars: opts.maxResponseChars ?? DEFAULT_MAX_RESPONSE_CHARS,
    now: opts.now,
  };

  // The OpenAPI document per toolset selection, built on first request.
  const documents = new Map<string, Reply>();
  const openApi = (query: URLSearchParams): Reply => {
    const toolsets = parseToolsets(query.get('toolsets'));
    const key = [...toolsets].sort().join(',');
    let reply = documents.get(key);
    if (!reply) {
      const doc = buildOpenApiDocument(opts.capabilities, { serverUrl: opts.publicUrl, toolsets, oauth: opts.oauth });
      reply = {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' },
        body: Buffer.from(JSON.stringify(doc, null, 2)),
        cache: {},
      };
      documents.set(key, reply);
    }
    return reply;
  };

  async function answer(req: IncomingMessage, res: ServerResponse, parsed?: URL): Promise<Reply> {
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return preflightReply();
    const url = parsed ?? new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname;
    const read = method === 'GET' || method === 'HEAD';
    if (read && pathname === '/openapi.json') return openApi(url.searchParams);
    if (read && (pathname === '/docs' || pathname.startsWith('/docs/'))) {
      const reply = docs(pathname);
      if (reply) return reply;
    }
    let body: Buffer | undefined;
    if (!read && (pathname === '/api' || pathname.startsWith('/api/'))) {
      const got = await readApiBody(req, maxBodyBytes);
      if (!Buffer.isBuffer(got)) return got;
      body = got;
    }
    const found = route(method, pathname);
    if (found.kind === 'none') return problemReply(problem('route_not_found', `No route for ${method} ${pathname}.`));
    if (found.kind === 'wrong_method') {
      return problemReply(problem('method_not_allowed', `${method} is not allowed here; use ${found.allow}.`), {
        allow: found.allow,
      });
    }
    // Cancels the capability's upstream calls when the client goes away before its answer.
    const aborter = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) aborter.abort();
    };
    res.once('close', onClose);
    if (req.socket.destroyed) aborter.abort(); // gone already, while the body was read
    try {
      return await callOperation(deps, found.op, {
        req,
        params: found.params,
        query: url.searchParams,
        body,
        signal: aborter.signal,
      });
    } finally {
      res.off('close', onClose);
    }
  }

  return async (req, res, url) => {
    let reply: Reply;
    try {
      reply = await answer(req, res, url);
    } catch (err) {
      if (err instanceof CapabilityError) reply = problemReply(problemFromError(err));
      else {
        log.error(
          { path: req.url?.split('?')[0], err: err instanceof Error ? err.message : String(err) },
          'unhandled error',
        );
        reply = problemReply(problem('internal', 'Unexpected internal error.'));
      }
    }
    send(req, res, reply, corsHeaders(req, allowOrigin));
  };
}

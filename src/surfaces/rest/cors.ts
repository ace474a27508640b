/**
 * CORS for the REST surface: which browser origins may read answers, the headers added to each
 * answer for them, and the preflight (OPTIONS) answer.
 */
import type { IncomingMessage } from 'node:http';
import type { HeaderMap, Reply } from './http.js';

/** ChatGPT's browser origins, for deployments that want its web UI to call the API directly. */
export const CHATGPT_ORIGINS = ['https://chatgpt.com', 'https://chat.openai.com'];

/** Response headers a browser script may read. */
export const EXPOSED_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Retry-After',
  'WWW-Authenticate',
  'ETag',
].join(', ');

const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'Authorization, Content-Type, If-None-Match';
/** How long a browser may reuse a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE = '600';

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

/** The CORS origin check: the configured origins, loopback ones, or any with "*". */
export function corsOriginPolicy(origins: readonly string[]): (origin: string) => string | null {
  const any = origins.includes('*');
  const allowed = new Set(origins.map((o) => o.replace(/\/+$/, '').toLowerCase()));
  return (origin) =>
    origin && (any || allowed.has(origin.toLowerCase()) || LOOPBACK_ORIGIN.test(origin)) ? origin : null;
}

/** The CORS headers for one request's answer: none unless its Origin is allowed. */
export function corsHeaders(req: IncomingMessage, allow: (origin: string) => string | null): HeaderMap {
  const origin = req.headers.origin;
  const allowed = origin ? allow(origin) : null;
  if (!allowed) return {};
  return { 'access-control-allow-origin': allowed, 'access-control-expose-headers': EXPOSED_HEADERS };
}

/** The answer to any OPTIONS request: 204 with what may be sent, cacheable for ten minutes. */
export function preflightReply(): Reply {
  return {
    status: 204,
    headers: {
      'access-control-allow-methods': ALLOW_METHODS,
      'access-control-allow-headers': ALLOW_HEADERS,
      'access-control-max-age': PREFLIGHT_MAX_AGE,
      vary: 'Access-Control-Request-Headers',
    },
  };
}

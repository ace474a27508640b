/**
 * REST errors: one status per error code, one problem+json shape (RFC 9457). Every failure a
 * REST caller sees, from a capability, the auth layer or the HTTP layer, goes through here.
 */
import { DEFAULT_HINTS, toCapabilityError, type ErrorCode } from '../../errors.js';
import { jsonResponse, type HeaderMap } from './respond.js';

/** The one mapping from capability error codes to HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  ambiguous: 409,
  conflict: 409,
  rate_limited: 429,
  upstream_unavailable: 502,
  upstream_timeout: 504,
  internal: 500,
};

/** Failures that only the HTTP layer produces (no capability ran). */
export type HttpProblemCode = 'route_not_found' | 'method_not_allowed' | 'payload_too_large' | 'unsupported_media_type';
export type ProblemCode = ErrorCode | HttpProblemCode;

const HTTP_STATUS: Record<HttpProblemCode, number> = {
  route_not_found: 404,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
};

const TITLES: Record<ProblemCode, string> = {
  invalid_input: 'Invalid input',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  ambiguous: 'Ambiguous reference',
  conflict: 'Conflict',
  rate_limited: 'Too many requests',
  upstream_unavailable: 'Cway unavailable',
  upstream_timeout: 'Cway timed out',
  internal: 'Internal error',
  route_not_found: 'No such route',
  method_not_allowed: 'Method not allowed',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
};

const HTTP_HINTS: Record<HttpProblemCode, string> = {
  route_not_found: 'See /openapi.json or /docs for the available routes.',
  method_not_allowed: 'Use one of the methods in the Allow header.',
  payload_too_large: 'Send a smaller request body.',
  unsupported_media_type: 'Send the body as application/json.',
};

/**
 * Problem types are stable URIs, one per code, under a fixed base (not the deployment's URL, so
 * they never change between installations): `https://cway-mcp.dev/problems/not-found`.
 */
export const PROBLEM_TYPE_BASE = 'https://cway-mcp.dev/problems/';
export const problemType = (code: ProblemCode): string => PROBLEM_TYPE_BASE + code.replace(/_/g, '-');

export function statusOf(code: ProblemCode): number {
  return code in STATUS_OF ? STATUS_OF[code as ErrorCode] : HTTP_STATUS[code as HttpProblemCode];
}

import type { FieldError } from '../../errors.js';

export type { FieldError };

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The error code, as MCP clients see it (`not_found`, `invalid_input`, …). */
  code: ProblemCode;
  /** What to try next. */
  hint: string;
  errors?: FieldError[];
  candidates?: string[];
  retryAfterSeconds?: number;
}

export interface ProblemExtras {
  hint?: string;
  errors?: FieldError[];
  candidates?: string[];
  retryAfterSeconds?: number;
}

export function problem(code: ProblemCode, detail: string, extras: ProblemExtras = {}): Problem {
  const p: Problem = {
    type: problemType(code),
    title: TITLES[code],
    status: statusOf(code),
    detail,
    code,
    hint:
      extras.hint ?? (code in DEFAULT_HINTS ? DEFAULT_HINTS[code as ErrorCode] : HTTP_HINTS[code as HttpProblemCode]),
  };
  if (extras.errors?.length) p.errors = extras.errors;
  if (extras.candidates?.length) p.candidates = extras.candidates;
  if (extras.retryAfterSeconds !== undefined) p.retryAfterSeconds = extras.retryAfterSeconds;
  return p;
}

/** Anything thrown by a capability or the layers below, as a problem; never a stack trace. */
export function problemFromError(err: unknown): Problem {
  const e = toCapabilityError(err);
  const errors =
    e.code === 'invalid_input' && e.details.field ? [{ field: e.details.field, message: e.message }] : undefined;
  return problem(e.code, e.message, {
    hint: e.details.hint,
    errors,
    candidates: e.details.candidates,
    retryAfterSeconds: e.details.retryAfterSeconds,
  });
}

export const WWW_AUTHENTICATE = 'Bearer realm="cway"';

/**
 * The problem as a reply, with the headers its status calls for. `headers` may use any spelling;
 * the reply's are lower case.
 */
export function problemReply(p: Problem, headers: Record<string, string> = {}): Response {
  const h: HeaderMap = { 'content-type': 'application/problem+json', 'cache-control': 'no-store' };
  for (const [name, value] of Object.entries(headers)) h[name.toLowerCase()] = value;
  if (p.status === 401) h['www-authenticate'] ??= WWW_AUTHENTICATE;
  if (p.status === 429) h['retry-after'] ??= String(Math.max(1, p.retryAfterSeconds ?? 1));
  return jsonResponse(p.status, JSON.stringify(p), h);
}

/** JSON Schema of the problem body, for the OpenAPI document. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'An RFC 9457 problem. `code` is stable; `hint` says what to try next.',
  required: ['type', 'title', 'status', 'detail', 'code', 'hint'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'Stable URI naming the kind of problem.' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong in this call.' },
    code: { type: 'string', enum: [...Object.keys(STATUS_OF), ...Object.keys(HTTP_STATUS)] },
    hint: { type: 'string', description: 'What to try next.' },
    errors: {
      type: 'array',
      description: 'The input fields at fault (invalid_input).',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    candidates: { type: 'array', items: { type: 'string' }, description: 'Close matches to pick from.' },
    retryAfterSeconds: { type: 'integer', description: 'Seconds to wait before retrying.' },
  },
} as const;

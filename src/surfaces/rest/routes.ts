/**
 * The REST route table, derived from the capability registry: one route per capability whose
 * `rest` is not null. The app, the OpenAPI document and the docs table all read this one list,
 * so a route is never written twice. Registry mistakes (a `{param}` that is not an input key, two
 * capabilities on one method + path) fail loudly when the table is built.
 */
import { jsonSchemaOf, type JsonSchema } from '../../capabilities/json-schema.js';
import { publishedOutput } from '../../capabilities/run.js';
import type { Capability, RestRoute } from '../../capabilities/define.js';

export type { JsonSchema };

export interface RestOperation {
  capability: Capability;
  method: RestRoute['method'];
  /** The path as the capability declares it, e.g. `/api/projects/{projectId}`. */
  declaredPath: string;
  /**
   * The path as served and documented. Paths that differ only in parameter names are one path
   * in OpenAPI, so every route of one shape uses the names of the first route of that shape
   * (e.g. `/api/projects/{id}` for both GET `{id}` and PATCH `{projectId}`).
   */
  path: string;
  /** Matches a request path's segments against `path` (see compilePath). */
  match: PathMatcher;
  /** Input keys taken from the path, in order. */
  pathParams: string[];
  /** The names of those parameters in `path`, same order (differ from the keys only after renaming). */
  pathNames: string[];
  /** Whether the rest of the input comes from a JSON body (POST/PUT/PATCH) or the query string. */
  inputIn: 'query' | 'body';
  /** JSON Schema of the whole input (what a caller may send), draft 2020-12. */
  inputSchema: JsonSchema;
  /** JSON Schema of the result. */
  outputSchema: JsonSchema;
  /** readOnly hint false: a write; GPT Actions ask the user before each call. */
  consequential: boolean;
}

const PARAM = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const WHOLE_PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/**
 * A compiled path: given a request path split at "/" (still percent-encoded), the decoded
 * parameter values by their names in the path, or null when the path is another one.
 */
export type PathMatcher = (segments: readonly string[]) => Record<string, string> | null;

/** Percent-decodes one path segment; a malformed escape leaves it as sent. */
function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Compiles `/api/projects/{id}` into a matcher, once per route. A parameter takes one whole,
 * non-empty segment; static segments compare exactly (case-sensitive, after percent-decoding).
 */
export function compilePath(path: string): PathMatcher {
  const parts = path.split('/').map((segment) => {
    const m = WHOLE_PARAM.exec(segment);
    return m ? { param: m[1]! } : { literal: segment };
  });
  return (segments) => {
    if (segments.length !== parts.length) return null;
    let params: Record<string, string> | undefined;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const segment = segments[i]!;
      if ('literal' in part) {
        if (segment !== part.literal && decodeSegment(segment) !== part.literal) return null;
      } else {
        if (segment === '') return null;
        (params ??= {})[part.param] = decodeSegment(segment);
      }
    }
    return params ?? {};
  };
}

/** Integer bounds zod adds to every `.int()`; they say nothing to a reader, so they are dropped. */

/** Static segments sort before parameters, so `/api/projects/active` wins over `/api/projects/{id}`. */
function comparePaths(a: string, b: string): number {
  const sa = a.split('/');
  const sb = b.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const pa = sa[i]!.startsWith('{');
    const pb = sb[i]!.startsWith('{');
    if (pa !== pb) return pa ? 1 : -1;
    if (sa[i] !== sb[i]) return sa[i]! < sb[i]! ? -1 : 1;
  }
  return sa.length - sb.length;
}

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function restOperations(capabilities: readonly Capability[]): RestOperation[] {
  const seen = new Map<string, string>();
  const ops: RestOperation[] = [];
  for (const cap of capabilities) {
    if (!cap.rest) continue;
    const { method, path } = cap.rest;
    if (!path.startsWith('/api/')) throw new Error(`${cap.name}: REST path "${path}" must start with /api/`);
    const key = `${method} ${shapeOf(path)}`;
    const other = seen.get(key);
    if (other) throw new Error(`${cap.name}: ${method} ${path} is already the route of ${other}`);
    seen.set(key, cap.name);
    const shape = cap.input.shape as Record<string, unknown>;
    const pathParams = [...path.matchAll(PARAM)].map((m) => m[1]!);
    for (const segment of path.split('/')) {
      if (segment.includes('{') && !WHOLE_PARAM.test(segment)) {
        throw new Error(`${cap.name}: a path parameter must be a whole segment, not "${segment}"`);
      }
    }
    for (const p of pathParams) {
      if (!(p in shape)) throw new Error(`${cap.name}: path parameter {${p}} is not an input key`);
    }
    ops.push({
      capability: cap,
      method,
      declaredPath: path,
      path,
      match: compilePath(path),
      pathParams,
      pathNames: pathParams,
      inputIn: method === 'GET' || method === 'DELETE' ? 'query' : 'body',
      inputSchema: jsonSchemaOf(cap.input, 'input'),
      outputSchema: jsonSchemaOf(publishedOutput(cap).schema, 'output'),
      consequential: !cap.hints.readOnlyHint,
    });
  }
  ops.sort((a, b) => comparePaths(a.path, b.path) || METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
  const canonical = new Map<string, RestOperation>();
  for (const op of ops) {
    const first = canonical.get(shapeOf(op.path));
    if (!first) canonical.set(shapeOf(op.path), op);
    else if (first.path !== op.path) {
      op.path = first.path;
      op.match = first.match;
      op.pathNames = first.pathNames;
    }
  }
  return ops;
}

/** A path with its parameter names erased: `/api/projects/{}`. */
export function shapeOf(path: string): string {
  return path.replace(PARAM, '{}');
}

/** `minUrgencyScore` → `min_urgency_score`; the previous system's query spelling. */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
}

/**
 * Turns an HTTP request into a capability's input: path parameters, the query string (strings
 * coerced to numbers, booleans and arrays by the input's JSON Schema) and, for POST/PUT/PATCH, a
 * JSON body. Then the capability's own zod schema validates it, exactly as on MCP.
 */
import type { ZodError } from 'zod';
import { fieldErrorsOf } from '../../errors.js';
import type { FieldError } from './problems.js';
import { snakeCase, type JsonSchema, type RestOperation } from './routes.js';

type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'unknown';

/** The JSON type a property takes, looking through nullable unions and enums. */
export function kindOf(schema: unknown): Kind {
  if (!schema || typeof schema !== 'object') return 'unknown';
  const s = schema as JsonSchema;
  const t = s.type;
  if (typeof t === 'string' && t !== 'null') return t as Kind;
  if (Array.isArray(t)) {
    const first = t.find((x) => x !== 'null');
    if (typeof first === 'string') return first as Kind;
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = s[key];
    if (Array.isArray(list)) {
      for (const sub of list) {
        const k = kindOf(sub);
        if (k !== 'unknown') return k;
      }
    }
  }
  const values = Array.isArray(s.enum) ? s.enum : 'const' in s ? [s.const] : [];
  const v = values.find((x) => x !== null);
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'unknown';
}

function itemsOf(schema: unknown): unknown {
  if (!schema || typeof schema !== 'object') return undefined;
  const s = schema as JsonSchema;
  if (s.items) return s.items;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = s[key];
    if (Array.isArray(list)) for (const sub of list) if (kindOf(sub) === 'array') return itemsOf(sub);
  }
  return undefined;
}

const NUMERIC = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** One string from a URL, as the type the schema wants; left as is when it does not fit (zod then names the field). */
function coerceScalar(raw: string, kind: Kind): unknown {
  const v = raw.trim();
  switch (kind) {
    case 'number':
    case 'integer':
      return NUMERIC.test(v) ? Number(v) : raw;
    case 'boolean':
      if (v === '' || v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      return raw;
    case 'object':
      try {
        return JSON.parse(v);
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}

/** All values of one parameter: arrays take repeated and comma-separated values. */
function coerceParam(values: string[], schema: unknown): unknown {
  const kind = kindOf(schema);
  if (kind === 'array') {
    const itemKind = kindOf(itemsOf(schema));
    return values
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '')
      .map((v) => coerceScalar(v, itemKind));
  }
  return coerceScalar(values[values.length - 1]!, kind);
}

export class InputError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(`Invalid input: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`.slice(0, 600));
  }
}

function propertiesOf(op: RestOperation): Record<string, unknown> {
  return (op.inputSchema.properties ?? {}) as Record<string, unknown>;
}

/**
 * The query string as input values; snake_case spellings of camelCase keys are accepted too
 * (the previous system's guide wrote `min_urgency_score`). Unknown names are kept, for the
 * capability's input to refuse with the name it expected.
 * Takes a URL or anything else with `searchParams`.
 */
export function inputFromQuery(op: RestOperation, url: { searchParams: URLSearchParams }): Record<string, unknown> {
  const props = propertiesOf(op);
  const aliases = new Map<string, string>();
  for (const key of Object.keys(props)) aliases.set(key, key);
  for (const key of Object.keys(props)) if (!aliases.has(snakeCase(key))) aliases.set(snakeCase(key), key);
  const out: Record<string, unknown> = {};
  const from: Record<string, string> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const key = aliases.get(name);
    if (!key) {
      // Unknown: passed on as given, so the capability's strict input refuses it naming the expected key.
      // (defined, not assigned: a `__proto__` name must stay a key for the input to refuse)
      Object.defineProperty(out, name, {
        value: url.searchParams.get(name),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      continue;
    }
    if (op.pathParams.includes(key)) continue;
    if (from[key] !== undefined) {
      throw new InputError([{ field: key, message: `given twice, as "${from[key]}" and "${name}"` }]);
    }
    from[key] = name;
    out[key] = coerceParam(url.searchParams.getAll(name), props[key]);
  }
  return out;
}

export function inputFromPath(op: RestOperation, params: Record<string, string>): Record<string, unknown> {
  const props = propertiesOf(op);
  const out: Record<string, unknown> = {};
  op.pathParams.forEach((key, i) => {
    const value = params[op.pathNames[i]!];
    if (value !== undefined) out[key] = coerceParam([value], props[key]);
  });
  return out;
}

/** Parses a JSON body text; an empty body is an empty object. */
export function inputFromBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InputError([{ field: '(body)', message: 'is not valid JSON' }]);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError([{ field: '(body)', message: 'must be a JSON object' }]);
  }
  return body as Record<string, unknown>;
}

/** Path parameters win over the body; a body that disagrees with the path is refused. */
export function mergeInput(
  path: Record<string, unknown>,
  query: Record<string, unknown>,
  body: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(path)) {
    if (key in body && body[key] !== value) {
      throw new InputError([{ field: key, message: 'differs between the path and the body' }]);
    }
  }
  return { ...query, ...body, ...path };
}

export function fieldErrors(err: ZodError): FieldError[] {
  return fieldErrorsOf(err.issues, 20, '(input)');
}

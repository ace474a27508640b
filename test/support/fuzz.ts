/**
 * Property-based inputs from a capability's own schema (its zod input, as JSON Schema): values
 * that look valid (right types, enums, bounds, formats, sometimes real ids from the sandbox) and
 * values broken on purpose (a required key missing, a wrong type, a huge or odd string, a negative
 * or fractional number, extra keys). Which of them are really valid is decided by the zod schema
 * itself, never by the generator.
 */
import fc from 'fast-check';
import { z } from 'zod';
import type { Capability } from '../../src/capabilities/define.js';

export type JsonSchema = Record<string, unknown>;

/** Fixed seed: the same inputs on every run and every machine. */
export const FUZZ_SEED = 20_241_124;

export function inputSchemaOf(cap: Capability): JsonSchema {
  return z.toJSONSchema(cap.input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

export interface Pools {
  /** Real ids (uuids) that exist in the sandbox, so some calls get past the lookup. */
  ids: string[];
  /** Other real strings (usernames, emails, names). */
  words: string[];
}

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '🙂👍🏽',
  'ŠŽŁØ€',
  '\u202e\u200b',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '{}',
  'null',
  '-1',
  'NaN',
];

const hugeString = fc.constantFrom(20_000, 120_000).map((n) => 'x'.repeat(n));
const oddString = fc.oneof(
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  hugeString,
);

/** Any JSON value, odd ones included (for wrong types and extra keys). */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    -1e308,
    1e308,
    0.5,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER - 2,
  ),
  oddString,
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxKeys: 3 }),
);

function typesOf(s: JsonSchema): string[] {
  if (typeof s.type === 'string') return [s.type];
  if (Array.isArray(s.type)) return s.type as string[];
  return [];
}

function variants(s: JsonSchema): JsonSchema[] | undefined {
  const list = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  return Array.isArray(list) ? list : undefined;
}

const bounded = (x: unknown, fallback: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : fallback);

function stringLike(s: JsonSchema, pools: Pools): fc.Arbitrary<string> {
  const min = bounded(s.minLength, 0);
  const max = Math.min(bounded(s.maxLength, 60), 60);
  if (s.format === 'uuid') return pools.ids.length ? fc.oneof(fc.uuid(), fc.constantFrom(...pools.ids)) : fc.uuid();
  if (s.format === 'email')
    return fc.oneof(
      fc.emailAddress(),
      ...(pools.words.some((w) => w.includes('@'))
        ? [fc.constantFrom(...pools.words.filter((w) => w.includes('@')))]
        : []),
    );
  if (typeof s.pattern === 'string') {
    try {
      return fc
        .stringMatching(new RegExp(s.pattern))
        .filter((v) => v.length >= min && v.length <= bounded(s.maxLength, Infinity));
    } catch {
      // a pattern fast-check cannot generate from: fall through to plain strings
    }
  }
  const plain = fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.max(min, max) });
  const words = pools.words.filter((w) => w.length >= min && w.length <= bounded(s.maxLength, Infinity));
  return words.length ? fc.oneof(plain, fc.constantFrom(...words)) : plain;
}

/** Values that satisfy the schema as far as a generator can tell (zod has the last word). */
export function validish(s: JsonSchema, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  if ('const' in s) return fc.constant(s.const);
  const alts = variants(s);
  if (alts) return fc.oneof(...alts.map((a) => validish(a, pools, depth)));
  const t = typesOf(s).filter((x) => x !== 'null')[0];
  switch (t) {
    case 'string':
      return stringLike(s, pools);
    case 'integer': {
      const min = Math.max(bounded(s.minimum, -1000), -1_000_000);
      const max = Math.min(bounded(s.maximum, 1000), 1_000_000);
      return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) });
    }
    case 'number':
      return fc.double({
        min: bounded(s.minimum, -1e6),
        max: bounded(s.maximum, 1e6),
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      if (depth > 3) return fc.constant([]);
      const items = (s.items as JsonSchema | undefined) ?? {};
      const min = bounded(s.minItems, 0);
      return fc.array(validish(items, pools, depth + 1), {
        minLength: min,
        maxLength: Math.max(min, Math.min(bounded(s.maxItems, 3), 3)),
      });
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, JsonSchema>;
      if (depth > 3 || Object.keys(props).length === 0) return fc.constant({});
      const required = (s.required ?? []) as string[];
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validish(v, pools, depth + 1)]));
      return fc.record(model, { requiredKeys: required.filter((k) => k in model) });
    }
    default:
      return anyJson;
  }
}

/** A value of another JSON type than the schema wants, or one at its edges. */
function wrongFor(s: JsonSchema): fc.Arbitrary<unknown> {
  const t = typesOf(s)[0] ?? (variants(s) ? 'union' : 'any');
  switch (t) {
    case 'string':
      return fc.oneof(
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant([]),
        fc.constant({}),
        hugeString,
        oddString,
      );
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.constantFrom(-1, -2_147_483_649, 0.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2),
        fc.string({ maxLength: 5 }),
        fc.constant(null),
        fc.constant(true),
      );
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 'yes', 1, 0, null), fc.constant({}));
    case 'array':
      return fc.oneof(
        fc.string({ maxLength: 5 }),
        fc.constant({}),
        fc.constant(42),
        fc.array(anyJson, { minLength: 101, maxLength: 120 }),
      );
    case 'object':
      return fc.oneof(fc.string({ maxLength: 5 }), fc.constant([]), fc.constant(7));
    default:
      return anyJson;
  }
}

/**
 * An object input broken in one way (sometimes still valid, e.g. extra keys, which zod strips:
 * the caller asks zod which it is).
 */
export function invalidish(s: JsonSchema, pools: Pools): fc.Arbitrary<Record<string, unknown>> {
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const keys = Object.keys(props);
  const required = ((s.required ?? []) as string[]).filter((k) => k in props);
  const base = validish(s, pools) as fc.Arbitrary<Record<string, unknown>>;
  const mutations: fc.Arbitrary<Record<string, unknown>>[] = [
    // extra keys, odd names included
    fc
      .tuple(
        base,
        fc.dictionary(
          fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', '$where')),
          anyJson,
          { minKeys: 1, maxKeys: 3 },
        ),
      )
      .map(([b, extra]) => ({ ...extra, ...b })),
  ];
  if (required.length) mutations.push(fc.tuple(base, fc.constantFrom(...required)).map(([b, k]) => omit(b, k)));
  if (keys.length) {
    mutations.push(
      fc.tuple(base, fc.constantFrom(...keys)).chain(([b, k]) => wrongFor(props[k]!).map((v) => ({ ...b, [k]: v }))),
    );
    mutations.push(fc.tuple(base, fc.constantFrom(...keys), oddString).map(([b, k, v]) => ({ ...b, [k]: v })));
  }
  return fc.oneof(...mutations);
}

function omit(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

/**
 * What the capability's own schema says of an input: valid, or invalid with the top-level keys at
 * fault (empty when the whole object is at fault), which a clear error should name.
 */
export function verdict(cap: Capability, input: unknown): { valid: true } | { valid: false; keys: string[] } {
  const r = cap.input.safeParse(input);
  if (r.success) return { valid: true };
  return { valid: false, keys: [...new Set(r.error.issues.map((i) => String(i.path[0] ?? '')).filter(Boolean))] };
}

/**
 * The arguments as a tool receives them. The MCP SDK rebuilds `params.arguments` key by key when
 * it parses a request, and an own `__proto__` key does not survive that (assigning it sets the
 * prototype), so no tool ever sees one: the oracle judges the input without it. Every other
 * unknown key reaches the tool, whose strict input refuses it.
 */
export function asReceivedOverMcp(input: unknown): unknown {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  if (!Object.prototype.hasOwnProperty.call(input, '__proto__')) return input;
  return Object.fromEntries(Object.entries(input).filter(([k]) => k !== '__proto__'));
}

/** An input as the server will see it: through JSON and back. */
export const overTheWire = <T>(input: T): T => JSON.parse(JSON.stringify(input)) as T;

/** A short, printable form of an input for failure messages (huge strings cut). */
export function show(input: unknown): string {
  return JSON.stringify(input, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v,
  ).slice(0, 600);
}

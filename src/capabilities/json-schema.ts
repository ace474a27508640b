/**
 * The one zod → JSON Schema converter, used by the MCP tools list and the OpenAPI document alike.
 * It drops what zod adds that tells a model nothing: the `$schema` line and the ±2^53 bounds zod
 * writes on every integer. Conversions are cached per schema object, so a tools list built for
 * every request costs a lookup, not a conversion.
 */
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const SAFE_MIN = Number.MIN_SAFE_INTEGER;
const SAFE_MAX = Number.MAX_SAFE_INTEGER;

function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$schema') continue;
    if ((k === 'minimum' && v === SAFE_MIN) || (k === 'maximum' && v === SAFE_MAX)) continue;
    out[k] = tidy(v);
  }
  return out;
}

const cache = { input: new WeakMap<z.ZodType, JsonSchema>(), output: new WeakMap<z.ZodType, JsonSchema>() };

/**
 * The JSON Schema of a zod schema, as callers may send it (`input`) or as results look (`output`),
 * draft 2020-12. The returned object is shared: copy it before changing it.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  let json = cache[io].get(schema);
  if (!json) {
    json = tidy(z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' })) as JsonSchema;
    cache[io].set(schema, json);
  }
  return json;
}

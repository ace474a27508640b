/**
 * The OpenAPI 3.1 document rewritten as OpenAPI 3.0.3, for consumers that take only 3.0
 * (Amazon Bedrock agent action groups, Microsoft Copilot Studio's REST API tools, older
 * generators). 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are an older, stricter subset.
 * What changes, keyword by keyword:
 * - `type: [T, "null"]` → `type: T, nullable: true`; `anyOf: [S, {type: "null"}]` → S, nullable
 *   (a `$ref` S is wrapped in `allOf`, since siblings of `$ref` are ignored in 3.0);
 * - `const: v` → `enum: [v]`; numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum`
 *   with the boolean form;
 * - keywords 3.0 does not know are dropped (`$schema`, `$id`, `propertyNames`, `$comment`,
 *   `contentEncoding`, `contentMediaType`, `examples`→ first as `example`, `dependentRequired`).
 * The document's own structure (paths, components, security) is the same in both versions.
 */
import type { JsonSchema } from './routes.js';

const DROP = new Set([
  '$schema',
  '$id',
  '$comment',
  'propertyNames',
  'contentEncoding',
  'contentMediaType',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
]);

/** Schema keywords whose value is one schema. */
const ONE = ['items', 'not', 'additionalProperties'];
/** Schema keywords whose value is a list of schemas. */
const MANY = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

const isNullSchema = (s: unknown) =>
  typeof s === 'object' && s !== null && (s as JsonSchema).type === 'null' && Object.keys(s).length === 1;

/** One JSON Schema 2020-12 node as an OpenAPI 3.0 schema object. */
export function schemaTo30(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(schemaTo30);
  if (node === null || typeof node !== 'object') return node;
  const s = node as JsonSchema;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    if (DROP.has(k)) continue;
    if (k === 'properties' && v && typeof v === 'object') {
      out.properties = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, schemaTo30(sub)]));
    } else if (ONE.includes(k) && v && typeof v === 'object') {
      out[k] = schemaTo30(v);
    } else if (MANY.includes(k) && Array.isArray(v)) {
      out[k] = v.map(schemaTo30);
    } else if (k === 'const') {
      out.enum = [v];
    } else if (k === 'examples' && Array.isArray(v)) {
      if (v.length) out.example = v[0];
    } else if ((k === 'exclusiveMinimum' || k === 'exclusiveMaximum') && typeof v === 'number') {
      out[k === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = v;
      out[k] = true;
    } else {
      out[k] = v;
    }
  }
  // type: [T, "null"]
  if (Array.isArray(out.type)) {
    const types = (out.type as string[]).filter((t) => t !== 'null');
    const nullable = types.length < (out.type as string[]).length;
    if (types.length === 1) {
      out.type = types[0];
      if (nullable) out.nullable = true;
    } else {
      // 3.0 wants `nullable` beside a `type`: each alternative carries it.
      delete out.type;
      if (types.length) out.anyOf = types.map((t) => (nullable ? { type: t, nullable: true } : { type: t }));
    }
  }
  // anyOf: [S, {type: "null"}] (or oneOf)
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = out[key] as unknown[] | undefined;
    if (!Array.isArray(list) || !list.some(isNullSchema)) continue;
    const rest = list.filter((x) => !isNullSchema(x));
    delete out[key];
    if (rest.length === 1) {
      const only = rest[0] as JsonSchema;
      if ('$ref' in only) Object.assign(out, { allOf: [only], nullable: true });
      else Object.assign(out, only, { nullable: true });
    } else {
      Object.assign(out, { [key]: rest, nullable: true });
    }
  }
  if (out.enum && Array.isArray(out.enum) && out.enum.includes(null)) out.nullable = true;
  return out;
}

/** Applies `schemaTo30` to every schema position of an OpenAPI document (parameters, bodies, responses, components). */
export function toOpenApi30(doc: JsonSchema): JsonSchema {
  const content = (c: unknown) =>
    c && typeof c === 'object'
      ? Object.fromEntries(
          Object.entries(c as Record<string, JsonSchema>).map(([type, media]) => [
            type,
            media.schema === undefined ? media : { ...media, schema: schemaTo30(media.schema) },
          ]),
        )
      : c;
  const param = (p: JsonSchema): JsonSchema => ({
    ...p,
    ...(p.schema !== undefined ? { schema: schemaTo30(p.schema) } : {}),
    ...(p.content !== undefined ? { content: content(p.content) } : {}),
  });
  const response = (r: JsonSchema): JsonSchema => ({
    ...r,
    ...(r.content !== undefined ? { content: content(r.content) } : {}),
    ...(r.headers !== undefined
      ? {
          headers: Object.fromEntries(
            Object.entries(r.headers as Record<string, JsonSchema>).map(([n, h]) => [n, param(h)]),
          ),
        }
      : {}),
  });
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, JsonSchema>>)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(item)) {
      const next: JsonSchema = { ...op };
      if (Array.isArray(op.parameters)) next.parameters = (op.parameters as JsonSchema[]).map(param);
      if (op.requestBody) {
        const body = op.requestBody as JsonSchema;
        next.requestBody = { ...body, content: content(body.content) };
      }
      if (op.responses) {
        next.responses = Object.fromEntries(
          Object.entries(op.responses as Record<string, JsonSchema>).map(([s, r]) => [
            s,
            '$ref' in r ? r : response(r),
          ]),
        );
      }
      paths[path][method] = next;
    }
  }
  const components = (doc.components ?? {}) as JsonSchema;
  return {
    ...doc,
    openapi: '3.0.3',
    paths,
    components: {
      ...components,
      schemas: Object.fromEntries(
        Object.entries((components.schemas ?? {}) as Record<string, unknown>).map(([n, s]) => [n, schemaTo30(s)]),
      ),
      responses: Object.fromEntries(
        Object.entries((components.responses ?? {}) as Record<string, JsonSchema>).map(([n, r]) => [n, response(r)]),
      ),
    },
  };
}

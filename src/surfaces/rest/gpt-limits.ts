/**
 * A code check of the published GPT Actions limits on an OpenAPI document. `errors` would make
 * the import fail or misbehave; `warnings` are advice (more than 30 operations in one action, a
 * server that is not https).
 */
import type { JsonSchema } from './routes.js';

export const GPT_LIMITS = {
  summaryChars: 300,
  descriptionChars: 300,
  parameterDescriptionChars: 700,
  operationsPerAction: 30,
  responseChars: 100_000,
} as const;

export interface LimitReport {
  errors: string[];
  warnings: string[];
  operations: number;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function resolve(doc: JsonSchema, node: unknown): JsonSchema {
  const ref = (node as JsonSchema | undefined)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return (node ?? {}) as JsonSchema;
  let cur: unknown = doc;
  for (const part of ref.slice(2).split('/')) cur = (cur as JsonSchema | undefined)?.[part];
  return (cur ?? {}) as JsonSchema;
}

export function checkGptActionsLimits(doc: JsonSchema): LimitReport {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (doc.openapi !== '3.1.0') errors.push(`openapi must be "3.1.0", is ${JSON.stringify(doc.openapi)}`);
  const servers = doc.servers as { url?: unknown }[] | undefined;
  const url = servers?.[0]?.url;
  if (!servers?.length || typeof url !== 'string' || url === '') errors.push('servers must hold one entry with a url');
  else if (!url.startsWith('https://'))
    warnings.push(`server ${url} is not https; GPT Actions call only https on port 443`);
  const schemes = ((doc.components as JsonSchema | undefined)?.securitySchemes ?? {}) as Record<string, JsonSchema>;
  const global = (doc.security ?? []) as Record<string, unknown>[];
  const bearer = global.some((req) =>
    Object.keys(req).some(
      (n) => (schemes[n]?.type === 'http' && schemes[n]?.scheme === 'bearer') || schemes[n]?.type === 'oauth2',
    ),
  );
  if (!bearer) errors.push('a bearer or OAuth 2.0 security scheme must apply globally');

  const shapes = new Map<string, string>();
  for (const path of Object.keys((doc.paths ?? {}) as object)) {
    const shape = path.replace(/\{[^}]*\}/g, '{}');
    const other = shapes.get(shape);
    if (other) errors.push(`${path} and ${other} differ only in parameter names; use one name for both`);
    else shapes.set(shape, path);
  }

  const ids = new Set<string>();
  let count = 0;
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, JsonSchema>)) {
    for (const method of METHODS) {
      const op = item[method] as JsonSchema | undefined;
      if (!op) continue;
      count++;
      const where = `${method.toUpperCase()} ${path}`;
      const id = op.operationId;
      if (typeof id !== 'string' || !/^[A-Za-z0-9_-]+$/.test(id))
        errors.push(`${where}: operationId missing or not [A-Za-z0-9_-]+`);
      else if (ids.has(id)) errors.push(`${where}: operationId ${id} is not unique`);
      else ids.add(id);
      for (const [field, max] of [
        ['summary', GPT_LIMITS.summaryChars],
        ['description', GPT_LIMITS.descriptionChars],
      ] as const) {
        const text = op[field];
        if (typeof text !== 'string' || text.length === 0) errors.push(`${where}: no ${field}`);
        else if (text.length > max) errors.push(`${where}: ${field} is ${text.length} characters (max ${max})`);
      }
      for (const p of (op.parameters ?? []) as JsonSchema[]) {
        const d = p.description;
        if (typeof d === 'string' && d.length > GPT_LIMITS.parameterDescriptionChars) {
          errors.push(
            `${where}: parameter ${String(p.name)} description is ${d.length} characters (max ${GPT_LIMITS.parameterDescriptionChars})`,
          );
        }
      }
      const consequential = op['x-openai-isConsequential'];
      if (typeof consequential !== 'boolean') errors.push(`${where}: x-openai-isConsequential must be true or false`);
      const responses = (op.responses ?? {}) as Record<string, unknown>;
      const ok = resolve(doc, responses['200']);
      if (!(ok.content as JsonSchema | undefined)?.['application/json'])
        errors.push(`${where}: 200 response has no JSON schema`);
      const problems = Object.entries(responses).filter(([status, r]) => {
        const content = resolve(doc, r).content as JsonSchema | undefined;
        return /^[45]\d\d$/.test(status) && content?.['application/problem+json'];
      });
      if (problems.length === 0) errors.push(`${where}: no problem+json error responses`);
    }
  }
  if (count > GPT_LIMITS.operationsPerAction) {
    warnings.push(
      `${count} operations: a GPT action takes at most ${GPT_LIMITS.operationsPerAction}; choose fewer with --profile NAME (or --toolsets, --read-only)`,
    );
  }
  return { errors, warnings, operations: count };
}

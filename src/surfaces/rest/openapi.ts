/**
 * The OpenAPI 3.1 document, generated from the capability registry. A direct generator over the
 * route table rather than @hono/zod-openapi: the registry already holds method, path and schemas,
 * and src/capabilities/json-schema.ts is the one converter, shared with the MCP tools list, so the
 * two surfaces publish the same input and output schemas (the truncation note included) with no
 * second route definition. Shaped for ChatGPT GPT Actions (see gpt-limits.ts).
 */
import type { Capability, Toolset } from '../../capabilities/define.js';
import { PROBLEM_SCHEMA, WWW_AUTHENTICATE } from './problems.js';
import { restOperations, type JsonSchema, type RestOperation } from './routes.js';
import { toOpenApi30 } from './openapi30.js';

export const API_VERSION = '0.1.0';

export interface OpenApiOptions {
  /** The public base URL the API is reached at (the document's one `servers` entry). */
  serverUrl: string;
  /** Only these toolsets (all when absent or empty). */
  toolsets?: readonly Toolset[];
  /** The OpenAPI version written: 3.1 (default; GPT Actions) or 3.0 (Bedrock agents, Copilot Studio). */
  version?: OpenApiVersion;
  /** Describe OAuth 2.0 (authorization code) sign-in instead of a pasted Cway token. */
  oauth?: OpenApiOAuth;
}

/** Where a GPT Action or Copilot Studio signs a person in (our authorization server). */
export interface OpenApiOAuth {
  authorizationUrl: string;
  tokenUrl: string;
  refreshUrl?: string;
}

/** The OAuth URLs of a server at `serverUrl` (see src/auth/oauth/server.ts for the routes). */
export function oauthUrlsFor(serverUrl: string): OpenApiOAuth {
  const base = serverUrl.replace(/\/+$/, '');
  return {
    authorizationUrl: `${base}/oauth/authorize`,
    tokenUrl: `${base}/oauth/token`,
    refreshUrl: `${base}/oauth/token`,
  };
}

export const OPENAPI_VERSIONS = ['3.1', '3.0'] as const;
export type OpenApiVersion = (typeof OPENAPI_VERSIONS)[number];

const TOOLSET_DESCRIPTIONS: Record<Toolset, string> = {
  projects: 'Projects: lists, search, details, history and lifecycle.',
  users: 'Users and teams: lookup and administration (members, admins, approval mode).',
  artworks: 'Artworks: search, review, approval, revisions, assignments, edits and tasks.',
  media: 'Media center: folders, files and downloads.',
  shares: 'Shares with external recipients.',
  setup: 'Organisation setup: categories, brands, specifications.',
  analytics: 'KPIs, health scores, trends and stagnation alerts.',
  system: 'Who am I, server and Cway status.',
};

/** Error responses every operation declares, by status, as shared components. */
const ERROR_RESPONSES: [status: string, name: string, description: string][] = [
  ['400', 'BadRequest', 'Invalid input; `errors` names each field at fault.'],
  ['401', 'Unauthorized', 'Missing or invalid Cway API token.'],
  ['403', 'Forbidden', "Cway does not allow this for the token's user."],
  ['404', 'NotFound', 'No such item, or not visible to this user.'],
  ['409', 'Conflict', 'Ambiguous reference (see `candidates`) or the item is in a state that does not allow this.'],
  ['429', 'TooManyRequests', 'Rate limited; wait `Retry-After` seconds.'],
  ['500', 'InternalError', 'Unexpected server error.'],
  ['502', 'BadGateway', 'Cway is unavailable or answered badly.'],
  ['504', 'GatewayTimeout', 'Cway did not answer in time.'],
];

function problemResponseComponent(description: string, headers?: Record<string, unknown>): JsonSchema {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

/** Moves `$defs` of one schema into components, renaming its references. */
function hoistDefs(schema: JsonSchema, prefix: string, into: Record<string, unknown>): JsonSchema {
  const defs = schema.$defs as Record<string, unknown> | undefined;
  if (!defs) return schema;
  const rename = (name: string) => `${prefix}_${name}`.replace(/[^A-Za-z0-9._-]/g, '_');
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
        out[k] = `#/components/schemas/${rename(v.slice('#/$defs/'.length))}`;
      } else if (k !== '$defs') {
        out[k] = rewrite(v);
      }
    }
    return out;
  };
  for (const [name, def] of Object.entries(defs)) into[rename(name)] = rewrite(def);
  return rewrite(schema) as JsonSchema;
}

function parameters(op: RestOperation, input: JsonSchema): JsonSchema[] {
  const props = (input.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((input.required ?? []) as string[]);
  const keys = op.inputIn === 'query' ? Object.keys(props) : op.pathParams;
  // Path parameters first, in path order.
  keys.sort((a, b) => Number(op.pathParams.includes(b)) - Number(op.pathParams.includes(a)));
  return keys.map((key) => {
    const { description, ...schema } = props[key]!;
    const inPath = op.pathParams.includes(key);
    const param: JsonSchema = {
      name: inPath ? op.pathNames[op.pathParams.indexOf(key)]! : key,
      in: inPath ? 'path' : 'query',
      required: inPath || required.has(key),
      ...(typeof description === 'string' ? { description } : {}),
    };
    if (schema.type === 'object') param.content = { 'application/json': { schema } };
    else param.schema = schema;
    if (!inPath && schema.type === 'array') Object.assign(param, { style: 'form', explode: true });
    return param;
  });
}

function requestBody(op: RestOperation, input: JsonSchema): JsonSchema | undefined {
  if (op.inputIn !== 'body') return undefined;
  const props = { ...((input.properties ?? {}) as Record<string, unknown>) };
  for (const p of op.pathParams) delete props[p];
  const required = ((input.required ?? []) as string[]).filter((k) => !op.pathParams.includes(k));
  const schema: JsonSchema = { ...input, properties: props };
  if (required.length) schema.required = required;
  else delete schema.required;
  return { required: required.length > 0, content: { 'application/json': { schema } } };
}

function successSchema(op: RestOperation): JsonSchema {
  return op.outputSchema;
}

function operation(op: RestOperation, schemas: Record<string, unknown>): JsonSchema {
  const cap = op.capability;
  const responses: JsonSchema = {
    '200': {
      description: cap.title,
      content: { 'application/json': { schema: hoistDefs(successSchema(op), cap.name, schemas) } },
    },
  };
  for (const [status, name] of ERROR_RESPONSES) responses[status] = { $ref: `#/components/responses/${name}` };
  if (op.inputIn === 'body') responses['413'] = { $ref: '#/components/responses/PayloadTooLarge' };
  const input = hoistDefs(op.inputSchema, `${cap.name}_input`, schemas);
  const body = requestBody(op, input);
  const params = parameters(op, input);
  return {
    operationId: cap.name,
    summary: cap.title,
    description: cap.description,
    tags: [cap.toolset],
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    'x-openai-isConsequential': op.consequential,
  };
}

/** Capabilities that have a REST route, optionally only those of some toolsets. */
export function selectOperations(capabilities: readonly Capability[], toolsets?: readonly Toolset[]): RestOperation[] {
  const ops = restOperations(capabilities);
  return toolsets?.length ? ops.filter((op) => toolsets.includes(op.capability.toolset)) : ops;
}

export function buildOpenApiDocument(capabilities: readonly Capability[], opts: OpenApiOptions): JsonSchema {
  const ops = selectOperations(capabilities, opts.toolsets);
  const schemas: Record<string, unknown> = { Problem: PROBLEM_SCHEMA };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of ops) {
    (paths[op.path] ??= {})[op.method.toLowerCase()] = operation(op, schemas);
  }
  const used = [...new Set(ops.map((op) => op.capability.toolset))];
  const responses: Record<string, unknown> = {};
  for (const [status, name, description] of ERROR_RESPONSES) {
    const headers =
      status === '429'
        ? { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } }
        : status === '401'
          ? { 'WWW-Authenticate': { description: `Always \`${WWW_AUTHENTICATE}\`.`, schema: { type: 'string' } } }
          : undefined;
    responses[name] = problemResponseComponent(description, headers);
  }
  if (ops.some((op) => op.inputIn === 'body')) {
    responses.PayloadTooLarge = problemResponseComponent('The request body is larger than the server accepts.');
  }
  const doc: JsonSchema = {
    openapi: '3.1.0',
    info: {
      title: 'Cway',
      version: API_VERSION,
      description: opts.oauth
        ? 'Cway artwork approval and project management, as the signed-in Cway user. Sign in with OAuth 2.0 (the person pastes their Cway API token once on our sign-in page), or send a Cway API token as a Bearer token.'
        : 'Cway artwork approval and project management, as the signed-in Cway user. Authenticate with your own Cway API token as a Bearer token.',
    },
    servers: [{ url: opts.serverUrl.replace(/\/+$/, '') }],
    security: opts.oauth ? [{ oauth2: ['cway'] }, { bearerAuth: [] }] : [{ bearerAuth: [] }],
    tags: used.map((name) => ({ name, description: TOOLSET_DESCRIPTIONS[name] })),
    paths,
    components: {
      securitySchemes: {
        ...(opts.oauth
          ? {
              oauth2: {
                type: 'oauth2',
                description: 'Sign in as yourself; every call acts as the Cway user who signed in.',
                flows: {
                  authorizationCode: {
                    ...opts.oauth,
                    scopes: {
                      cway: 'Act in Cway as the signed-in person.',
                      offline_access: 'Stay connected until the person revokes it.',
                    },
                  },
                },
              },
            }
          : {}),
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'Your Cway API token. Every call acts as the user the token belongs to.',
        },
      },
      schemas,
      responses,
    },
  };
  return opts.version === '3.0' ? toOpenApi30(doc) : doc;
}

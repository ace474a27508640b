/**
 * Every REST route, fuzzed from the OpenAPI document the server publishes (/openapi.json): path
 * and query parameters and JSON bodies generated from its schemas, valid-looking and broken, sent
 * with fetch. No answer may be a 5xx (no upstream faults are injected here); every refusal is
 * problem+json with a code and a detail, and a schema refusal names the fields at fault. For JSON
 * bodies the capability's own zod schema is the oracle: what it refuses must be a 400, what it
 * accepts must not be refused as invalid. /health answers after every route.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { capabilities } from '../src/capabilities/index.js';
import type { Capability } from '../src/capabilities/define.js';
import { CwayClient } from '../src/cway/client.js';
import {
  FUZZ_SEED,
  invalidish,
  overTheWire,
  show,
  validish,
  verdict,
  type JsonSchema,
  type Pools,
} from './support/fuzz.js';
import { resolveSampleIds } from './support/samples.js';
import { startStack, type ProblemBody, type Stack } from './support/stack.js';

const RUNS = 10;
/** Statuses Node's HTTP parser answers itself, before any route, with no body of ours. */
const PARSER_STATUSES = new Set([414, 431]);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  cap: Capability;
  pathParams: Parameter[];
  query: JsonSchema;
  body?: JsonSchema;
}

let stack: Stack;
let pools: Pools;
let operations: Operation[] = [];

/** The OpenAPI document's operations, each with its capability and its inputs as object schemas. */
async function loadOperations(): Promise<Operation[]> {
  const doc = (await (await fetch(`${stack.url}/openapi.json`)).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          operationId: string;
          parameters?: Parameter[];
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
        }
      >
    >;
  };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const cap = capabilities.find((c) => c.name === op.operationId);
      assert.ok(cap, `operation ${op.operationId} has a capability`);
      const params = op.parameters ?? [];
      const query = params.filter((p) => p.in === 'query');
      ops.push({
        method: method.toUpperCase(),
        path,
        cap,
        pathParams: params.filter((p) => p.in === 'path'),
        query: {
          type: 'object',
          properties: Object.fromEntries(query.map((p) => [p.name, p.schema])),
          required: query.filter((p) => p.required).map((p) => p.name),
        },
        body: op.requestBody?.content['application/json']?.schema,
      });
    }
  }
  return ops;
}

before(async () => {
  stack = await startStack({ toolsets: 'all' });
  const ids = await resolveSampleIds(new CwayClient({ url: stack.sandbox.url }), stack.token);
  pools = { ids: [ids.projectId, ids.artworkId, ids.userId], words: [ids.username, ids.email, ids.projectName] };
  operations = await loadOperations();
});
after(() => stack.close());

const ODD_SEGMENTS = ['', ' ', '..', '%', '🙂', 'x'.repeat(5_000), 'null', '-1'];

function url(op: Operation, path: Record<string, string>, query: Record<string, unknown>): string {
  const p = op.path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(path[k] ?? ''));
  const u = new URL(stack.url + p);
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v))
      for (const item of v) u.searchParams.append(k, typeof item === 'object' ? JSON.stringify(item) : String(item));
    else u.searchParams.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return u.toString();
}

/**
 * Path values under the capability's own input keys: the document may name a parameter after the
 * path it shares with other routes (`/api/projects/{id}`), the capability's route names it its way.
 */
function inputKeysOf(op: Operation, path: Record<string, string>): Record<string, string> {
  const own = [...op.cap.rest!.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const doc = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  return Object.fromEntries(doc.map((name, i) => [own[i] ?? name, path[name]!]));
}

function checkProblem(status: number, type: string, body: ProblemBody, op: Operation, context: string): void {
  assert.ok(type.startsWith('application/problem+json'), `a ${status} that is not problem+json (${type}): ${context}`);
  assert.equal(body.status, status, context);
  assert.ok(typeof body.code === 'string' && body.code.length > 0, `no code: ${context}`);
  assert.ok(typeof body.detail === 'string' && body.detail.length > 0, `no detail: ${context}`);
  if (body.code === 'invalid_input' && /^Invalid input/.test(body.detail)) {
    const keys = [...Object.keys(op.cap.input.shape), '(input)', '(body)'];
    assert.ok(body.errors?.length, `a schema refusal without the fields at fault: ${context}`);
    for (const e of body.errors!) {
      const head = e.field.split('.')[0]!;
      assert.ok(
        keys.includes(head) || keys.some((k) => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`) === head),
        `names an unknown field ${e.field}: ${context}`,
      );
    }
  }
}

describe('every REST route, fuzzed from the OpenAPI document', () => {
  it('the document has a route for every capability with one', () => {
    assert.deepEqual(
      operations.map((o) => o.cap.name).sort(),
      capabilities
        .filter((c) => c.rest)
        .map((c) => c.name)
        .sort(),
    );
  });

  // Routes are known only once the server is up; one test walks them all, one property per route.
  it('answers every generated request without a 5xx, refusing bad input clearly', async () => {
    for (const op of operations) {
      const pathArb = fc.record(
        Object.fromEntries(
          op.pathParams.map((p) => [
            p.name,
            fc.oneof(
              {
                weight: 4,
                arbitrary: (validish(p.schema, pools) as fc.Arbitrary<unknown>).map((v) => ({
                  value: String(v),
                  odd: false,
                })),
              },
              { weight: 1, arbitrary: fc.constantFrom(...ODD_SEGMENTS).map((v) => ({ value: v, odd: true })) },
            ),
          ]),
        ),
      );
      const inputSchema = op.body ?? op.query;
      const inputArb = fc.oneof(
        validish(inputSchema, pools) as fc.Arbitrary<Record<string, unknown>>,
        invalidish(inputSchema, pools),
      );
      await fc.assert(
        fc.asyncProperty(pathArb, inputArb, async (pathParts, rawInput) => {
          const input = overTheWire(rawInput ?? {});
          const path = Object.fromEntries(Object.entries(pathParts).map(([k, v]) => [k, v.value]));
          const target = url(op, path, op.body ? {} : input);
          const init: RequestInit = { method: op.method };
          if (op.body) {
            init.body = JSON.stringify(input);
            init.headers = { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' };
          }
          const res = await stack.rest(target.slice(stack.url.length), init);
          const text = await res.text();
          const context = `${op.method} ${op.path} path=${show(path)} input=${show(input)} -> ${res.status} ${text.slice(0, 300)}`;
          assert.ok(res.status < 500, `a server error: ${context}`);
          if (res.status >= 400 && !PARSER_STATUSES.has(res.status)) {
            checkProblem(
              res.status,
              res.headers.get('content-type') ?? '',
              JSON.parse(text) as ProblemBody,
              op,
              context,
            );
          }
          const oddPath = Object.values(pathParts).some((v) => v.odd);
          if (op.body && !oddPath) {
            const v = verdict(op.cap, { ...input, ...inputKeysOf(op, path) });
            const schemaRefusal = res.status === 400 && /"detail":"Invalid input/.test(text);
            if (v.valid) assert.ok(!schemaRefusal, `an input the schema accepts was refused: ${context}`);
            else assert.equal(res.status, 400, `an input the schema refuses was not refused: ${context}`);
          }
        }),
        { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
      );
      const health = await fetch(`${stack.url}/health`);
      assert.equal(health.status, 200, `after ${op.method} ${op.path}`);
    }
  });
});

/**
 * The OpenAPI document: valid (Redocly's recommended-strict rules, redocly.yaml), within every
 * published GPT Actions limit, one operation per REST capability, snapshotted, and exported by
 * the CLI. Also checks that docs/rest.md's routes table is the registry's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintFromString, loadConfig } from '@redocly/openapi-core';
import { z } from 'zod';
import { capabilities } from '../src/capabilities/index.js';
import { defineCapability, READ, TOOLSETS, type Capability } from '../src/capabilities/define.js';
import { buildOpenApiDocument } from '../src/surfaces/rest/openapi.js';
import { checkGptActionsLimits, GPT_LIMITS } from '../src/surfaces/rest/gpt-limits.js';
import { exportOpenApiCli } from '../src/surfaces/rest/export.js';
import { restOperations, shapeOf } from '../src/surfaces/rest/routes.js';
import { routesTable, withRoutesTable } from '../src/surfaces/rest/docs-table.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Compiled tests run from dist/test: find the repository root either way.
const repo = existsSync(join(root, 'redocly.yaml')) ? root : join(root, '..');
const SERVER = 'https://cway-mcp.dev';
const update = process.env.UPDATE_SNAPSHOTS === '1';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const operationsOf = (doc: Doc) =>
  Object.entries(doc.paths as Record<string, Record<string, Doc>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

async function lint(doc: Doc): Promise<string[]> {
  const config = await loadConfig({ configPath: join(repo, 'redocly.yaml') });
  const problems = await lintFromString({ source: JSON.stringify(doc, null, 2), absoluteRef: 'openapi.json', config });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
}

/** Fixture capabilities covering shapes the registry may not have yet: body writes, path params, nested inputs. */
const fixtures = [
  defineCapability({
    name: 'fixture_update',
    title: 'Update a thing',
    description: 'Changes a thing.',
    toolset: 'setup',
    input: z.object({
      thingId: z.string().uuid().describe('The thing.'),
      labels: z
        .array(z.object({ key: z.string(), value: z.string() }))
        .max(5)
        .optional(),
      confirmationToken: z.string().optional(),
    }),
    output: z.object({ status: z.enum(['done', 'confirmation_required']) }),
    hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    rest: { method: 'PATCH', path: '/api/things/{thingId}' },
    handler: async () => ({ status: 'done' as const }),
  }),
  defineCapability({
    name: 'fixture_list',
    title: 'List things',
    description: 'Lists things.',
    toolset: 'setup',
    input: z.object({
      minUrgencyScore: z.number().min(0).max(10).default(5),
      kinds: z.array(z.enum(['a', 'b'])).optional(),
    }),
    output: z.object({ things: z.array(z.object({ id: z.string(), score: z.number().nullable() })) }),
    hints: READ,
    rest: { method: 'GET', path: '/api/things' },
    handler: async () => ({ things: [] }),
  }),
] as unknown as Capability[];

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument(capabilities, { serverUrl: SERVER }) as Doc;

  it('lints clean with Redocly (recommended-strict)', async () => {
    assert.deepEqual(await lint(doc), []);
  });

  it('lints clean with body, path and nested-input shapes too', async () => {
    const withFixtures = buildOpenApiDocument([...capabilities, ...fixtures], { serverUrl: SERVER }) as Doc;
    assert.deepEqual(await lint(withFixtures), []);
    assert.deepEqual(checkGptActionsLimits(withFixtures).errors, []);
    const patch = withFixtures.paths['/api/things/{thingId}'].patch;
    assert.equal(patch['x-openai-isConsequential'], true);
    assert.deepEqual(
      patch.parameters.map((p: Doc) => [p.name, p.in]),
      [['thingId', 'path']],
    );
    assert.deepEqual(Object.keys(patch.requestBody.content['application/json'].schema.properties), [
      'labels',
      'confirmationToken',
    ]);
    assert.ok(patch.responses['413'], 'body routes declare 413');
    const list = withFixtures.paths['/api/things'].get;
    const kinds = list.parameters.find((p: Doc) => p.name === 'kinds');
    assert.deepEqual([kinds.in, kinds.style, kinds.explode], ['query', 'form', true]);
  });

  it('meets every GPT Actions limit', () => {
    const report = checkGptActionsLimits(doc);
    assert.deepEqual(report.errors, []);
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.servers[0].url, SERVER);
    assert.deepEqual(doc.security, [{ bearerAuth: [] }]);
    assert.deepEqual(doc.components.securitySchemes.bearerAuth, {
      type: 'http',
      scheme: 'bearer',
      description: doc.components.securitySchemes.bearerAuth.description,
    });
    for (const { path, method, op } of operationsOf(doc)) {
      const where = `${method} ${path}`;
      assert.ok(op.summary.length <= GPT_LIMITS.summaryChars, where);
      assert.ok(op.description.length <= GPT_LIMITS.descriptionChars, where);
      for (const p of op.parameters ?? [])
        assert.ok((p.description ?? '').length <= GPT_LIMITS.parameterDescriptionChars, where);
      assert.ok(op.responses['200'].content['application/json'].schema, where);
      for (const status of ['400', '401', '403', '404', '409', '429', '500', '502', '504']) {
        const name = op.responses[status].$ref.split('/').pop();
        assert.ok(doc.components.responses[name].content['application/problem+json'], `${where} ${status}`);
      }
    }
  });

  it('has each REST capability exactly once, under its name, with isConsequential from its hints', () => {
    const ops = operationsOf(doc);
    const withRoutes = capabilities.filter((c) => c.rest);
    assert.equal(ops.length, withRoutes.length);
    for (const cap of withRoutes) {
      const matching = ops.filter((o) => o.op.operationId === cap.name);
      assert.equal(matching.length, 1, cap.name);
      assert.equal(shapeOf(matching[0]!.path), shapeOf(cap.rest!.path));
      assert.equal(matching[0]!.method, cap.rest!.method);
      assert.equal(matching[0]!.op['x-openai-isConsequential'], !cap.hints.readOnlyHint, cap.name);
    }
    for (const cap of capabilities.filter((c) => !c.rest)) {
      assert.ok(!ops.some((o) => o.op.operationId === cap.name), `${cap.name} is MCP-only`);
    }
  });

  it('bounds paged inputs so an answer fits under 100,000 characters', () => {
    for (const op of restOperations(capabilities)) {
      const pageSize = (op.inputSchema.properties as Doc | undefined)?.pageSize;
      if (pageSize) assert.ok(pageSize.maximum <= 100, `${op.capability.name}: pageSize max ${pageSize.maximum}`);
    }
  });

  it('matches the snapshot (UPDATE_SNAPSHOTS=1 rewrites it)', () => {
    const file = join(repo, 'test/snapshots/openapi.json');
    const text = `${JSON.stringify(doc, null, 2)}\n`;
    if (update) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    // A missing snapshot is a failure, never silently written: a deleted file must not pass.
    assert.ok(existsSync(file), `${file} is missing: run with UPDATE_SNAPSHOTS=1 and review it`);
    assert.equal(
      readFileSync(file, 'utf8'),
      text,
      'the public REST surface changed: review and run with UPDATE_SNAPSHOTS=1',
    );
  });

  it('documents paths that differ only in parameter names as one path', async () => {
    const clash = defineCapability({
      ...(fixtures[0] as Capability),
      name: 'fixture_get',
      hints: READ,
      rest: { method: 'GET', path: '/api/things/{otherId}' },
      input: z.object({ otherId: z.string().describe('The other id.') }),
    }) as unknown as Capability;
    const merged = buildOpenApiDocument([...fixtures, clash], { serverUrl: SERVER }) as Doc;
    assert.deepEqual(
      Object.keys(merged.paths).filter((p) => p.startsWith('/api/things/')),
      ['/api/things/{otherId}'],
    );
    const item = merged.paths['/api/things/{otherId}'];
    assert.deepEqual(Object.keys(item).sort(), ['get', 'patch']);
    assert.equal(item.patch.parameters[0].name, 'otherId');
    assert.equal(item.patch.parameters[0].description, 'The thing.');
    assert.deepEqual(checkGptActionsLimits(merged).errors, []);
    assert.deepEqual(await lint(merged), []);
    // The check itself still catches such a document when it meets one.
    const bad = structuredClone(merged);
    bad.paths['/api/things/{thingId}'] = bad.paths['/api/things/{otherId}'];
    assert.match(checkGptActionsLimits(bad).errors.join('\n'), /differ only in parameter names/);
  });
});

describe('export-openapi', () => {
  const collect = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t) } };
  };

  it('writes the document to a file with the given server and toolsets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cway-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      const { err, io } = collect();
      await exportOpenApiCli(['-o', file, '--server-url', 'https://gpt.acme.test', '--toolsets', 'projects'], io);
      const doc = JSON.parse(readFileSync(file, 'utf8')) as Doc;
      assert.equal(doc.servers[0].url, 'https://gpt.acme.test');
      const names = operationsOf(doc)
        .map((o) => o.op.operationId)
        .sort();
      const expected = capabilities
        .filter((c) => c.rest && c.toolset === 'projects')
        .map((c) => c.name)
        .sort();
      assert.deepEqual(names, expected);
      assert.match(err.join(''), /wrote .*openapi\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints to stdout, and warns past 30 operations or on a non-https server', async () => {
    const many = Array.from({ length: 31 }, (_, i) =>
      defineCapability({
        ...(fixtures[1] as Capability),
        name: `fixture_list_${i}`,
        rest: { method: 'GET', path: `/api/things${i}` },
      }),
    ) as unknown as Capability[];
    const { out, err, io } = collect();
    await exportOpenApiCli(['--server-url', 'http://localhost:8001'], { ...io, capabilities: many });
    const doc = JSON.parse(out.join('')) as Doc;
    assert.equal(operationsOf(doc).length, 31);
    assert.match(err.join(''), /31 operations: a GPT action takes at most 30/);
    assert.match(err.join(''), /not https/);
  });

  it('refuses unknown toolsets and bad URLs', async () => {
    const { io } = collect();
    await assert.rejects(exportOpenApiCli(['--toolsets', 'nope'], io), new RegExp(`known: ${TOOLSETS.join(', ')}`));
    await assert.rejects(exportOpenApiCli(['--server-url', 'not a url'], io), /not a URL/);
  });
});

describe('docs/rest.md', () => {
  it("has the registry's routes table (UPDATE_SNAPSHOTS=1 rewrites it)", () => {
    const file = join(repo, 'docs/rest.md');
    const text = readFileSync(file, 'utf8');
    const expected = withRoutesTable(text, routesTable(capabilities));
    if (update && expected !== text) writeFileSync(file, expected);
    assert.equal(
      update ? readFileSync(file, 'utf8') : text,
      expected,
      'docs/rest.md routes table is stale: run with UPDATE_SNAPSHOTS=1',
    );
  });
});

/**
 * OpenAPI exports per profile: `export-openapi --profile <name>` for every profile stays within a
 * GPT action's 30 operations and the GPT Actions limits, lints clean with Redocly, and the
 * `--openapi-version 3.0` form validates against the OpenAPI 3.0 schema
 * (@seriousme/openapi-schema-validator) and lints clean too. The guide's example GPT fits in one.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintFromString, loadConfig } from '@redocly/openapi-core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { capabilities } from '../src/capabilities/index.js';
import { PROFILE_NAMES, profileCapabilities } from '../src/capabilities/profiles.js';
import { exportOpenApiCli } from '../src/surfaces/rest/export.js';
import { buildOpenApiDocument } from '../src/surfaces/rest/openapi.js';
import { schemaTo30 } from '../src/surfaces/rest/openapi30.js';
import { checkGptActionsLimits, GPT_LIMITS } from '../src/surfaces/rest/gpt-limits.js';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = existsSync(join(root, 'redocly.yaml')) ? root : join(root, '..');
const SERVER = 'https://cway-gpt.acme.test';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cway-openapi-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function lint(doc: Doc): Promise<string[]> {
  const config = await loadConfig({ configPath: join(repo, 'redocly.yaml') });
  const problems = await lintFromString({ source: JSON.stringify(doc, null, 2), absoluteRef: 'openapi.json', config });
  return problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
}

async function validate(doc: Doc): Promise<{ valid: boolean; version: string; errors: unknown }> {
  const v = new Validator();
  const r = await v.validate(structuredClone(doc));
  return { valid: r.valid, version: v.version, errors: r.errors };
}

/** Runs the real CLI entry and reads the file it wrote. */
async function exported(args: string[]): Promise<{ doc: Doc; stderr: string }> {
  const file = join(dir, `${args.join('_').replace(/[^a-z0-9]+/gi, '_')}.json`);
  let stderr = '';
  await exportOpenApiCli(['export-openapi', '-o', file, '--server-url', SERVER, ...args], {
    stdout: () => {},
    stderr: (t) => (stderr += t),
  });
  return { doc: JSON.parse(readFileSync(file, 'utf8')) as Doc, stderr };
}

const operationIds = (doc: Doc): string[] =>
  Object.values(doc.paths as Record<string, Record<string, Doc>>).flatMap((item) =>
    Object.values(item).map((op) => op.operationId as string),
  );

describe('export-openapi --profile', () => {
  for (const name of PROFILE_NAMES.filter((n) => n !== 'everything')) {
    it(`${name}: at most 30 operations, within the GPT Actions limits, lint clean (3.1 and 3.0)`, async () => {
      const { doc, stderr } = await exported(['--profile', name]);
      assert.equal(doc.openapi, '3.1.0');
      const ids = operationIds(doc);
      assert.ok(ids.length <= GPT_LIMITS.operationsPerAction, `${name}: ${ids.length} operations`);
      assert.deepEqual(
        ids.sort(),
        profileCapabilities(name)
          .filter((c) => c.rest)
          .map((c) => c.name)
          .sort(),
      );
      assert.deepEqual(checkGptActionsLimits(doc).errors, []);
      assert.doesNotMatch(stderr, /error:/);
      assert.deepEqual(await lint(doc), []);

      const v30 = (await exported(['--profile', name, '--openapi-version', '3.0'])).doc;
      assert.equal(v30.openapi, '3.0.3');
      assert.deepEqual(operationIds(v30).sort(), [...ids].sort());
      const checked = await validate(v30);
      assert.equal(checked.version, '3.0');
      assert.equal(checked.valid, true, JSON.stringify(checked.errors)?.slice(0, 2000));
      assert.deepEqual(await lint(v30), []);
    });
  }

  it('everything: all operations, valid as 3.0 too, with the 30-operation warning and a hint to use a profile', async () => {
    const { doc, stderr } = await exported(['--profile', 'everything']);
    assert.equal(operationIds(doc).length, capabilities.filter((c) => c.rest).length);
    assert.match(stderr, /warning: \d+ operations: a GPT action takes at most 30; choose fewer with --profile/);
    const { doc: v30, stderr: noProfile } = await exported(['--openapi-version', '3.0']);
    assert.match(noProfile, /hint: --profile NAME exports the operations of one kind of work \(manager, /);
    const checked = await validate(v30);
    assert.equal(checked.valid, true, JSON.stringify(checked.errors)?.slice(0, 2000));
    assert.deepEqual(await lint(v30), []);
  });

  it('the 3.0 validator is not a rubber stamp: a 3.1 document merely relabelled 3.0.3 fails it', async () => {
    const doc = buildOpenApiDocument(profileCapabilities('manager'), { serverUrl: SERVER });
    const relabelled = { ...doc, openapi: '3.0.3' };
    const checked = await validate(relabelled);
    assert.equal(checked.version, '3.0');
    assert.equal(checked.valid, false);
  });

  it("the guide's example GPT (projects, details and status, health, stagnation and velocity, users by e-mail) is one export", async () => {
    const { doc } = await exported(['--profile', 'manager']);
    const ids = operationIds(doc);
    assert.ok(ids.length <= GPT_LIMITS.operationsPerAction);
    for (const need of [
      'list_projects', // list and search (name filter) projects
      'search',
      'get_project', // details and status
      'list_project_health', // monitor project health
      'get_project_health',
      'get_stagnation_alerts', // track stagnation
      'analyze_project_velocity', // and velocity
      'find_user_by_email', // find users by e-mail
    ]) {
      assert.ok(ids.includes(need), `manager export lacks ${need}`);
    }
  });

  it('--read-only keeps only operations that change nothing', async () => {
    const { doc } = await exported(['--profile', 'manager', '--read-only']);
    const ids = operationIds(doc);
    assert.ok(!ids.includes('remind_approvers'));
    assert.ok(ids.includes('get_project'));
    for (const item of Object.values(doc.paths as Record<string, Record<string, Doc>>)) {
      for (const op of Object.values(item)) assert.equal(op['x-openai-isConsequential'], false, op.operationId);
    }
    const approver = operationIds((await exported(['--profile', 'approver', '--read-only'])).doc);
    assert.ok(!approver.includes('approve_artworks') && approver.includes('get_artwork'));
  });

  it('refuses an unknown profile or OpenAPI version, naming the choices', async () => {
    const io = { stdout: () => {}, stderr: () => {} };
    await assert.rejects(exportOpenApiCli(['--profile', 'boss'], io), /unknown profile "boss"; choose from manager/);
    await assert.rejects(exportOpenApiCli(['--openapi-version', '2.0'], io), /choose 3\.1 or 3\.0/);
    await assert.rejects(
      exportOpenApiCli(['--profile', 'search', '--toolsets', 'setup'], io),
      /no REST operations in the chosen profile/,
    );
  });
});

describe('JSON Schema 2020-12 → OpenAPI 3.0 schema', () => {
  it('rewrites nullable types, nullable refs, const and numeric exclusive bounds; drops unknown keywords', () => {
    assert.deepEqual(schemaTo30({ type: ['string', 'null'], description: 'd' }), {
      type: 'string',
      description: 'd',
      nullable: true,
    });
    assert.deepEqual(schemaTo30({ anyOf: [{ $ref: '#/components/schemas/X' }, { type: 'null' }] }), {
      allOf: [{ $ref: '#/components/schemas/X' }],
      nullable: true,
    });
    assert.deepEqual(schemaTo30({ anyOf: [{ type: 'object', properties: { a: { const: 1 } } }, { type: 'null' }] }), {
      type: 'object',
      properties: { a: { enum: [1] } },
      nullable: true,
    });
    assert.deepEqual(schemaTo30({ type: 'number', exclusiveMinimum: 0 }), {
      type: 'number',
      minimum: 0,
      exclusiveMinimum: true,
    });
    assert.deepEqual(
      schemaTo30({ $schema: 'x', type: 'object', propertyNames: { type: 'string' }, additionalProperties: false }),
      { type: 'object', additionalProperties: false },
    );
    assert.deepEqual(schemaTo30({ type: 'array', items: { type: ['integer', 'null'] } }), {
      type: 'array',
      items: { type: 'integer', nullable: true },
    });
  });
});

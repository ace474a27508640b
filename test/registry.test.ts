/**
 * Walks the one registry: every capability is well-formed, has a sample, answers it through the
 * MCP SDK client with output that validates against its own schema, and turns bad arguments into
 * isError results. The public tool surface is snapshotted in test/snapshots/tools.json
 * (regenerate with UPDATE_SNAPSHOTS=1).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { capabilities } from '../src/capabilities/index.js';
import { TOOLSETS } from '../src/capabilities/define.js';
import { startHarness, type Harness } from './support/harness.js';
import { resolveSampleIds, samples, type SampleIds } from './support/samples.js';

let h: Harness;
let ids: SampleIds;
let tools: Tool[];

before(async () => {
  h = await startHarness();
  ids = await resolveSampleIds(h.client, h.tokenOf('admin'));
  tools = (await (await h.mcp()).listTools()).tools;
});
after(async () => {
  await h?.close();
});

const textOf = (r: CallToolResult): string =>
  r.content
    .map((c) => (c.type === 'text' ? c.text : `[${c.type}]`))
    .join('\n')
    .slice(0, 1500);

describe('every capability is well-formed', () => {
  test('names are snake_case and unique; toolsets known', () => {
    const names = capabilities.map((c) => c.name);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    assert.deepEqual(dupes, [], 'duplicate tool names');
    const bad = names.filter((n) => !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(n));
    assert.deepEqual(bad, [], 'names that are not snake_case');
    const unknown = capabilities.filter((c) => !TOOLSETS.includes(c.toolset)).map((c) => c.name);
    assert.deepEqual(unknown, [], 'capabilities in an unknown toolset');
  });

  test('descriptions are at most 300 characters; titles present', () => {
    const long = capabilities
      .filter((c) => c.description.length > 300)
      .map((c) => `${c.name} (${c.description.length})`);
    assert.deepEqual(long, [], 'descriptions over 300 characters');
    const untitled = capabilities.filter((c) => !c.title.trim() || !c.description.trim()).map((c) => c.name);
    assert.deepEqual(untitled, [], 'capabilities without a title or description');
  });

  test('all four hints are explicit booleans', () => {
    const keys = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;
    const bad = capabilities.filter((c) => keys.some((k) => typeof c.hints?.[k] !== 'boolean')).map((c) => c.name);
    assert.deepEqual(bad, [], 'capabilities with a missing or non-boolean hint');
    const contradictory = capabilities
      .filter((c) => c.hints.readOnlyHint && c.hints.destructiveHint)
      .map((c) => c.name);
    assert.deepEqual(contradictory, [], 'read-only and destructive at once');
  });

  test('input and output schemas are zod objects', () => {
    const bad = capabilities
      .filter(
        (c) =>
          typeof c.input?.safeParse !== 'function' ||
          !c.input.shape ||
          typeof c.output?.safeParse !== 'function' ||
          !c.output.shape,
      )
      .map((c) => c.name);
    assert.deepEqual(bad, []);
  });

  test("REST paths' {params} are input keys", () => {
    const bad: string[] = [];
    for (const c of capabilities) {
      for (const [, p] of (c.rest?.path ?? '').matchAll(/\{([^}]+)\}/g))
        if (!(p! in c.input.shape)) bad.push(`${c.name}: {${p}}`);
    }
    assert.deepEqual(bad, [], 'path parameters that are not input fields');
  });

  test('every capability has a sample in test/support/samples.ts', () => {
    const missing = capabilities.filter((c) => !samples[c.name]).map((c) => c.name);
    assert.deepEqual(missing, [], `add samples for: ${missing.join(', ')}`);
  });

  test('every capability is served as a tool', () => {
    assert.deepEqual(tools.map((t) => t.name).sort(), capabilities.map((c) => c.name).sort());
  });
});

describe('the public tool surface', () => {
  test('matches test/snapshots/tools.json (UPDATE_SNAPSHOTS=1 to accept a change)', () => {
    const here = dirname(fileURLToPath(import.meta.url));
    // Compiled tests run from dist/test/; the snapshot lives in the source tree.
    const path = here.endsWith(join('dist', 'test'))
      ? join(here, '..', '..', 'test', 'snapshots', 'tools.json')
      : join(here, 'snapshots', 'tools.json');
    const surface = [...tools]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        toolset: capabilities.find((c) => c.name === t.name)?.toolset,
        annotations: t.annotations,
        inputSchema: t.inputSchema,
        outputSchema: t.outputSchema,
      }));
    const text = `${JSON.stringify(surface, null, 2)}\n`;
    if (process.env.UPDATE_SNAPSHOTS === '1') {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    // A missing snapshot is a failure, never silently written: a deleted file must not pass.
    assert.ok(existsSync(path), `${path} is missing: run with UPDATE_SNAPSHOTS=1 and review it`);
    const saved = readFileSync(path, 'utf8');
    if (saved !== text) {
      const old = JSON.parse(saved) as { name: string }[];
      const changed = surface
        .filter((t) => JSON.stringify(t) !== JSON.stringify(old.find((o) => o.name === t.name)))
        .map((t) => t.name);
      const removed = old.filter((o) => !surface.some((t) => t.name === o.name)).map((o) => o.name);
      assert.fail(
        `tool surface changed: ${[...changed, ...removed.map((r) => `-${r}`)].join(', ')}; review and run with UPDATE_SNAPSHOTS=1`,
      );
    }
  });
});

describe('every tool answers its sample through the MCP SDK client', () => {
  test('structuredContent validates against the output schema', async (t) => {
    for (const cap of capabilities) {
      const sample = samples[cap.name];
      if (!sample) continue; // reported by the sample test above
      await t.test(cap.name, async () => {
        const r = await h.call(cap.name, sample(ids));
        assert.notEqual(r.isError, true, `${cap.name} failed:\n${textOf(r)}`);
        const parsed = cap.output.safeParse(r.structuredContent);
        assert.ok(
          parsed.success,
          `${cap.name}: output does not match its schema: ${parsed.error?.message.slice(0, 1500)}`,
        );
        const text = r.content.find((c) => c.type === 'text');
        const image = r.content.find((c) => c.type === 'image');
        // A picture goes out once, as an image item: the text copy leaves its markup and base64 out.
        const expected = image
          ? Object.fromEntries(Object.entries(r.structuredContent!).filter(([k]) => k !== 'png' && k !== 'svg'))
          : r.structuredContent;
        assert.deepEqual(JSON.parse((text as { text: string }).text), expected, 'text content is the same JSON');
      });
    }
  });
});

/** A value of the wrong JSON type for a property schema. */
function wrongValue(schema: Record<string, unknown>): unknown {
  const types = ([] as unknown[]).concat(schema.type ?? []);
  if (types.includes('string')) return 12345;
  if (types.includes('array')) return 'not-an-array';
  if (types.includes('object')) return 'not-an-object';
  if (types.includes('number') || types.includes('integer')) return 'not-a-number';
  if (types.includes('boolean')) return 'not-a-boolean';
  return { unexpected: true };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A deep copy with every UUID (also inside prefixed ids like "project:<uuid>") replaced by a fresh one. */
function withUnknownIds(value: unknown): { value: unknown; replaced: number } {
  let replaced = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = /^([a-z]+:)?([0-9a-f-]{36})$/i.exec(v);
      if (m && UUID.test(m[2]!)) {
        replaced++;
        return `${m[1] ?? ''}${randomUUID()}`;
      }
      return v;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return { value: walk(value), replaced };
}

describe('bad arguments give isError results, never a crash or a hang', () => {
  const expectError = async (name: string, args: Record<string, unknown>, what: string) => {
    const r = await h.call(name, args);
    assert.equal(r.isError, true, `${name} with ${what} did not fail:\n${textOf(r)}`);
    assert.ok(textOf(r).length > 0, 'the error says something');
  };
  const schemaOf = (name: string) =>
    tools.find((t) => t.name === name)!.inputSchema as {
      properties?: Record<string, Record<string, unknown>>;
      required?: string[];
    };

  test('wrong types and missing required fields', async (t) => {
    for (const cap of capabilities) {
      const schema = schemaOf(cap.name);
      const props = Object.entries(schema.properties ?? {});
      if (props.length === 0) continue;
      await t.test(cap.name, async () => {
        const base = samples[cap.name]?.(ids) ?? {};
        for (const [key, prop] of props)
          await expectError(cap.name, { ...base, [key]: wrongValue(prop) }, `a wrong type for ${key}`);
        if (schema.required?.length) {
          const r = await h.call(cap.name, {});
          assert.equal(r.isError, true, `${cap.name} without its required fields did not fail`);
          assert.match(
            textOf(r),
            new RegExp(schema.required.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')),
            'the error names a missing field',
          );
        }
      });
    }
  });

  test('a 100,000-character string', async (t) => {
    const huge = 'x'.repeat(100_000);
    for (const cap of capabilities) {
      const strings = Object.entries(schemaOf(cap.name).properties ?? {}).filter(([, p]) =>
        ([] as unknown[]).concat(p.type ?? []).includes('string'),
      );
      if (strings.length === 0) continue;
      await t.test(cap.name, async () => {
        const base = samples[cap.name]?.(ids) ?? {};
        for (const [key] of strings)
          await expectError(cap.name, { ...base, [key]: huge }, `100,000 characters in ${key}`);
      });
    }
  });

  test('unknown ids', async (t) => {
    for (const cap of capabilities) {
      const sample = samples[cap.name];
      if (!sample) continue;
      const { value, replaced } = withUnknownIds(sample(ids));
      if (replaced === 0) continue;
      await t.test(cap.name, async () => {
        await expectError(cap.name, value as Record<string, unknown>, 'unknown ids');
      });
    }
  });

  test('the server still answers afterwards', async () => {
    const c = await h.mcp();
    await c.ping();
    const r = await h.call('list_projects', { pageSize: 1 });
    assert.notEqual(r.isError, true);
  });
});

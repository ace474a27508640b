/**
 * MCP citizenship of the server built from the registry, through the SDK client against the
 * sandbox: instructions, validation errors, result size cap, progress, elicitation, resources,
 * completion, prompts, toolsets and read-only mode.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ResourceNotFoundError, type CallToolResult } from '@modelcontextprotocol/client';
import { capabilities } from '../src/capabilities/index.js';
import { TOOLSETS } from '../src/capabilities/define.js';
import { fitResult } from '../src/capabilities/fit.js';
import { jsonSchemaOf } from '../src/capabilities/json-schema.js';
import { publishedOutput } from '../src/capabilities/run.js';
import { CORE_INSTRUCTIONS } from '../src/surfaces/mcp/instructions.js';
import { DEFAULT_TOOLSETS, selectCapabilities } from '../src/capabilities/select.js';
import type { McpDeps } from '../src/surfaces/mcp/server.js';
import { silentLog, startHarness, type Harness } from './support/harness.js';
import { connectInMemory } from './support/mcp-clients.js';
import { resolveSampleIds, type SampleIds } from './support/samples.js';

let h: Harness;
let ids: SampleIds;
let deps: McpDeps;

before(async () => {
  h = await startHarness();
  ids = await resolveSampleIds(h.client, h.tokenOf('admin'));
  deps = { capabilities, client: h.client, services: h.services, log: silentLog, token: h.tokenOf('admin') };
});
after(async () => {
  await h?.close();
});

const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');

describe('tools', () => {
  test('the instructions open with a self-contained paragraph of at most 512 characters', async () => {
    const c = await h.mcp();
    const instructions = c.getInstructions() ?? '';
    assert.ok(CORE_INSTRUCTIONS.length <= 512, `${CORE_INSTRUCTIONS.length} characters`);
    assert.ok(instructions.startsWith(CORE_INSTRUCTIONS));
    for (const word of ['Cway', 'UUID', 'nextPage', 'confirmation'])
      assert.ok(instructions.slice(0, 512).includes(word), word);
  });

  test("tools/list carries the one converter's schemas: no $schema, no ±2^53 integer bounds", async () => {
    const s = await connectInMemory(deps);
    try {
      const { tools } = await s.client.listTools();
      assert.equal(tools.length, capabilities.length);
      const text = JSON.stringify(tools);
      assert.ok(!text.includes('"$schema"'), 'no $schema lines');
      assert.ok(!text.includes(String(Number.MAX_SAFE_INTEGER)), 'no upper integer noise');
      assert.ok(!text.includes(String(Number.MIN_SAFE_INTEGER)), 'no lower integer noise');
      for (const tool of tools) {
        const cap = capabilities.find((c) => c.name === tool.name)!;
        // The same objects the OpenAPI document is built from (src/surfaces/rest/routes.ts).
        assert.deepEqual(tool.inputSchema, jsonSchemaOf(cap.input, 'input'), tool.name);
        assert.deepEqual(tool.outputSchema, jsonSchemaOf(publishedOutput(cap).schema, 'output'), tool.name);
        assert.deepEqual(tool.annotations, { title: cap.title, ...cap.hints }, tool.name);
      }
    } finally {
      await s.close();
    }
  });

  test('invalid arguments come back as isError naming the field; unknown tools too', async () => {
    const bad = await h.call('list_projects', { pageSize: 'many' });
    assert.equal(bad.isError, true);
    assert.match(text(bad), /pageSize/);
    const tooBig = await h.call('list_projects', { pageSize: 1000 });
    assert.equal(tooBig.isError, true);
    assert.match(text(tooBig), /pageSize/);
    const unknown = await h.call('no_such_tool', {});
    assert.equal(unknown.isError, true);
    assert.match(text(unknown), /no_such_tool/);
  });

  test('a result over the size cap is cut, with a truncated note, and still validates', async () => {
    const small = await connectInMemory({ ...deps, maxResultChars: 3_000 });
    try {
      const r = (await small.client.callTool({ name: 'list_projects', arguments: { pageSize: 25 } })) as CallToolResult;
      assert.notEqual(r.isError, true, text(r));
      const data = r.structuredContent as { projects: unknown[]; truncated?: string; totalHits: number };
      const m = /projects: (\d+) of (\d+) items/.exec(data.truncated ?? '');
      assert.ok(m, `a truncation note: ${data.truncated}`);
      assert.equal(Number(m[1]), data.projects.length);
      assert.ok(
        data.projects.length > 0 && data.projects.length < Number(m[2]),
        `${data.projects.length} of ${m[2]} projects kept`,
      );
      assert.ok(JSON.stringify(data).length <= 3_000);
      assert.deepEqual(JSON.parse(text(r)), data);
      const cap = capabilities.find((c) => c.name === 'list_projects')!;
      assert.ok(cap.output.safeParse(data).success);
    } finally {
      await small.close();
    }
    const untouched = { a: [1, 2, 3] };
    assert.equal(fitResult(untouched, 100).value, untouched, 'small results are passed through as they are');
    const long = fitResult({ note: 'y'.repeat(50_000) }, 10_000);
    assert.ok(JSON.stringify(long.value).length <= 10_000 && long.note);
  });

  test('progress notifications reach a client that asked for them', async () => {
    const c = await h.mcp();
    const seen: { progress: number; total?: number }[] = [];
    const r = (await c.callTool(
      { name: 'find_user_by_email', arguments: { email: `nobody-${randomUUID()}@example.com`, maxPages: 2 } },
      {
        onprogress: (p: { progress: number; total?: number; message?: string }) => seen.push(p),
      },
    )) as CallToolResult;
    assert.equal(r.isError, true, 'no such user');
    assert.ok(seen.length >= 1, 'at least one progress notification');
    assert.ok(
      seen.every((p, i) => i === 0 || p.progress > seen[i - 1]!.progress),
      'progress increases',
    );
  });

  test('with elicitation, a destructive tool asks the user in a form (decline changes nothing; accept runs)', async () => {
    const asked: string[] = [];
    const connect = (answer: 'accept' | 'decline') =>
      connectInMemory(deps, { capabilities: { elicitation: {} } }).then((s) => {
        s.client.setRequestHandler('elicitation/create', async (req) => {
          asked.push(req.params.message);
          return answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
        });
        return s;
      });
    const declining = await connect('decline');
    try {
      const r = (await declining.client.callTool({
        name: 'delete_projects',
        arguments: { projectIds: [ids.more.deliveredProjectId], force: true },
      })) as CallToolResult;
      assert.equal(r.isError, true);
      assert.match(text(r), /forbidden/);
      assert.equal(asked.length, 1);
      const still = await h.call('get_project', { id: ids.more.deliveredProjectId });
      assert.notEqual(still.isError, true, 'the project was not deleted');
    } finally {
      await declining.close();
    }
    const accepting = await connect('accept');
    try {
      const r = (await accepting.client.callTool({
        name: 'remove_shares',
        arguments: { shareIds: [ids.more.shareId] },
      })) as CallToolResult;
      assert.notEqual(r.isError, true, text(r));
      assert.equal((r.structuredContent as { status: string }).status, 'done');
      assert.equal(asked.length, 2);
    } finally {
      await accepting.close();
    }
  });
});

describe('resources, completion, prompts', () => {
  test('resources read through the capabilities as JSON', async () => {
    const c = await h.mcp();
    const templates = (await c.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate).sort();
    assert.deepEqual(templates, ['cway://artworks/{id}', 'cway://projects/{id}', 'cway://users/{username}']);
    const listed = (await c.listResources()).resources.map((r) => r.uri);
    assert.ok(listed.includes('cway://me'));
    assert.ok(listed.some((u) => u.startsWith('cway://projects/')));
    const read = async (uri: string) => {
      const r = await c.readResource({ uri });
      assert.equal(r.contents[0]!.mimeType, 'application/json');
      return JSON.parse((r.contents[0] as { text: string }).text) as Record<string, unknown>;
    };
    assert.match(JSON.stringify(await read('cway://me')), new RegExp(ids.username.replace(/\./g, '\\.')));
    assert.equal((await read(`cway://projects/${ids.projectId}`)).id, ids.projectId);
    assert.match(
      JSON.stringify(await read(`cway://users/${encodeURIComponent(ids.username)}`)),
      new RegExp(ids.email.replace(/\./g, '\\.')),
    );
    assert.match(JSON.stringify(await read(`cway://artworks/${ids.artworkId}`)), new RegExp(ids.artworkId));
    await assert.rejects(
      () => c.readResource({ uri: `cway://projects/${randomUUID()}` }),
      // -32602 on every revision since the 2026-07-28 spec (-32002 before): the SDK's own class says which.
      (err: unknown) => err instanceof ResourceNotFoundError,
    );
  });

  test('project ids and usernames complete by prefix', async () => {
    const c = await h.mcp();
    const ids1 = await c.complete({
      ref: { type: 'ref/resource', uri: 'cway://projects/{id}' },
      argument: { name: 'id', value: ids.projectId.slice(0, 2) },
    });
    assert.ok(ids1.completion.values.includes(ids.projectId));
    assert.ok(ids1.completion.values.every((v) => v.startsWith(ids.projectId.slice(0, 2))));
    const prefix = ids.username.slice(0, 3);
    const users = await c.complete({
      ref: { type: 'ref/resource', uri: 'cway://users/{username}' },
      argument: { name: 'username', value: prefix },
    });
    assert.ok(users.completion.values.includes(ids.username));
    assert.ok(users.completion.values.every((v) => v.toLowerCase().startsWith(prefix.toLowerCase())));
  });

  test('prompts are listed and filled in', async () => {
    const c = await h.mcp();
    const names = (await c.listPrompts()).prompts.map((p) => p.name).sort();
    assert.deepEqual(names, ['find_stalled_projects', 'waiting_for_my_approval', 'weekly_status_report']);
    const p = await c.getPrompt({ name: 'find_stalled_projects', arguments: { days: '30' } });
    assert.match((p.messages[0]!.content as { text: string }).text, /30 days/);
  });
});

describe('toolsets and read-only mode are filters over the registry', () => {
  test('read-only mode serves exactly the capabilities whose own hint says read-only', async () => {
    const ro = selectCapabilities(capabilities, { toolsets: TOOLSETS, readOnly: true });
    const s = await connectInMemory({ ...deps, capabilities: ro, readOnly: true });
    try {
      const tools = (await s.client.listTools()).tools;
      assert.deepEqual(
        tools.map((t) => t.name).sort(),
        capabilities
          .filter((c) => c.hints.readOnlyHint)
          .map((c) => c.name)
          .sort(),
      );
      assert.ok(tools.every((t) => t.annotations?.readOnlyHint === true));
      const write = (await s.client.callTool({
        name: 'delete_projects',
        arguments: { projectIds: [ids.projectId] },
      })) as CallToolResult;
      assert.equal(write.isError, true);
      assert.match(s.client.getInstructions() ?? '', /read-only/);
    } finally {
      await s.close();
    }
  });

  test('the default toolsets serve fewer bytes than all of them', async () => {
    const def = selectCapabilities(capabilities, { toolsets: DEFAULT_TOOLSETS, readOnly: false });
    assert.ok(def.every((c) => DEFAULT_TOOLSETS.includes(c.toolset)));
    const small = await measureToolsList({ ...deps, capabilities: def });
    const all = await measureToolsList(deps);
    assert.equal(all.tools, capabilities.length);
    assert.equal(small.tools, def.length);
    assert.ok(small.bytes < all.bytes && small.modelBytes < small.bytes);
  });
});

/** What a client receives from tools/list: the count and the JSON bytes, with and without output schemas. */
async function measureToolsList(d: McpDeps): Promise<{ tools: number; bytes: number; modelBytes: number }> {
  const s = await connectInMemory(d);
  try {
    const { tools } = await s.client.listTools();
    const withoutOutput = tools.map(({ outputSchema: _, ...rest }) => rest);
    return {
      tools: tools.length,
      bytes: Buffer.byteLength(JSON.stringify({ tools })),
      modelBytes: Buffer.byteLength(JSON.stringify({ tools: withoutOutput })),
    };
  } finally {
    await s.close();
  }
}

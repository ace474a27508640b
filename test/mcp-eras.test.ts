/**
 * Both protocol eras against the real server (demo mode, embedded sandbox), through real clients:
 * the v2 SDK client in its default (2025 `initialize`), `auto` and `{ pin: '2026-07-28' }` modes,
 * the 1.32 SDK client over Streamable HTTP and legacy SSE, and a raw replay of ChatGPT's observed
 * opening. Each lists tools, calls list_projects, and runs a destructive tool through its
 * confirmation: in a form where the client can show one, with a signed token where it cannot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  Client as ClientV2,
  SSEClientTransport as SseV2,
  StreamableHTTPClientTransport as StreamableV2,
} from '@modelcontextprotocol/client';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport as SseV1 } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport as StreamableV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { startTestServer, type TestServer } from './support/mcp-clients.js';

let server: TestServer;
/**
 * In-progress projects for the destructive calls. Tests run one after another; a test that closes
 * a project reopens it (reopen_projects) so the next test finds it in progress again.
 */
let spare: string[] = [];
const pick = () => spare[0]!;

interface Listed {
  projects: { id: string; state: string }[];
}
interface Closed {
  status: 'done' | 'confirmation_required';
  confirmation?: { token: string; targets: string[] };
}

before(async () => {
  // Every toolset at /mcp, so the same URL reaches reads and a confirmed write (close_projects).
  server = await startTestServer(['--toolsets', 'all']);
  const c = new ClientV2({ name: 'setup', version: '1' });
  await c.connect(new StreamableV2(new URL(`${server.url}/mcp`)));
  const r = await c.callTool({ name: 'list_projects', arguments: { pageSize: 100, states: ['IN_PROGRESS'] } });
  spare = (r.structuredContent as unknown as Listed).projects.map((p) => p.id);
  await c.close();
  assert.ok(spare.length >= 3, `${spare.length} in-progress projects to close`);
});
after(() => server.close());

/** Any client shape: what these tests need of it. */
interface AnyClient {
  listTools(): Promise<{ tools: { name: string }[] }>;
  callTool(p: { name: string; arguments: Record<string, unknown> }): Promise<unknown>;
  close(): Promise<void>;
}

async function listAndCall(client: AnyClient): Promise<void> {
  const { tools } = await client.listTools();
  assert.ok(tools.some((t) => t.name === 'list_projects'));
  const r = (await client.callTool({ name: 'list_projects', arguments: { pageSize: 2 } })) as {
    isError?: boolean;
    structuredContent?: Listed;
  };
  assert.ok(!r.isError);
  assert.equal(r.structuredContent!.projects.length, 2);
}

async function closeOne(client: AnyClient, extra: Record<string, unknown> = {}, id = pick()) {
  const r = (await client.callTool({
    name: 'close_projects',
    arguments: { projectIds: [id], force: true, ...extra },
  })) as {
    isError?: boolean;
    structuredContent?: Closed;
    content: { type: string; text?: string }[];
  };
  if (r.structuredContent?.status === 'done') {
    const back = (await client.callTool({ name: 'reopen_projects', arguments: { projectIds: [id] } })) as {
      isError?: boolean;
    };
    assert.ok(!back.isError, 'reopened for the next test');
  }
  return { r, id };
}

/** Without a form: the first call changes nothing and returns a token; the second, with it, closes. */
async function confirmByToken(client: AnyClient): Promise<void> {
  const first = await closeOne(client);
  assert.ok(!first.r.isError, JSON.stringify(first.r.content));
  assert.equal(first.r.structuredContent!.status, 'confirmation_required');
  const token = first.r.structuredContent!.confirmation!.token;
  const second = await closeOne(client, { confirmationToken: token }, first.id);
  assert.equal(second.r.structuredContent!.status, 'done');
  const again = await closeOne(client, { confirmationToken: token }, first.id);
  assert.equal(again.r.isError, true, 'a token is single-use');
}

describe('v2 SDK client (@modelcontextprotocol/client)', () => {
  const modes = {
    default: {},
    auto: { versionNegotiation: { mode: 'auto' as const } },
    'pin 2026-07-28': { versionNegotiation: { mode: { pin: '2026-07-28' as const } } },
  };
  for (const [label, opts] of Object.entries(modes)) {
    test(`${label}: lists, calls, and confirms in a form (accept runs, decline changes nothing)`, async () => {
      const asked: string[] = [];
      let answer: 'accept' | 'decline' = 'accept';
      const client = new ClientV2(
        { name: `v2-${label}`, version: '1' },
        { ...opts, capabilities: { elicitation: { form: {} } } },
      );
      client.setRequestHandler('elicitation/create', async (req) => {
        asked.push((req.params as { message: string }).message);
        return answer === 'accept' ? { action: 'accept', content: { confirm: true } } : { action: 'decline' };
      });
      await client.connect(new StreamableV2(new URL(`${server.url}/mcp`)));
      assert.equal(client.getProtocolEra(), label === 'default' ? 'legacy' : 'modern');
      await listAndCall(client);
      const ok = await closeOne(client);
      assert.equal(ok.r.structuredContent?.status, 'done', JSON.stringify(ok.r.content));
      assert.equal(asked.length, 1, 'asked once');
      answer = 'decline';
      const no = await closeOne(client);
      assert.equal(no.r.isError, true);
      assert.match(no.r.content[0]!.text!, /did not confirm/);
      assert.equal(asked.length, 2);
      await client.close();
    });

    test(`${label}: without form support the confirmation is a signed single-use token`, async () => {
      const client = new ClientV2({ name: `v2-${label}-plain`, version: '1' }, opts);
      await client.connect(new StreamableV2(new URL(`${server.url}/mcp`)));
      await confirmByToken(client);
      await client.close();
    });
  }

  test('over legacy SSE', async () => {
    const client = new ClientV2({ name: 'v2-sse', version: '1' });
    await client.connect(new SseV2(new URL(`${server.url}/sse`)));
    await listAndCall(client);
    await confirmByToken(client);
    await client.close();
  });
});

describe('1.32 SDK client (@modelcontextprotocol/sdk)', () => {
  test('Streamable HTTP: lists, calls, confirms by token', async () => {
    const client = new ClientV1({ name: 'v1-http', version: '1' });
    await client.connect(new StreamableV1(new URL(`${server.url}/mcp`)));
    await listAndCall(client);
    await confirmByToken(client);
    await client.close();
  });

  test("legacy SSE (the guide's URL): lists, calls, confirms in a form", async () => {
    let asked = 0;
    const client = new ClientV1({ name: 'v1-sse', version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => {
      asked++;
      return { action: 'accept', content: { confirm: true } };
    });
    await client.connect(new SseV1(new URL(`${server.url}/sse`)));
    await listAndCall(client);
    const ok = await closeOne(client);
    assert.equal(ok.r.structuredContent?.status, 'done');
    assert.equal(asked, 1);
    await client.close();
  });
});

describe("ChatGPT's observed opening, replayed over raw HTTP", () => {
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      body: JSON.stringify(body),
    });
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'openai-mcp', version: '1.0.0' },
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  async function json(res: Response): Promise<{ result?: Record<string, unknown>; error?: unknown }> {
    const text = await res.text();
    if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      const data = text
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6));
      return JSON.parse(data.at(-1)!) as never;
    }
    return JSON.parse(text) as never;
  }

  test('server/discover with the 2026-07-28 envelope is answered (with or without the version header)', async () => {
    const variants: Record<string, string>[] = [
      {},
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' },
    ];
    for (const headers of variants) {
      const res = await post(
        { jsonrpc: '2.0', id: 'openai-mcp-discover', method: 'server/discover', params: { _meta: envelope } },
        headers,
      );
      assert.equal(res.status, 200);
      const body = await json(res);
      assert.deepEqual((body.result as { supportedVersions: string[] }).supportedVersions.includes('2026-07-28'), true);
      assert.equal(res.headers.get('mcp-session-id'), null, 'stateless: no session');
    }
  });

  test('then stateless 2026-07-28 calls: tools/list and tools/call', async () => {
    const list = await json(await post({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: { _meta: envelope } }));
    assert.ok((list.result!.tools as { name: string }[]).some((t) => t.name === 'list_projects'));
    const call = await json(
      await post({
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: { name: 'list_projects', arguments: { pageSize: 1 }, _meta: envelope },
      }),
    );
    assert.equal((call.result!.structuredContent as Listed).projects.length, 1);
  });

  test('the 2025 fallback: initialize, then calls that never send the session id', async () => {
    const init = await post({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'openai-mcp', version: '1.0.0' } },
    });
    assert.equal(init.status, 200);
    assert.equal(((await json(init)).result as { protocolVersion: string }).protocolVersion, '2025-11-25');
    const headers = { 'mcp-protocol-version': '2025-11-25' };
    const list = await json(await post({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }, headers));
    assert.ok((list.result!.tools as unknown[]).length > 0);
    const call = await json(
      await post(
        { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_projects', arguments: { pageSize: 1 } } },
        headers,
      ),
    );
    assert.equal((call.result!.structuredContent as Listed).projects.length, 1);
    // A destructive call in this mode cannot show a form: it gets a token, and nothing changes yet.
    const id = pick();
    const first = await json(
      await post(
        {
          jsonrpc: '2.0',
          id: 4,
          method: 'tools/call',
          params: { name: 'close_projects', arguments: { projectIds: [id], force: true } },
        },
        headers,
      ),
    );
    const closed = first.result!.structuredContent as Closed;
    assert.equal(closed.status, 'confirmation_required');
    const second = await json(
      await post(
        {
          jsonrpc: '2.0',
          id: 5,
          method: 'tools/call',
          params: {
            name: 'close_projects',
            arguments: { projectIds: [id], force: true, confirmationToken: closed.confirmation!.token },
          },
        },
        headers,
      ),
    );
    assert.equal((second.result!.structuredContent as Closed).status, 'done');
    await post(
      {
        jsonrpc: '2.0',
        id: 6,
        method: 'tools/call',
        params: { name: 'reopen_projects', arguments: { projectIds: [id] } },
      },
      headers,
    );
  });

  test('a forged or replayed confirmation state is refused, and a form answer without one is ignored', async () => {
    const id = pick();
    const call = (extra: Record<string, unknown>) =>
      post({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: {
          name: 'close_projects',
          arguments: { projectIds: [id], force: true },
          _meta: { ...envelope, 'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } } },
          ...extra,
        },
      });
    // First round: input_required with a signed state.
    const first = await json(await call({}));
    assert.equal(first.result!.resultType, 'input_required');
    const state = first.result!.requestState as string;
    assert.ok(state);
    // An accepted answer without the state is not a confirmation: the question comes back.
    const noState = await json(
      await call({ inputResponses: { confirm: { action: 'accept', content: { confirm: true } } } }),
    );
    assert.equal(noState.result!.resultType, 'input_required');
    // A tampered state is refused by the SDK's verify hook.
    const tampered = await json(
      await call({
        requestState: `${state.slice(0, -2)}xx`,
        inputResponses: { confirm: { action: 'accept', content: { confirm: true } } },
      }),
    );
    assert.ok(tampered.error, 'tampered state refused');
    // The real state with an accepted answer runs the action.
    const done = await json(
      await call({
        requestState: state,
        inputResponses: { confirm: { action: 'accept', content: { confirm: true } } },
      }),
    );
    assert.equal((done.result!.structuredContent as Closed).status, 'done');
    await post({
      jsonrpc: '2.0',
      id: 10,
      method: 'tools/call',
      params: { name: 'reopen_projects', arguments: { projectIds: [id] }, _meta: envelope },
    });
  });
});

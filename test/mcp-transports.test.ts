/**
 * The real server (demo mode: embedded sandbox) over every MCP transport, each driven by three
 * clients: the official SDK client, the MCP Inspector CLI, and an independent JSON-RPC client
 * (test/support/mcp-clients.ts). Plus the HTTP details of the spec: 202 for notifications, Accept
 * handling, DELETE, Origin checks, bearer tokens, /health, and sessions that do not leak.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  childEnv,
  inspectorCli,
  INIT_PARAMS,
  mainCommand,
  RawSseClient,
  RawStdioClient,
  RawStreamableClient,
  startTestServer,
  type TestServer,
} from './support/mcp-clients.js';

let server: TestServer;

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server?.close();
});

/** GET with a chosen Host header (fetch does not let one set it). */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { host } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls until `check` holds (the server notices closed streams asynchronously). */
async function eventually(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function assertProjectsPage(result: CallToolResult, max: number): void {
  assert.equal(result.isError, undefined, JSON.stringify(result.content));
  const data = result.structuredContent as { projects: { id: string; name: string }[]; nextPage: number | null };
  assert.ok(data.projects.length > 0 && data.projects.length <= max, `got ${data.projects.length} projects`);
  assert.match(data.projects[0]!.id, /^[0-9a-f-]{36}$/);
  const text = result.content.find((c) => c.type === 'text');
  assert.deepEqual(JSON.parse((text as { text: string }).text), data, 'the text content is the same JSON');
}

async function withSdkClient(transport: Transport, fn: (c: Client) => Promise<void>): Promise<void> {
  const client = new Client({ name: 'sdk-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    await fn(client);
  } finally {
    await client.close();
  }
}

async function sdkListAndCall(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  assert.ok(tools.some((t) => t.name === 'list_projects'));
  assert.ok(client.getInstructions()?.startsWith('Cway is'), 'instructions are sent');
  assertProjectsPage(
    (await client.callTool({ name: 'list_projects', arguments: { pageSize: 2 } })) as CallToolResult,
    2,
  );
}

function inspectorJson(r: { code: number | null; stdout: string; stderr: string }): Record<string, unknown> {
  assert.equal(r.code, 0, `inspector failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

async function inspectorListAndCall(target: string[], env?: Record<string, string>): Promise<void> {
  const listed = inspectorJson(await inspectorCli([...target, '--method', 'tools/list'], env));
  assert.ok((listed.tools as { name: string }[]).some((t) => t.name === 'list_projects'));
  const called = inspectorJson(
    await inspectorCli(
      [...target, '--method', 'tools/call', '--tool-name', 'list_projects', '--tool-arg', 'pageSize=3'],
      env,
    ),
  );
  assertProjectsPage(called as unknown as CallToolResult, 3);
}

async function rawListAndCall(c: {
  request(m: string, p?: unknown): Promise<{ result?: Record<string, unknown> }>;
}): Promise<void> {
  const listed = await c.request('tools/list');
  assert.ok((listed.result!.tools as { name: string }[]).some((t) => t.name === 'list_projects'));
  const called = await c.request('tools/call', { name: 'list_projects', arguments: { pageSize: 2 } });
  assertProjectsPage(called.result as unknown as CallToolResult, 2);
}

describe('Streamable HTTP at /mcp', () => {
  test('official SDK client', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`));
    await withSdkClient(transport, async (c) => {
      await sdkListAndCall(c);
      await transport.terminateSession();
    });
  });

  test('MCP Inspector CLI', async () => {
    await inspectorListAndCall([`${server.url}/mcp`, '--transport', 'http']);
  });

  test('independent JSON-RPC client; 202 for notifications; DELETE ends the session', async () => {
    const c = new RawStreamableClient(`${server.url}/mcp`);
    const init = await c.initialize(); // asserts 202 for notifications/initialized
    assert.equal((init.result!.serverInfo as { name: string }).name, 'cway-mcp');
    assert.match(c.sessionId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(await c.notify('notifications/cancelled', { requestId: 999, reason: 'test' }), 202);
    await rawListAndCall(c);
    const open = server.sessions().streamable;
    assert.equal(await c.close(), 200);
    assert.equal(server.sessions().streamable, open - 1, 'DELETE removed the session');
    const after = await c.post({ jsonrpc: '2.0', id: 99, method: 'tools/list', params: {} });
    assert.equal(after.status, 404, 'the ended session is gone');
  });

  test('Accept, Content-Type and session errors follow the spec', async () => {
    const url = `${server.url}/mcp`;
    const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT_PARAMS });
    const jsonOnly = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: init,
    });
    assert.equal(jsonOnly.status, 406, 'a POST must accept both application/json and text/event-stream');
    const wrongType = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', accept: 'application/json, text/event-stream' },
      body: init,
    });
    assert.equal(wrongType.status, 415);
    const noSession = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    // A 2025 request without a session id is served statelessly (ChatGPT calls this way), not refused.
    assert.equal(noSession.status, 200);
    assert.match(await noSession.text(), /list_projects/);
    const unknown = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': crypto.randomUUID(),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
    });
    assert.equal(unknown.status, 404);
    const badJson = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{',
    });
    assert.equal(badJson.status, 400);
    assert.equal(((await badJson.json()) as { error: { code: number } }).error.code, -32700);

    const c = new RawStreamableClient(url);
    await c.initialize();
    const getJson = await fetch(url, {
      headers: {
        accept: 'application/json',
        'mcp-session-id': c.sessionId!,
        'mcp-protocol-version': c.protocolVersion,
      },
    });
    assert.equal(getJson.status, 406, 'the GET stream needs Accept: text/event-stream');
    await getJson.arrayBuffer();
    for (const r of [jsonOnly, wrongType, unknown]) await r.arrayBuffer();
    await c.close();
  });
});

describe('legacy SSE at /sse', () => {
  test('official SDK client', async () => {
    await withSdkClient(new SSEClientTransport(new URL(`${server.url}/sse`)), sdkListAndCall);
  });

  test('MCP Inspector CLI', async () => {
    await inspectorListAndCall([`${server.url}/sse`, '--transport', 'sse']);
  });

  test('independent client: the first event is `endpoint`; answers arrive on the stream', async () => {
    const c = new RawSseClient(`${server.url}/sse`);
    await c.connect();
    try {
      assert.match(c.endpoint!, /\/messages\?sessionId=[0-9a-f-]{36}$/);
      const init = await c.initialize();
      assert.equal((init.result!.serverInfo as { name: string }).name, 'cway-mcp');
      await rawListAndCall(c);
    } finally {
      c.close();
    }
  });
});

describe('stdio', () => {
  const { command, args } = mainCommand();
  const stdioArgs = [...args, '--mode', 'stdio'];

  test('official SDK client', async () => {
    const env = childEnv(server.stateDir);
    await withSdkClient(new StdioClientTransport({ command, args: stdioArgs, env, stderr: 'pipe' }), sdkListAndCall);
  });

  test('MCP Inspector CLI', async () => {
    const env = childEnv(server.stateDir);
    const e = Object.entries(env)
      .filter(([k]) => ['LOG_DIR', 'LOG_LEVEL', 'CWAY_STATE_DIR'].includes(k))
      .flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    await inspectorListAndCall([...e, command, ...stdioArgs]);
  });

  test('independent client; nothing but JSON-RPC on stdout; exits when stdin ends', async () => {
    const c = new RawStdioClient(command, stdioArgs, childEnv(server.stateDir));
    const init = await c.initialize();
    assert.equal((init.result!.serverInfo as { name: string }).name, 'cway-mcp');
    await rawListAndCall(c);
    assert.equal(await c.close(), 0, `exit code (stderr: ${c.stderr.slice(-1000)})`);
    assert.deepEqual(c.strayLines, [], 'stdout carries only protocol messages');
    assert.match(c.stderr, /DEMO MODE/, 'the demo banner goes to stderr');
  });
});

describe('HTTP surface', () => {
  test('a foreign Origin gets 403 on every route; loopback origins pass', async () => {
    for (const path of ['/mcp', '/sse', '/health', '/api/projects']) {
      const r = await fetch(`${server.url}${path}`, { headers: { origin: 'https://evil.example.com' } });
      assert.equal(r.status, 403, path);
      await r.arrayBuffer();
    }
    const ok = await fetch(`${server.url}/health`, { headers: { origin: 'http://localhost:6274' } });
    assert.equal(ok.status, 200);
    await ok.arrayBuffer();
    assert.equal(
      await statusWithHost(`${server.url}/health`, 'evil.example.com:8000'),
      403,
      'a foreign Host is refused while bound to loopback',
    );
    assert.equal(await statusWithHost(`${server.url}/health`, `localhost:${server.port}`), 200);
  });

  test('/health reports version, Cway reachability, sandbox and sessions', async () => {
    const r = await fetch(`${server.url}/health`);
    assert.equal(r.status, 200);
    const h = (await r.json()) as Record<string, unknown> & {
      cway: Record<string, unknown>;
      sessions: Record<string, number>;
    };
    assert.equal(h.status, 'ok');
    assert.match(h.version as string, /^\d+\.\d+\.\d+/);
    assert.equal(typeof h.uptimeSeconds, 'number');
    assert.equal(h.cway.reachable, true);
    assert.equal(typeof h.cway.latencyMs, 'number');
    assert.equal(h.sandbox, true);
    assert.equal(typeof h.sessions.streamable, 'number');
    assert.equal(typeof h.sessions.sse, 'number');
  });

  test('a bearer token makes the session act as that user; a bad one gets 401 with WWW-Authenticate', async () => {
    const approver = server.runtime.sandbox!.users.find((u) => u.role === 'approver')!;
    const transport = new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${approver.token}` } },
    });
    await withSdkClient(transport, async (c) => {
      const me = await c.readResource({ uri: 'cway://me' });
      assert.match((me.contents[0] as { text: string }).text, new RegExp(approver.username.replace(/\./g, '\\.')));
      // The session is bound to that credential: the same session id without it is refused.
      const stolen = await fetch(`${server.url}/mcp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          'mcp-session-id': transport.sessionId!,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }),
      });
      assert.equal(stolen.status, 403);
      await stolen.arrayBuffer();
      await transport.terminateSession();
    });
    const bad = new RawStreamableClient(`${server.url}/mcp`, { authorization: 'Bearer not-a-real-token' });
    const res = await bad.post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT_PARAMS });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
    assert.doesNotMatch(await res.text(), /not-a-real-token/, 'the token is not echoed');
  });

  test('idle Streamable HTTP sessions are closed by the sweeper', async () => {
    const quick = await startTestServer([], {}, { idleMs: 1_000 });
    try {
      const c = new RawStreamableClient(`${quick.url}/mcp`);
      await c.initialize();
      assert.equal(quick.sessions().streamable, 1);
      await eventually(() => quick.sessions().streamable === 0, 'the idle session to be swept');
      const late = await c.post({ jsonrpc: '2.0', id: 5, method: 'tools/list', params: {} });
      assert.equal(late.status, 404, 'a swept session is gone');
      await late.arrayBuffer();
    } finally {
      await quick.close();
    }
  });

  test('shutdown lets an in-flight call finish, then closes sessions and refuses new work', async () => {
    const own = await startTestServer([], {}, { graceMs: 30_000 });
    const sandbox = own.runtime.sandbox!;
    const transport = new StreamableHTTPClientTransport(new URL(`${own.url}/mcp`));
    const client = new Client({ name: 'shutdown-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      sandbox.faults.set({ latencyMs: 1_500 });
      const before = sandbox.stats().requests;
      const call = client.callTool({ name: 'list_projects', arguments: { pageSize: 2 } });
      await eventually(() => sandbox.stats().requests > before, 'the call to reach Cway');
      const closed = own.close();
      assertProjectsPage((await call) as CallToolResult, 2);
      await closed;
      assert.deepEqual(own.sessions(), { streamable: 0, sse: 0 });
      await assert.rejects(fetch(`${own.url}/health`), 'the port is closed');
    } finally {
      await client.close().catch(() => {});
      await own.close();
    }
  });

  test('sessions do not leak: closed clients leave the table', async () => {
    await eventually(() => server.sessions().sse === 0, 'earlier SSE streams to close');
    const before = server.sessions();
    const raws = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const c = new RawStreamableClient(`${server.url}/mcp`);
        await c.initialize();
        return c;
      }),
    );
    const sses = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const c = new RawSseClient(`${server.url}/sse`);
        await c.connect();
        await c.initialize();
        return c;
      }),
    );
    assert.deepEqual(server.sessions(), { streamable: before.streamable + 5, sse: before.sse + 3 });
    for (const c of raws) assert.equal(await c.close(), 200);
    for (const c of sses) c.close();
    await eventually(() => server.sessions().sse === before.sse, 'SSE sessions to close');
    assert.deepEqual(server.sessions(), before);
  });
});

/**
 * Callers that go away: a Streamable HTTP request dropped mid-call, a REST request aborted, an SSE
 * stream cut abruptly, and MCP requests cancelled by the client. Each must leave no session, no
 * timer and no handle behind (sessions from the server, timers through async_hooks, handles from
 * process.getActiveResourcesInfo()), and the server keeps answering.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { activeResources, eventually, startStack, textOf, trackTimers, type Stack } from './support/stack.js';

const LATENCY_MS = 600;
const REPEAT = 4;
const PROJECTS_OP = ['ProjectsPage'];
const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

let stack: Stack;

before(async () => {
  stack = await startStack({ toolsets: 'all', cway: { timeoutMs: 3_000, backoffBaseMs: 10 } });
  // Warm every path once, so pools and lazily built state are part of the baseline.
  const c = await stack.streamable();
  await c.callTool({ name: 'list_projects', arguments: { pageSize: 1 } });
  assert.equal((await stack.rest('/api/projects?pageSize=1')).status, 200);
});
afterEach(() => stack.sandbox.faults.reset());
after(() => stack.close());

const totalSessions = () => {
  const s = stack.server.sessions();
  return s.streamable + s.sse;
};
const handles = () => {
  const r = activeResources();
  return (r.TCPSocketWrap ?? 0) + (r.TCPServerWrap ?? 0) + (r.Timeout ?? 0);
};

/** Runs a scenario and checks that sessions, timers and handles come back to where they were. */
async function leaksNothing(scenario: () => Promise<void>): Promise<void> {
  const sessionsBefore = totalSessions();
  const handlesBefore = handles();
  const timers = trackTimers();
  try {
    await scenario();
    stack.sandbox.faults.reset();
    const settled = await eventually(
      () => timers.live() === 0 && totalSessions() === sessionsBefore && handles() <= handlesBefore,
      20_000,
      100,
    );
    assert.ok(
      settled,
      `left behind: ${timers.live()} timers, ${totalSessions() - sessionsBefore} sessions, ` +
        `handles ${handles()} (before ${handlesBefore}): ${JSON.stringify(activeResources())}`,
    );
  } finally {
    timers.stop();
  }
  const health = await fetch(`${stack.url}/health`);
  assert.equal(health.status, 200);
}

/** Resolves once the sandbox has received `n` more requests than now. */
async function upstreamArrived(n = 1): Promise<void> {
  const start = stack.upstream();
  assert.ok(await eventually(() => stack.upstream() >= start + n, 10_000, 10), 'the upstream request arrived');
}

async function rpc(sessionId: string | null, body: object, signal?: AbortSignal): Promise<Response> {
  return fetch(`${stack.url}/mcp`, {
    method: 'POST',
    headers: {
      ...JSON_HEADERS,
      ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' } : {}),
    },
    body: JSON.stringify(body),
    signal,
  });
}

async function openRawSession(): Promise<string> {
  const init = await rpc(null, {
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  await init.text();
  const id = init.headers.get('mcp-session-id');
  assert.ok(id, 'initialize opens a session');
  await (await rpc(id, { jsonrpc: '2.0', method: 'notifications/initialized' })).text();
  return id;
}

describe('callers that go away mid-call', () => {
  it('Streamable HTTP: a dropped request leaves the session usable, and closing it leaves nothing', async () => {
    await leaksNothing(async () => {
      stack.sandbox.faults.set({ latencyMs: LATENCY_MS, operationNames: PROJECTS_OP });
      for (let i = 0; i < REPEAT; i++) {
        const id = await openRawSession();
        const abort = new AbortController();
        const call = rpc(
          id,
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_projects', arguments: {} } },
          abort.signal,
        );
        await upstreamArrived();
        abort.abort();
        await assert.rejects(call.then((r) => r.text()));
        const ping = await rpc(id, { jsonrpc: '2.0', id: 2, method: 'ping' });
        assert.equal(ping.status, 200);
        assert.match(await ping.text(), /"result"/);
        const del = await fetch(`${stack.url}/mcp`, { method: 'DELETE', headers: { 'mcp-session-id': id } });
        await del.arrayBuffer();
        assert.equal(del.status, 200);
      }
    });
  });

  it('REST: an aborted request leaves nothing behind', async () => {
    await leaksNothing(async () => {
      stack.sandbox.faults.set({ latencyMs: LATENCY_MS, operationNames: PROJECTS_OP });
      for (let i = 0; i < REPEAT; i++) {
        const abort = new AbortController();
        const call = stack.rest('/api/projects?pageSize=3', { signal: abort.signal });
        await upstreamArrived();
        abort.abort();
        await assert.rejects(call);
      }
    });
  });

  it('SSE: a stream cut abruptly mid-call ends its session', async () => {
    await leaksNothing(async () => {
      stack.sandbox.faults.set({ latencyMs: LATENCY_MS, operationNames: PROJECTS_OP });
      for (let i = 0; i < REPEAT; i++) {
        const { endpoint, destroy } = await openRawSse();
        const post = (body: object) =>
          fetch(endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }).then((r) => r.status);
        assert.equal(
          await post({
            jsonrpc: '2.0',
            id: 0,
            method: 'initialize',
            params: { protocolVersion: '2024-11-05', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
          }),
          202,
        );
        assert.equal(await post({ jsonrpc: '2.0', method: 'notifications/initialized' }), 202);
        assert.equal(
          await post({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_projects', arguments: {} } }),
          202,
        );
        await upstreamArrived();
        destroy();
      }
    });
  });
});

describe('cancelled requests', () => {
  for (const kind of ['streamable', 'sse'] as const) {
    it(`${kind}: a cancelled call stops, and the session goes on answering`, async () => {
      await leaksNothing(async () => {
        const client = kind === 'streamable' ? await stack.streamable() : await stack.sse();
        stack.sandbox.faults.set({ latencyMs: LATENCY_MS, operationNames: PROJECTS_OP });
        for (let i = 0; i < REPEAT; i++) {
          const abort = new AbortController();
          const call = client.callTool({ name: 'list_projects', arguments: {} }, undefined, { signal: abort.signal });
          await upstreamArrived();
          abort.abort();
          await assert.rejects(call);
        }
        stack.sandbox.faults.reset();
        const r = (await client.callTool({ name: 'get_login_info', arguments: {} })) as CallToolResult;
        assert.ok(!r.isError, textOf(r));
        await stack.release(client);
      });
    });
  }
});

/** Opens GET /sse with node:http; `destroy` cuts the socket without a goodbye. */
function openRawSse(): Promise<{ endpoint: string; destroy(): void }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(`${stack.url}/sse`, { headers: { accept: 'text/event-stream' } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const m = /event: endpoint\ndata: (\S+)/.exec(buffer);
        if (m) {
          res.removeAllListeners('data');
          res.resume();
          resolve({ endpoint: new URL(m[1]!, stack.url).toString(), destroy: () => res.socket.destroy() });
        }
      });
    });
    req.on('error', reject);
  });
}

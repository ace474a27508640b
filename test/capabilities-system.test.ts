/**
 * get_system_status through the MCP SDK client: against the seeded sandbox, with a token Cway
 * rejects, and against an address where nothing listens.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/client';
import { startHarness, silentLog, type Harness } from './support/harness.js';
import { capabilities } from '../src/capabilities/index.js';
import { CwayClient } from '../src/cway/client.js';
import { buildMcpServer } from '../src/surfaces/mcp/server.js';

interface Status {
  ok: boolean;
  cway: { reachable: boolean; latencyMs: number | null; apiUrl: string; mode: string; error: string | null };
  auth: { authenticated: boolean; username: string | null; organisation: string | null; error: string | null };
  checkedAt: string;
}

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** An MCP client whose server uses the given Cway client and token. */
async function clientWith(cway: CwayClient, token: string, apiUrl: string): Promise<Client> {
  const server = buildMcpServer({
    capabilities,
    client: cway,
    services: { ...h.services, apiUrl },
    log: silentLog,
    token,
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await server.connect(a);
  const c = new Client({ name: 'status-test', version: '1.0.0' });
  await c.connect(b);
  return c;
}

/** A local port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

test('get_system_status against the sandbox: reachable, sandbox mode, authenticated as the caller', async () => {
  const manager = h.sandbox.users.find((u) => u.role === 'project_manager')!;
  const s = await h.data<Status>('get_system_status', {}, 'project_manager');
  assert.equal(s.ok, true);
  assert.equal(s.cway.reachable, true);
  assert.equal(s.cway.mode, 'sandbox');
  assert.equal(s.cway.apiUrl, h.sandbox.url);
  assert.equal(typeof s.cway.latencyMs, 'number');
  assert.equal(s.cway.error, null);
  assert.equal(s.auth.authenticated, true);
  assert.equal(s.auth.username, manager.username);
  assert.ok(s.auth.organisation);
  assert.ok(!Number.isNaN(Date.parse(s.checkedAt)));
});

test('get_system_status with a rejected token: reachable but not authenticated, and no token in the output', async () => {
  const badToken = 'definitely-not-a-cway-token-123';
  const c = await clientWith(h.client, badToken, h.sandbox.url);
  try {
    const r = await c.callTool({ name: 'get_system_status', arguments: {} });
    assert.equal(r.isError, undefined);
    const s = r.structuredContent as unknown as Status;
    assert.equal(s.cway.reachable, true);
    assert.equal(s.auth.authenticated, false);
    assert.equal(s.ok, false);
    assert.match(s.auth.error ?? '', /unauthorized/);
    assert.ok(!JSON.stringify(r).includes(badToken));
  } finally {
    await c.close();
  }
});

test('get_system_status when nothing answers: unreachable, reported as data', async () => {
  const url = `http://127.0.0.1:${await deadPort()}/graphql`;
  const cway = new CwayClient({ url, timeoutMs: 2_000, maxRetries: 0 });
  const c = await clientWith(cway, h.tokenOf('admin'), url);
  try {
    const r = await c.callTool({ name: 'get_system_status', arguments: {} });
    const s = r.structuredContent as unknown as Status;
    assert.equal(s.ok, false);
    assert.equal(s.cway.reachable, false);
    assert.equal(s.cway.latencyMs, null);
    assert.equal(s.cway.apiUrl, url);
    assert.match(s.cway.error ?? '', /upstream_unavailable/);
    assert.equal(s.auth.authenticated, false);
  } finally {
    await c.close();
  }
});

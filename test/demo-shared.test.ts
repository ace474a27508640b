/**
 * The guide's "run both" story in demo mode: an MCP-only server and a REST-only server started on
 * one data directory use one sandbox and one store. An approval made over REST shows over MCP, and
 * a confirmation token spent on one is refused by the other.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadConfig } from '../src/config.js';
import { DEMO_RECORD } from '../src/demo-sandbox.js';
import { startServer, type RunningServer } from '../src/server.js';

let dir: string;
let mcpServer: RunningServer;
let restServer: RunningServer;
let client: Client;

const start = (mode: 'sse' | 'rest') =>
  startServer(
    loadConfig({
      argv: ['--mode', mode, '--port', '0', '--toolsets', 'all'],
      env: { LOG_DIR: 'off', CWAY_DATA_DIR: join(dir, 'data') },
      cwd: dir,
    }),
    { graceMs: 1000, restRateLimit: false },
  );

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cway-demo-shared-'));
  mcpServer = await start('sse');
  restServer = await start('rest');
  client = new Client({ name: 'demo-shared', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${mcpServer.url}/mcp`)));
});

after(async () => {
  await client?.close();
  await restServer?.close();
  await mcpServer?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo mode, MCP and REST side by side on one data directory', () => {
  it('uses one sandbox: the second server joined the first one’s', () => {
    assert.equal(restServer.runtime.sandbox!.url, mcpServer.runtime.sandbox!.url);
    assert.ok(existsSync(join(dir, 'data', DEMO_RECORD)));
  });

  it('an approval made over REST shows over MCP', async () => {
    const maria = mcpServer.runtime.sandbox!.users.find((u) => u.username === 'maria.ek@nordiccare.example')!;
    // Maria approves over REST with her seeded token; MCP (the demo admin, auth none on loopback) sees it.
    const rest = (path: string, token: string, init: RequestInit = {}) =>
      fetch(`${restServer.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
    const queue = (await (await rest('/api/artworks/waiting-for-me?queue=approve', maria.token)).json()) as {
      toApprove: { artworks: { id: string }[] };
    };
    const target = queue.toApprove.artworks[0]!.id;
    const approved = await rest('/api/artworks/approve', maria.token, {
      method: 'POST',
      body: JSON.stringify({ artworkIds: [target] }),
    });
    assert.equal(approved.status, 200, await approved.clone().text());
    const seen = (await client.callTool({ name: 'get_artwork', arguments: { artworkId: target } })) as CallToolResult;
    assert.ok(!seen.isError);
    const artwork = seen.structuredContent as {
      approvers: { username: string; decision: string }[];
      teamApprovers: { members: { username: string; decision: string }[] }[];
    };
    const all = [...artwork.approvers, ...artwork.teamApprovers.flatMap((t) => t.members)];
    assert.equal(all.find((a) => a.username === maria.username)?.decision, 'approved');
  });

  it('a confirmation token spent on one server is refused by the other', async () => {
    const services = [mcpServer.runtime.services.confirmations, restServer.runtime.services.confirmations];
    const binding = { action: 'cancel_artworks', targets: ['x'], callerId: 'someone' };
    const now = new Date();
    const { token } = services[0]!.issue(binding, now);
    await services[1]!.redeem(token, binding, now);
    await assert.rejects(services[0]!.redeem(token, binding, now), /already been used/);
  });
});

/**
 * Cway's thread-based AI (issue 16): the query answers a thread id, the text arrives over the
 * `aiQueryResult` subscription (graphql-ws), which the sandbox serves. Through the MCP SDK client
 * against the sandbox: the answer arrives, long waits send progress notifications, a follow-up
 * keeps the thread, and when the subscription cannot be reached the thread id comes back with an
 * honest note. Also the real server over HTTP at the `assistant` profile.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startHarness, type Harness } from './support/harness.js';
import { resolveSampleIds, type SampleIds } from './support/samples.js';
import { startTestServer } from './support/mcp-clients.js';

interface Ai {
  status: 'completed' | 'failed' | 'pending';
  threadId: string;
  result?: string;
  error?: string;
  note?: string;
}

let h: Harness;
let ids: SampleIds;
before(async () => {
  // Long enough that a waiting call reports progress (one notification a second).
  h = await startHarness({ aiDelayMs: 2_500 });
  ids = await resolveSampleIds(h.client, h.sandbox.adminToken);
});
after(async () => {
  await h?.close();
});

test('artwork AI analysis: the answer arrives over the subscription, with progress while waiting', async () => {
  const c = await h.mcp('admin');
  const seen: { progress: number; message?: string }[] = [];
  const r = (await c.callTool(
    { name: 'get_artwork_ai_analysis', arguments: { artworkId: ids.artworkId } },
    { onprogress: (p: { progress: number; message?: string }) => seen.push(p) },
  )) as CallToolResult;
  assert.notEqual(r.isError, true, JSON.stringify(r.content));
  const ai = r.structuredContent as unknown as Ai;
  assert.equal(ai.status, 'completed', JSON.stringify(ai));
  assert.match(ai.result!, /^Analysis of "/);
  assert.match(ai.threadId, /^[0-9a-f-]{36}$/);
  assert.ok(seen.length >= 1, 'at least one progress notification during a 2.5 s wait');
  assert.match(seen[0]!.message ?? '', /Waiting for Cway's AI answer/);
});

test('project history summary, and an assistant conversation that continues its thread', async () => {
  const summary = await h.data<Ai>('summarize_project_history', { projectId: ids.projectId }, 'admin');
  assert.equal(summary.status, 'completed');
  assert.match(summary.result!, /^History of "/);

  const first = await h.data<Ai>('ask_cway_assistant', { prompt: 'Which projects are late?' }, 'project_manager');
  assert.equal(first.status, 'completed');
  assert.match(first.result!, /You asked: "Which projects are late\?"/);
  assert.match(first.result!, /starts a new conversation/);
  const next = await h.data<Ai>(
    'ask_cway_assistant',
    { prompt: 'And which are early?', threadId: first.threadId },
    'project_manager',
  );
  assert.equal(next.threadId, first.threadId);
  assert.match(next.result!, /continues your earlier conversation/);

  // A thread belongs to the user who started it.
  const stranger = await h.call('ask_cway_assistant', { prompt: 'hi', threadId: first.threadId }, 'approver');
  assert.equal(stranger.isError, true);
});

test('when the subscription cannot be reached, the thread id comes back with a note', async () => {
  const saved = h.services.subscriptionUrl;
  try {
    h.services.subscriptionUrl = 'ws://127.0.0.1:9/graphql';
    const down = await h.data<Ai>('get_artwork_ai_analysis', { artworkId: ids.artworkId }, 'admin');
    assert.equal(down.status, 'pending');
    assert.match(down.threadId, /^[0-9a-f-]{36}$/);
    assert.match(down.note!, /did not arrive here \(the subscription failed/);
    assert.equal(down.result, undefined);

    h.services.subscriptionUrl = null;
    const off = await h.data<Ai>('summarize_project_history', { projectId: ids.projectId }, 'admin');
    assert.equal(off.status, 'pending');
    assert.match(off.note!, /CWAY_SUBSCRIPTION_URL=off/);
  } finally {
    h.services.subscriptionUrl = saved;
  }
});

test('the subscription refuses a connection without a valid token', async () => {
  const { waitForAiResult, defaultSubscriptionUrl } = await import('../src/cway/subscriptions.js');
  const out = await waitForAiResult(defaultSubscriptionUrl(h.sandbox.url), 'not-a-token', {
    threadId: 'x',
    timeoutMs: 5_000,
  });
  assert.equal(out.kind, 'unavailable');
});

test('the assistant profile over HTTP: a real server, an SDK client, an answer', async () => {
  const server = await startTestServer();
  const client = new Client({ name: 'ai-profile', version: '1' });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp/assistant`)));
    const names = (await client.listTools()).tools.map((t) => t.name);
    for (const n of ['ask_cway_assistant', 'summarize_project_history', 'get_artwork_ai_analysis'])
      assert.ok(names.includes(n), `assistant lists ${n}`);
    const r = await client.callTool({ name: 'ask_cway_assistant', arguments: { prompt: 'Hello' } });
    assert.notEqual(r.isError, true, JSON.stringify(r.content));
    assert.equal((r.structuredContent as unknown as Ai).status, 'completed');
  } finally {
    await client.close();
    await server.close();
  }
});

test('CWAY_SUBSCRIPTION_URL: a ws(s) URL, "off", or unset (derived from the API URL)', async () => {
  const { loadConfig } = await import('../src/config.js');
  const load = (v?: string) =>
    loadConfig({ argv: [], env: v === undefined ? {} : { CWAY_SUBSCRIPTION_URL: v }, cwd: '/nonexistent' });
  assert.equal(load().subscriptionUrl, undefined);
  assert.equal(load('off').subscriptionUrl, null);
  assert.equal(load('wss://cway.example/graphql').subscriptionUrl, 'wss://cway.example/graphql');
  assert.throws(() => load('https://cway.example/graphql'), /CWAY_SUBSCRIPTION_URL.*must be a ws\(s\) URL or "off"/);
  const { defaultSubscriptionUrl } = await import('../src/cway/subscriptions.js');
  assert.equal(defaultSubscriptionUrl('https://app.cway.se/graphql'), 'wss://app.cway.se/graphql');
  assert.equal(defaultSubscriptionUrl('http://127.0.0.1:4000/graphql'), 'ws://127.0.0.1:4000/graphql');
});

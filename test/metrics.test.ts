/**
 * /metrics through real calls: an MCP Streamable HTTP session and a legacy SSE session calling
 * tools, REST calls (one fine, one with a refused token, one with bad input), then a scrape that
 * must show each of them; and the access rule (open on loopback, off on a public bind, token when set).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RawSseClient, RawStreamableClient, startTestServer, type TestServer } from './support/mcp-clients.js';

/** The value of one sample: metric name and every given label must match; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${url}/metrics`, { headers });
  assert.equal(res.status, 200, await res.clone().text());
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return res.text();
}

describe('/metrics', { timeout: 240_000 }, () => {
  let server: TestServer;
  let admin: string;

  before(async () => {
    server = await startTestServer();
    admin = server.runtime.sandbox!.adminToken;
  });
  after(async () => {
    await server?.close();
  });

  it('counts capability calls, errors, upstream calls, sessions and refusals after real calls', async () => {
    const mcp = new RawStreamableClient(`${server.url}/mcp`);
    await mcp.initialize();
    const ok = await mcp.request('tools/call', { name: 'list_projects', arguments: {} });
    assert.equal((ok.result as { isError?: boolean }).isError ?? false, false, JSON.stringify(ok));
    const bad = await mcp.request('tools/call', { name: 'list_projects', arguments: { pageSize: 'many' } });
    assert.equal((bad.result as { isError?: boolean }).isError, true, JSON.stringify(bad));

    // search_users is in the admin profile, which /sse/admin serves.
    const sse = new RawSseClient(`${server.url}/sse/admin`);
    await sse.connect();
    await sse.initialize();
    const viaSse = await sse.request('tools/call', { name: 'search_users', arguments: { query: 'a' } });
    assert.notEqual((viaSse.result as { isError?: boolean }).isError, true, JSON.stringify(viaSse));
    assert.ok(viaSse.result, JSON.stringify(viaSse));

    const rest = await fetch(`${server.url}/api/projects?pageSize=1`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    assert.equal(rest.status, 200);
    await rest.arrayBuffer();
    const noToken = await fetch(`${server.url}/api/projects`);
    assert.equal(noToken.status, 401);
    await noToken.arrayBuffer();
    const refused = await fetch(`${server.url}/api/projects`, { headers: { authorization: 'Bearer not-a-token' } });
    assert.equal(refused.status, 401);
    await refused.arrayBuffer();

    const text = await scrape(server.url);
    const calls = (labels: Record<string, string>) => sample(text, 'cway_mcp_capability_calls_total', labels) ?? 0;
    assert.ok(calls({ capability: 'list_projects', surface: 'mcp', outcome: 'ok' }) >= 1, text);
    assert.ok(calls({ capability: 'list_projects', surface: 'mcp', outcome: 'invalid_input' }) >= 1);
    assert.ok(calls({ capability: 'search_users', surface: 'mcp' }) >= 1);
    assert.ok(calls({ capability: 'list_projects', surface: 'rest', outcome: 'ok' }) >= 1);
    const histogramCount =
      sample(text, 'cway_mcp_capability_duration_seconds_count', { capability: 'list_projects', surface: 'rest' }) ?? 0;
    assert.ok(histogramCount >= 1);
    const upstreamOk = text
      .split('\n')
      .filter((l) => l.startsWith('cway_mcp_upstream_requests_total{') && l.includes('outcome="ok"'));
    assert.ok(upstreamOk.length >= 1, 'upstream Cway calls are counted by operation');
    assert.ok((sample(text, 'cway_mcp_upstream_duration_seconds_count') ?? 0) >= 1);
    // The sandbox refused "not-a-token" when the token was checked: an upstream unauthorized.
    assert.ok(
      text
        .split('\n')
        .some((l) => l.startsWith('cway_mcp_upstream_requests_total{') && l.includes('outcome="unauthorized"')),
    );
    assert.ok((sample(text, 'cway_mcp_refusals_total', { reason: 'no_token' }) ?? 0) >= 1);
    assert.ok((sample(text, 'cway_mcp_refusals_total', { reason: 'bad_token' }) ?? 0) >= 1);
    assert.equal(sample(text, 'cway_mcp_sessions', { transport: 'streamable' }), server.sessions().streamable);
    assert.ok((sample(text, 'cway_mcp_sessions', { transport: 'sse' }) ?? 0) >= 1);
    assert.ok((sample(text, 'cway_mcp_process_resident_memory_bytes') ?? 0) > 0);
    // The store is swept at start: its latency is recorded by store kind and operation.
    assert.ok((sample(text, 'cway_mcp_store_duration_seconds_count', { store: 'sqlite', op: 'sweep' }) ?? 0) >= 1);

    await mcp.close();
    sse.close();
    const later = await scrape(server.url);
    assert.equal(sample(later, 'cway_mcp_sessions', { transport: 'streamable' }), server.sessions().streamable);
  });

  it('every label value comes from a closed set, whatever the caller sends', async () => {
    const mcp = new RawStreamableClient(`${server.url}/mcp`);
    await mcp.initialize();
    for (let i = 0; i < 5; i++) await mcp.request('tools/call', { name: `no_such_tool_${i}`, arguments: {} });
    await fetch(`${server.url}/api/no-such-route-${Date.now()}`, { headers: { authorization: `Bearer ${admin}` } });
    await mcp.close();
    const text = await scrape(server.url);
    assert.doesNotMatch(text, /no_such_tool|no-such-route/);
  });

  it('is off on a public bind without METRICS_TOKEN, and wants the token when one is set', async () => {
    const open = await startTestServer(['--host', '0.0.0.0']);
    try {
      const res = await fetch(`${open.url}/metrics`);
      assert.equal(res.status, 404);
      assert.match(await res.text(), /METRICS_TOKEN/);
    } finally {
      await open.close();
    }
    const guarded = await startTestServer(['--host', '0.0.0.0'], { METRICS_TOKEN: 'scrape-secret-1' });
    try {
      const none = await fetch(`${guarded.url}/metrics`);
      assert.equal(none.status, 401);
      await none.arrayBuffer();
      const wrong = await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
      assert.equal(wrong.status, 401);
      await wrong.arrayBuffer();
      const text = await scrape(guarded.url, { authorization: 'Bearer scrape-secret-1' });
      assert.match(text, /cway_mcp_capability_calls_total/);
    } finally {
      await guarded.close();
    }
  });
});

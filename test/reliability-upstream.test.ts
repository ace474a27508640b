/**
 * Upstream faults through the real server: a sandbox with fault injection behind `startServer`,
 * called by MCP SDK clients (Streamable HTTP and legacy SSE) and fetch (REST). Slow answers hit
 * the timeout, 5xx and 429 are retried for queries and then surface as clear errors, mutations are
 * sent once, malformed bodies crash nothing, and other sessions keep being served meanwhile.
 * Upstream attempts are counted by the sandbox itself.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { problemOf, startStack, textOf, type Stack } from './support/stack.js';

const TIMEOUT_MS = 400;
const LIST = { name: 'list_projects', arguments: { pageSize: 2 } };
const PROJECTS_OP = ['ProjectsPage'];

let stack: Stack;
let streamable: Client;
let sse: Client;

before(async () => {
  stack = await startStack({
    toolsets: 'all',
    cway: { timeoutMs: TIMEOUT_MS, backoffBaseMs: 10, maxRetries: 2, maxRetryAfterMs: 2_000 },
  });
  streamable = await stack.streamable();
  sse = await stack.sse();
  const warm = await stack.rest('/api/projects?pageSize=1'); // the REST token check is now cached
  assert.equal(warm.status, 200);
});
afterEach(async () => {
  stack.sandbox.faults.reset();
  const health = await fetch(`${stack.url}/health`);
  assert.equal(health.status, 200, 'the server answers /health after every scenario');
});
after(() => stack.close());

/** Upstream requests the sandbox received while `fn` ran. */
async function counted<T>(fn: () => Promise<T>): Promise<{ value: T; upstream: number }> {
  const before = stack.upstream();
  const value = await fn();
  return { value, upstream: stack.upstream() - before };
}

async function toolCall(
  client: Client,
  call: { name: string; arguments: Record<string, unknown> },
): Promise<CallToolResult> {
  return (await client.callTool(call)) as CallToolResult;
}

const surfaces = () => [
  { name: 'Streamable HTTP', call: (c: typeof LIST) => toolCall(streamable, c) },
  { name: 'SSE', call: (c: typeof LIST) => toolCall(sse, c) },
];

describe('a slow upstream', () => {
  it('hits the timeout on every attempt and answers with a clear timeout error (MCP isError, REST 504)', async () => {
    stack.sandbox.faults.set({ latencyMs: 1_500, operationNames: PROJECTS_OP });
    for (const s of surfaces()) {
      const { value, upstream } = await counted(() => s.call(LIST));
      assert.equal(value.isError, true, s.name);
      assert.match(textOf(value), /upstream_timeout/, s.name);
      assert.match(textOf(value), new RegExp(`within ${TIMEOUT_MS} ms`), s.name);
      assert.equal(upstream, 3, `${s.name}: a query times out, then is tried twice more`);
    }
    const { value: res, upstream } = await counted(() => stack.rest('/api/projects?pageSize=2'));
    assert.equal(res.status, 504);
    const p = await problemOf(res);
    assert.equal(p.code, 'upstream_timeout');
    assert.equal(upstream, 3);
  });
});

describe('5xx and 429 from upstream', () => {
  it('retries a query on 5xx, then reports upstream_unavailable (REST 502)', async () => {
    stack.sandbox.faults.set({ errorRate: 1, operationNames: PROJECTS_OP });
    for (const s of surfaces()) {
      const { value, upstream } = await counted(() => s.call(LIST));
      assert.equal(value.isError, true);
      assert.match(textOf(value), /upstream_unavailable/);
      assert.match(textOf(value), /HTTP 500/);
      assert.match(textOf(value), /Next: /, 'says what to try next');
      assert.equal(upstream, 3, `${s.name}: one attempt and two retries`);
    }
    const { value: res, upstream } = await counted(() => stack.rest('/api/projects?pageSize=2'));
    assert.equal(res.status, 502);
    assert.equal((await problemOf(res)).code, 'upstream_unavailable');
    assert.equal(upstream, 3);
  });

  it('retries a query after a short Retry-After, then reports rate_limited (REST 429 with Retry-After)', async () => {
    stack.sandbox.faults.set({ rateLimitRate: 1, retryAfterSeconds: 0, operationNames: PROJECTS_OP });
    for (const s of surfaces()) {
      const { value, upstream } = await counted(() => s.call(LIST));
      assert.equal(value.isError, true);
      assert.match(textOf(value), /rate_limited/);
      assert.equal(upstream, 3, s.name);
    }
    const { value: res, upstream } = await counted(() => stack.rest('/api/projects?pageSize=2'));
    assert.equal(res.status, 429);
    assert.ok(res.headers.get('retry-after'), 'Retry-After is passed on');
    assert.equal((await problemOf(res)).code, 'rate_limited');
    assert.equal(upstream, 3);
  });

  it('does not wait out a long Retry-After: one attempt, and the wait is passed on to the caller', async () => {
    stack.sandbox.faults.set({ rateLimitRate: 1, retryAfterSeconds: 60, operationNames: PROJECTS_OP });
    const { value, upstream } = await counted(() => toolCall(streamable, LIST));
    assert.equal(value.isError, true);
    assert.match(textOf(value), /Retry after: 60 s/);
    assert.equal(upstream, 1);
    const res = await stack.rest('/api/projects?pageSize=2');
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '60');
    assert.equal((await problemOf(res)).retryAfterSeconds, 60);
  });
});

describe('mutations', () => {
  const brands = async (): Promise<string[]> => {
    const r = await toolCall(streamable, { name: 'list_brands', arguments: {} });
    assert.ok(!r.isError, textOf(r));
    return ((r.structuredContent as { brands: { name: string }[] }).brands ?? []).map((b) => b.name);
  };

  it('are sent once on 5xx: no retry, a clear error, on MCP and REST', async () => {
    stack.sandbox.faults.set({ errorRate: 1, only: 'mutation' });
    const retries = stack.server.runtime.client.stats.retries;
    const { value, upstream } = await counted(() =>
      toolCall(streamable, { name: 'create_brand', arguments: { name: 'Fault Brand A' } }),
    );
    assert.equal(value.isError, true);
    assert.match(textOf(value), /upstream_unavailable/);
    assert.equal(upstream, 2, 'one lookup query, then the mutation exactly once');
    const res = await stack.rest('/api/setup/brands', {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Fault Brand B' }),
    });
    assert.equal(res.status, 502);
    assert.equal((await problemOf(res)).code, 'upstream_unavailable');
    assert.equal(stack.server.runtime.client.stats.retries, retries, 'the client retried nothing');
  });

  it('that time out are not sent again, so a slow write happens once', async () => {
    stack.sandbox.faults.set({ latencyMs: 1_200, only: 'mutation' });
    const name = 'Slow Brand';
    const { value, upstream } = await counted(() =>
      toolCall(streamable, { name: 'create_brand', arguments: { name } }),
    );
    assert.equal(value.isError, true);
    assert.match(textOf(value), /upstream_timeout/);
    assert.equal(upstream, 2, 'one lookup query, then the mutation exactly once');
    stack.sandbox.faults.reset();
    // The sandbox finishes the write after its delay; it must then exist exactly once.
    let names: string[] = [];
    for (let i = 0; i < 100 && !names.includes(name); i++) {
      await new Promise((r) => setTimeout(r, 100));
      names = await brands();
    }
    assert.equal(names.filter((n) => n === name).length, 1);
  });
});

describe('malformed upstream answers', () => {
  it('are reported as upstream_unavailable without crashing anything', async () => {
    stack.sandbox.faults.set({ malformedRate: 1, operationNames: PROJECTS_OP });
    for (const s of surfaces()) {
      const { value, upstream } = await counted(() => s.call(LIST));
      assert.equal(value.isError, true);
      assert.match(textOf(value), /malformed/);
      assert.equal(upstream, 3, `${s.name}: retried like any failed read`);
    }
    const res = await stack.rest('/api/projects?pageSize=2');
    assert.equal(res.status, 502);
    assert.equal((await problemOf(res)).code, 'upstream_unavailable');
  });

  it('GraphQL errors in a 200 answer are reported, not thrown', async () => {
    stack.sandbox.faults.set({ graphqlErrorRate: 1, operationNames: PROJECTS_OP });
    const r = await toolCall(sse, LIST);
    assert.equal(r.isError, true);
    assert.match(textOf(r), /upstream_unavailable/);
    const res = await stack.rest('/api/projects?pageSize=2');
    assert.equal(res.status, 502);
  });
});

describe('other sessions', () => {
  it('keep being answered while upstream calls of one operation hang', async () => {
    stack.sandbox.faults.set({ timeoutRate: 1, operationNames: PROJECTS_OP });
    const hung = [streamable, sse].flatMap((c) => Array.from({ length: 5 }, () => toolCall(c, LIST)));
    const others = await Promise.all([stack.streamable(), stack.sse()]);
    const served = await Promise.all([
      ...others.flatMap((c) => Array.from({ length: 5 }, () => toolCall(c, { name: 'get_login_info', arguments: {} }))),
    ]);
    for (const r of served) assert.ok(!r.isError, textOf(r));
    const rest = await stack.rest('/api/me');
    assert.equal(rest.status, 200);
    for (const r of await Promise.all(hung)) {
      assert.equal(r.isError, true);
      assert.match(textOf(r), /upstream_timeout/);
    }
    assert.deepEqual(stack.server.sessions(), { streamable: 2, sse: 2 });
  });
});

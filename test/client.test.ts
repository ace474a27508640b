/**
 * The Cway client against the sandbox with fault injection: timeouts, query-only retries,
 * Retry-After, error mapping, and no token in any error.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { CwayClient } from '../src/cway/client.js';
import { graphql } from '../src/cway/graphql.js';
import { CapabilityError } from '../src/errors.js';

const WhoAmI = graphql(`
  query ClientTestWhoAmI {
    loginInfo {
      user {
        username
      }
    }
  }
`);
const MarkAllRead = graphql(`
  mutation ClientTestMarkAllRead {
    markAllSharesAsRead
  }
`);
const MissingProject = graphql(`
  query ClientTestProject($id: UUID!) {
    project(id: $id) {
      id
    }
  }
`);

let sandbox: Sandbox;
let admin: string;
before(async () => {
  sandbox = await startSandbox({ port: 0 });
  admin = sandbox.adminToken;
});
after(async () => {
  await sandbox.close();
});

const client = (extra: Partial<ConstructorParameters<typeof CwayClient>[0]> = {}) =>
  new CwayClient({ url: sandbox.url, timeoutMs: 2_000, backoffBaseMs: 5, maxRetries: 2, ...extra });

async function failure(p: Promise<unknown>): Promise<CapabilityError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CapabilityError, `expected a CapabilityError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

test('a query answers as the caller', async () => {
  const data = await client().request(WhoAmI, {}, admin);
  assert.ok(data.loginInfo?.user.username);
});

test('an unknown token is unauthorized and the token never appears in the error', async () => {
  const secret = 'sbx-not-a-real-token-123456';
  const err = await failure(client().request(WhoAmI, {}, secret));
  assert.equal(err.code, 'unauthorized');
  assert.ok(!err.message.includes(secret));
});

test('a missing entity reads as null, not an error', async () => {
  const data = await client().request(MissingProject, { id: '00000000-0000-4000-8000-000000000000' }, admin);
  assert.equal(data.project, null);
});

test('5xx on a query is retried, then surfaces as upstream_unavailable', async () => {
  sandbox.faults.set({ errorRate: 1 });
  try {
    const c = client();
    const err = await failure(c.request(WhoAmI, {}, admin));
    assert.equal(err.code, 'upstream_unavailable');
    assert.equal(c.stats.requests, 3, 'one attempt and two retries');
  } finally {
    sandbox.faults.reset();
  }
});

test('a mutation is never retried', async () => {
  sandbox.faults.set({ errorRate: 1 });
  try {
    const c = client();
    const err = await failure(c.request(MarkAllRead, {}, admin));
    assert.equal(err.code, 'upstream_unavailable');
    assert.equal(c.stats.requests, 1);
  } finally {
    sandbox.faults.reset();
  }
});

test('429 honours a short Retry-After and surfaces rate_limited when exhausted', async () => {
  sandbox.faults.set({ rateLimitRate: 1, retryAfterSeconds: 0 });
  try {
    const c = client();
    const err = await failure(c.request(WhoAmI, {}, admin));
    assert.equal(err.code, 'rate_limited');
    assert.equal(c.stats.requests, 3);
  } finally {
    sandbox.faults.reset();
  }
});

test('a Retry-After longer than the client accepts is not waited for', async () => {
  sandbox.faults.set({ rateLimitRate: 1, retryAfterSeconds: 120 });
  try {
    const c = client();
    const err = await failure(c.request(WhoAmI, {}, admin));
    assert.equal(err.code, 'rate_limited');
    assert.equal(err.details.retryAfterSeconds, 120);
    assert.equal(c.stats.requests, 1);
  } finally {
    sandbox.faults.reset();
  }
});

test('a hung upstream hits the timeout', async () => {
  sandbox.faults.set({ timeoutRate: 1 });
  try {
    const c = client({ timeoutMs: 300, maxRetries: 0 });
    const err = await failure(c.request(WhoAmI, {}, admin));
    assert.equal(err.code, 'upstream_timeout');
  } finally {
    sandbox.faults.reset();
  }
});

test('a malformed body and a GraphQL errors array map to upstream_unavailable', async () => {
  for (const fault of [{ malformedRate: 1 }, { graphqlErrorRate: 1 }]) {
    sandbox.faults.set(fault);
    try {
      const err = await failure(client({ maxRetries: 0 }).request(WhoAmI, {}, admin));
      assert.equal(err.code, 'upstream_unavailable', JSON.stringify(fault));
    } finally {
      sandbox.faults.reset();
    }
  }
});

test('a transient fault is absorbed by the retry', async () => {
  sandbox.faults.set({ errorRate: 0.3 });
  try {
    const c = client({ maxRetries: 6 });
    for (let i = 0; i < 5; i++) {
      const data = await c.request(WhoAmI, {}, admin);
      assert.ok(data.loginInfo);
    }
    assert.ok(c.stats.retries > 0, 'some calls needed a retry');
  } finally {
    sandbox.faults.reset();
  }
});

test('a caller cancelling aborts the call', async () => {
  sandbox.faults.set({ latencyMs: 2_000 });
  try {
    const ac = new AbortController();
    const p = client().request(WhoAmI, {}, admin, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('cancelled by caller')), 50);
    await assert.rejects(p, /cancelled by caller/);
  } finally {
    sandbox.faults.reset();
  }
});

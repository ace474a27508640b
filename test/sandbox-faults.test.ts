/** Fault injection: every knob, the filters, determinism, the admin endpoint, closing with hung requests. */
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

let sb: Sandbox;
before(async () => {
  sb = await startSandbox({ seed: 13 });
});
afterEach(() => sb.faults.reset());
after(() => sb.close());

const QUERY = JSON.stringify({ query: 'query Me { loginInfo { user { id } } }', operationName: 'Me' });
const MUTATION = JSON.stringify({ query: 'mutation ReadAll { markAllSharesAsRead }', operationName: 'ReadAll' });

const send = (body: string, target = sb, signal?: AbortSignal) =>
  fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.adminToken}` },
    body,
    signal,
  });

test('errorRate 1 answers HTTP 500 with a JSON body', async () => {
  sb.faults.set({ errorRate: 1 });
  const res = await send(QUERY);
  assert.equal(res.status, 500);
  assert.ok(((await res.json()) as { errors: unknown[] }).errors.length > 0);
});

test('rateLimitRate answers 429 with Retry-After', async () => {
  sb.faults.set({ rateLimitRate: 1, retryAfterSeconds: 7 });
  const res = await send(QUERY);
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '7');
});

test('malformedRate answers 200 with a body that is not JSON', async () => {
  sb.faults.set({ malformedRate: 1 });
  for (let i = 0; i < 4; i++) {
    const res = await send(QUERY);
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.throws(() => JSON.parse(text));
  }
});

test('graphqlErrorRate answers 200 with data null and an INTERNAL_SERVER_ERROR', async () => {
  sb.faults.set({ graphqlErrorRate: 1 });
  const res = await send(QUERY);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    data: null,
    errors: [{ message: 'Injected upstream error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
  });
});

test('latencyMs delays the answer', async () => {
  sb.faults.set({ latencyMs: 120 });
  const started = performance.now();
  assert.equal((await send(QUERY)).status, 200);
  assert.ok(performance.now() - started >= 110);
});

test('timeoutRate never answers; the client gives up and the sandbox still closes', async () => {
  const own = await startSandbox({ seed: 13, faults: { timeoutRate: 1 } });
  await assert.rejects(send(QUERY, own, AbortSignal.timeout(200)));
  const hung = send(QUERY, own).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 50));
  await own.close();
  assert.ok((await hung) instanceof Error, 'the hung request is cut when the sandbox closes');
});

test('filters: only mutations, or only named operations', async () => {
  sb.faults.set({ errorRate: 1, only: 'mutation' });
  assert.equal((await send(QUERY)).status, 200);
  assert.equal((await send(MUTATION)).status, 500);
  sb.faults.reset();
  sb.faults.set({ errorRate: 1, operationNames: ['ReadAll'] });
  assert.equal((await send(QUERY)).status, 200);
  assert.equal((await send(MUTATION)).status, 500);
});

test('fractional rates are deterministic for a given seed', async () => {
  const statuses = async (target: Sandbox) => {
    target.faults.set({ errorRate: 0.5 });
    const out: number[] = [];
    for (let i = 0; i < 16; i++) out.push((await send(QUERY, target)).status);
    return out;
  };
  const twin = await startSandbox({ seed: 13 });
  try {
    const a = await statuses(sb);
    const b = await statuses(twin);
    assert.deepEqual(a, b);
    assert.ok(a.includes(200) && a.includes(500));
  } finally {
    await twin.close();
  }
});

test('the admin endpoint merges, shows and resets the configuration and rejects bad knobs', async () => {
  const url = sb.url.replace('/graphql', '/__sandbox/faults');
  const headers = { authorization: `Bearer ${sb.adminToken}`, 'content-type': 'application/json' };
  let res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ errorRate: 1 }) });
  assert.equal(res.status, 200);
  res = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ only: 'mutation' }) });
  const merged = ((await res.json()) as { faults: Record<string, unknown> }).faults;
  assert.equal(merged.errorRate, 1);
  assert.equal(merged.only, 'mutation');
  assert.equal((await send(MUTATION)).status, 500);
  for (const bad of ['{"errorRate": 2}', '{"nonsense": 1}', '[1]', '{']) {
    assert.equal((await fetch(url, { method: 'POST', headers, body: bad })).status, 400, bad);
  }
  res = await fetch(url, { method: 'DELETE', headers });
  assert.equal(((await res.json()) as { faults: Record<string, unknown> }).faults.errorRate, 0);
  assert.equal((await send(MUTATION)).status, 200);
  assert.equal((await fetch(url, { method: 'POST', body: '{}' })).status, 401);
});

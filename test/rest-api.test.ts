/**
 * The REST surface end to end against the sandbox, through real HTTP: every REST operation of the
 * registry with its sample input, input coercion, and every error status.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { startHarness, type Harness } from './support/harness.js';
import { resolveSampleIds, samples, type SampleIds } from './support/samples.js';
import { capabilities } from '../src/capabilities/index.js';
import { defineCapability, READ, type Capability } from '../src/capabilities/define.js';
import { CwayClient } from '../src/cway/client.js';
import type { RestAppOptions } from '../src/surfaces/rest/app.js';
import { restOperations } from '../src/surfaces/rest/routes.js';
import {
  appOptions,
  auth,
  findRestCapability as find,
  problemOf,
  requestFor,
  serveRest,
  type Served,
} from './rest-support.js';

describe('REST API against the sandbox', { timeout: 240_000 }, () => {
  let h: Harness;
  let rest: Served;
  let ids: SampleIds;
  let admin: string;
  const toClose: Served[] = [];

  before(async () => {
    h = await startHarness();
    rest = await serveRest(appOptions(h));
    ids = await resolveSampleIds(h.client, h.sandbox.adminToken);
    admin = h.sandbox.adminToken;
  });
  after(async () => {
    for (const s of toClose) await s.close();
    await rest?.close();
    await h?.close();
  });

  it('answers every REST operation of the registry with a body that fits its output schema', async () => {
    const ops = restOperations(capabilities);
    assert.ok(ops.length > 0);
    // Reads first, so writes cannot change what a read's sample expects.
    const ordered = [...ops.filter((o) => !o.consequential), ...ops.filter((o) => o.consequential)];
    const failures: string[] = [];
    for (const op of ordered) {
      const where = `${op.method} ${op.path} (${op.capability.name})`;
      const sample = samples[op.capability.name];
      if (!sample) {
        failures.push(`${where}: no sample input in test/support/samples.ts`);
        continue;
      }
      const { url, init } = requestFor(rest.url, op, sample(ids));
      const res = await fetch(url, {
        ...init,
        headers: { ...auth(admin), ...(init.headers as Record<string, string>) },
      });
      const text = await res.text();
      if (res.status !== 200) {
        failures.push(`${where}: HTTP ${res.status} ${text.slice(0, 300)}`);
        continue;
      }
      if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) failures.push(`${where}: not JSON`);
      const parsed = op.capability.output.safeParse(JSON.parse(text));
      if (!parsed.success) failures.push(`${where}: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
    }
    assert.deepEqual(failures, []);
  });

  it("answers the previous system's paths (chatgpt-integration-guide.md)", async () => {
    const paths = [
      '/api/projects',
      `/api/projects/${ids.projectId}`,
      `/api/users/by-email/${encodeURIComponent(ids.email)}`,
      '/api/kpis/dashboard',
      '/api/temporal-kpis/stagnation-alerts?min_urgency_score=5',
    ];
    for (const path of paths) {
      const res = await fetch(`${rest.url}${path}`, { headers: auth(admin) });
      const text = await res.text();
      assert.equal(res.status, 200, `${path}: ${text.slice(0, 300)}`);
    }
  });

  it('returns the same object as the MCP tool', async () => {
    const res = await fetch(`${rest.url}/api/projects?pageSize=5`, { headers: auth(admin) });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), await h.data('list_projects', { pageSize: 5 }));
  });

  it('coerces query strings by the schema: numbers, snake_case aliases, repeated and comma-separated arrays', async () => {
    const get = async (q: string) => {
      const res = await fetch(`${rest.url}/api/projects?${q}`, { headers: auth(admin) });
      assert.equal(res.status, 200, q);
      return (await res.json()) as { projects: { state: string }[]; pageSize: number; totalHits: number };
    };
    assert.equal((await get('page_size=3')).pageSize, 3);
    const repeated = await get('states=IN_PROGRESS&states=DELIVERED&pageSize=100');
    const commas = await get('states=IN_PROGRESS,DELIVERED&pageSize=100');
    assert.deepEqual(repeated, commas);
    assert.ok(repeated.projects.every((p) => p.state === 'IN_PROGRESS' || p.state === 'DELIVERED'));
    const all = await get('pageSize=100');
    const onlyActive = await get('states=IN_PROGRESS&pageSize=100');
    assert.ok(onlyActive.totalHits < all.totalHits, 'the state filter narrows the list');
  });

  it('400 problem+json naming the field for invalid input', async () => {
    let res = await fetch(`${rest.url}/api/projects?pageSize=abc`, { headers: auth(admin) });
    assert.equal(res.status, 400);
    let p = await problemOf(res);
    assert.equal(p.code, 'invalid_input');
    assert.equal((p.errors as { field: string }[])[0]!.field, 'pageSize');
    res = await fetch(`${rest.url}/api/projects?states=NOPE`, { headers: auth(admin) });
    p = await problemOf(res);
    assert.equal(res.status, 400);
    assert.equal((p.errors as { field: string }[])[0]!.field, 'states.0');
    res = await fetch(`${rest.url}/api/projects?pageSize=5&page_size=6`, { headers: auth(admin) });
    assert.equal(res.status, 400);
    assert.equal(((await problemOf(res)).errors as { field: string }[])[0]!.field, 'pageSize');
  });

  it('401 with WWW-Authenticate for a missing or refused token', async () => {
    let res = await fetch(`${rest.url}/api/projects`);
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer realm="cway"');
    assert.equal((await problemOf(res)).code, 'unauthorized');
    res = await fetch(`${rest.url}/api/projects`, { headers: { authorization: 'Basic abc' } });
    assert.equal(res.status, 401);
    await res.body?.cancel();
    res = await fetch(`${rest.url}/api/projects`, { headers: auth('not-a-real-token') });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer realm="cway", error="invalid_token"/);
    const p = await problemOf(res);
    assert.ok(!JSON.stringify(p).includes('not-a-real-token'), 'the token is not echoed');
  });

  it('403 when Cway forbids the caller', async () => {
    const adminOnly = find('get_permission_groups');
    assert.ok(adminOnly, 'get_permission_groups is registered');
    const op = restOperations([adminOnly])[0]!;
    const { url, init } = requestFor(rest.url, op, {});
    const res = await fetch(url, { ...init, headers: auth(h.tokenOf('orderer')) });
    assert.equal(res.status, 403);
    assert.equal((await problemOf(res)).code, 'forbidden');
  });

  it('404 for an unknown item and for an unknown route; 405 for a wrong method', async () => {
    let res = await fetch(`${rest.url}/api/no-such-route`, { headers: auth(admin) });
    assert.equal(res.status, 404);
    assert.equal((await problemOf(res)).code, 'route_not_found');
    res = await fetch(`${rest.url}/api/projects`, { method: 'DELETE', headers: auth(admin) });
    assert.equal(res.status, 405);
    assert.match(res.headers.get('allow') ?? '', /GET/);
    assert.equal((await problemOf(res)).code, 'method_not_allowed');
    const getProject = find('get_project');
    assert.ok(getProject, 'get_project is registered');
    const op = restOperations([getProject])[0]!;
    const key = op.pathParams[0]!;
    const { url } = requestFor(rest.url, op, { [key]: '0b9d6f4e-1c2a-4f7e-9a51-3c8f0e2d7b10' });
    res = await fetch(url, { headers: auth(admin) });
    assert.equal(res.status, 404);
    assert.equal((await problemOf(res)).code, 'not_found');
  });

  it('a 404 or 405 that refuses a large body leaves the keep-alive connection usable', async () => {
    // Found by the REST fuzz: a large POST to an unknown path answered 404 before its body was
    // read, and the next request on that connection failed ("other side closed").
    for (const [path, method, status] of [
      ['/api/no-such-route', 'POST', 404],
      ['/api/projects', 'DELETE', 405],
    ] as const) {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${rest.url}${path}`, {
          method,
          headers: auth(admin, { 'content-type': 'application/json' }),
          body: JSON.stringify({ pad: 'x'.repeat(400_000) }),
        });
        assert.equal(res.status, status);
        await res.arrayBuffer();
        const next = await fetch(`${rest.url}/api/projects?pageSize=1`, { headers: auth(admin) });
        assert.equal(next.status, 200, `the request after a refused ${method} ${path}`);
        await next.arrayBuffer();
      }
    }
  });

  it('413 for a body over the limit', async () => {
    const res = await fetch(`${rest.url}/api/projects`, {
      method: 'POST',
      headers: auth(admin, { 'content-type': 'application/json' }),
      body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
    });
    assert.equal(res.status, 413);
    assert.equal((await problemOf(res)).code, 'payload_too_large');
    const next = await fetch(`${rest.url}/api/projects?pageSize=1`, { headers: auth(admin) });
    assert.equal(next.status, 200, 'the server goes on answering');
    await next.body?.cancel();
  });

  /** An app whose token check is cached for the whole test, so faults on every query hit only the capability. */
  async function warmApp(extra: Partial<RestAppOptions> & { authTtlMs?: number } = {}): Promise<Served> {
    const served = await serveRest(appOptions(h, { authTtlMs: 30 * 60_000, ...extra }));
    toClose.push(served);
    const res = await fetch(`${served.url}/api/projects?pageSize=1`, { headers: auth(admin) });
    assert.equal(res.status, 200);
    await res.body?.cancel();
    return served;
  }

  it('429 with Retry-After when Cway itself rate limits', async () => {
    const served = await warmApp();
    h.sandbox.faults.set({ rateLimitRate: 1, retryAfterSeconds: 30, only: 'query' });
    try {
      const res = await fetch(`${served.url}/api/projects?pageSize=2`, { headers: auth(admin) });
      assert.equal(res.status, 429);
      assert.equal(res.headers.get('retry-after'), '30');
      assert.equal((await problemOf(res)).retryAfterSeconds, 30);
    } finally {
      h.sandbox.faults.reset();
    }
  });

  it('502 when Cway fails', async () => {
    const served = await warmApp();
    h.sandbox.faults.set({ errorRate: 1, only: 'query' });
    try {
      const res = await fetch(`${served.url}/api/projects?pageSize=2`, { headers: auth(admin) });
      assert.equal(res.status, 502);
      assert.equal((await problemOf(res)).code, 'upstream_unavailable');
    } finally {
      h.sandbox.faults.reset();
    }
  });

  it('504 when Cway does not answer in time', async () => {
    const impatient = new CwayClient({ url: h.sandbox.url, timeoutMs: 3000, maxRetries: 0 });
    const served = await warmApp({ client: impatient });
    h.sandbox.faults.set({ timeoutRate: 1, only: 'query' });
    try {
      const res = await fetch(`${served.url}/api/projects?pageSize=2`, { headers: auth(admin) });
      assert.equal(res.status, 504);
      assert.equal((await problemOf(res)).code, 'upstream_timeout');
    } finally {
      h.sandbox.faults.reset();
    }
  });
});

describe('REST body routes, confirmation tokens and internal errors', { timeout: 120_000 }, () => {
  // Two fixture capabilities, served through the same app code: one echoes its input (body,
  // query and path), one fails with an unexpected exception.
  const echo = defineCapability({
    name: 'echo_input',
    title: 'Echo input',
    description: "Returns its input and the caller's username.",
    toolset: 'system',
    input: z.object({
      id: z.string().uuid(),
      count: z.number().int().min(1),
      tags: z.array(z.string()).optional(),
      confirmationToken: z.string().optional(),
    }),
    output: z.object({ input: z.record(z.string(), z.unknown()) }),
    hints: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    rest: { method: 'POST', path: '/api/fixture/{id}/echo' },
    handler: async (input) => ({ input }),
  });
  // Same path shape as echo_input, another parameter name: served under echo_input's names.
  const echoGet = defineCapability({
    name: 'echo_get',
    title: 'Echo a reference',
    description: 'Returns its input.',
    toolset: 'system',
    input: z.object({ ref: z.string().min(3), n: z.number().int().optional() }),
    output: z.object({ input: z.record(z.string(), z.unknown()) }),
    hints: READ,
    rest: { method: 'GET', path: '/api/fixture/{ref}/echo' },
    handler: async (input) => ({ input }),
  });
  const broken = defineCapability({
    name: 'broken_read',
    title: 'Broken read',
    description: 'Fails unexpectedly.',
    toolset: 'system',
    input: z.object({}),
    output: z.object({ ok: z.boolean() }),
    hints: READ,
    rest: { method: 'GET', path: '/api/fixture/broken' },
    handler: async () => {
      throw new TypeError('secret internals');
    },
  });
  let h: Harness;
  let rest: Served;
  const id = '0b9d6f4e-1c2a-4f7e-9a51-3c8f0e2d7b10';

  before(async () => {
    h = await startHarness();
    rest = await serveRest(
      appOptions(h, { capabilities: [echo, echoGet, broken] as unknown as readonly Capability[] }),
    );
  });
  after(async () => {
    await rest?.close();
    await h?.close();
  });

  const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${rest.url}${path}`, { method: 'POST', headers: auth(h.sandbox.adminToken, headers), body });

  it('takes the input from path, JSON body and query (a confirmation token may come in either)', async () => {
    let res = await post(
      `/api/fixture/${id}/echo?confirmationToken=from-query`,
      JSON.stringify({ count: 2, tags: ['a'] }),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { input: { id, count: 2, tags: ['a'], confirmationToken: 'from-query' } });
    res = await post(`/api/fixture/${id}/echo`, JSON.stringify({ count: 1, confirmationToken: 'from-body' }));
    assert.equal(((await res.json()) as { input: { confirmationToken: string } }).input.confirmationToken, 'from-body');
  });

  it('serves a route whose path differs only in parameter names from another', async () => {
    const res = await fetch(`${rest.url}/api/fixture/abc/echo?n=4`, { headers: auth(h.sandbox.adminToken) });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { input: { ref: 'abc', n: 4 } });
    const doc = (await (await fetch(`${rest.url}/openapi.json`)).json()) as { paths: Record<string, object> };
    assert.deepEqual(Object.keys(doc.paths['/api/fixture/{id}/echo']!).sort(), ['get', 'post']);
  });

  it('refuses bad bodies with 400 or 415', async () => {
    let res = await post(`/api/fixture/${id}/echo`, '{not json');
    assert.equal(res.status, 400);
    assert.equal(((await problemOf(res)).errors as { field: string }[])[0]!.field, '(body)');
    res = await post(`/api/fixture/${id}/echo`, JSON.stringify({ count: 0 }));
    assert.equal(res.status, 400);
    assert.equal(((await problemOf(res)).errors as { field: string }[])[0]!.field, 'count');
    res = await post(
      `/api/fixture/${id}/echo`,
      JSON.stringify({ id: '1b9d6f4e-1c2a-4f7e-9a51-3c8f0e2d7b10', count: 1 }),
    );
    assert.equal(res.status, 400);
    assert.equal(((await problemOf(res)).errors as { field: string }[])[0]!.field, 'id');
    res = await post(`/api/fixture/not-a-uuid/echo`, JSON.stringify({ count: 1 }));
    assert.equal(res.status, 400);
    assert.equal(((await problemOf(res)).errors as { field: string }[])[0]!.field, 'id');
    res = await post(`/api/fixture/${id}/echo`, 'count=1', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(res.status, 415);
    assert.equal((await problemOf(res)).code, 'unsupported_media_type');
  });

  it('500 problem without internals for an unexpected exception', async () => {
    const res = await fetch(`${rest.url}/api/fixture/broken`, { headers: auth(h.sandbox.adminToken) });
    assert.equal(res.status, 500);
    const p = await problemOf(res);
    assert.equal(p.code, 'internal');
    assert.ok(!JSON.stringify(p).includes('secret internals'));
  });

  it('runs a registered destructive capability through preview and confirmation', async () => {
    const destructive = capabilities.find(
      (c) => c.rest && c.hints.destructiveHint && 'confirmationToken' in (c.input.shape as object) && samples[c.name],
    );
    assert.ok(destructive, 'a destructive capability with a confirmation token and a sample is registered');
    const real = await serveRest(appOptions(h));
    try {
      const ids = await resolveSampleIds(h.client, h.sandbox.adminToken);
      const op = restOperations([destructive])[0]!;
      const input = samples[destructive.name]!(ids);
      const first = requestFor(real.url, op, input);
      let res = await fetch(first.url, {
        ...first.init,
        headers: { ...auth(h.sandbox.adminToken), ...(first.init.headers as object) },
      });
      assert.equal(res.status, 200);
      const preview = (await res.json()) as { status: string; confirmation?: { token: string } };
      assert.equal(preview.status, 'confirmation_required');
      const second = requestFor(real.url, op, { ...input, confirmationToken: preview.confirmation!.token });
      res = await fetch(second.url, {
        ...second.init,
        headers: { ...auth(h.sandbox.adminToken), ...(second.init.headers as object) },
      });
      const text = await res.text();
      assert.equal(res.status, 200, text);
      assert.equal((JSON.parse(text) as { status: string }).status, 'done');
    } finally {
      await real.close();
    }
  });
});

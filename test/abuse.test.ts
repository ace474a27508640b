/**
 * Hold under abuse (issue 12): each attack of the hostile-client run, replayed small against the
 * real server and sandbox (REST over HTTP, MCP through the SDK client), or against the module that
 * holds the line where no server is needed. Row numbers follow the issue's table; the full-size
 * replays are `npm run attack` (docs/reliability.md). No timing assertions: bounds are counted.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { callerIdOf } from '../src/auth/caller.js';
import { createConfirmationService } from '../src/confirm/service.js';
import { CwayClient } from '../src/cway/client.js';
import { graphql } from '../src/cway/graphql.js';
import { AuthShield } from '../src/limits/auth-shield.js';
import { LogThrottle } from '../src/limits/log-throttle.js';
import { RateLimiter } from '../src/limits/rate-limit.js';
import { StreamGuard } from '../src/limits/stream-guard.js';
import { CapabilityError } from '../src/errors.js';
import { createGuard } from '../src/http/guard.js';
import { problemOf, startStack, textOf, type Stack } from './support/stack.js';

const TIMEOUT_MS = 400;
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: Stack;
before(async () => {
  stack = await startStack({
    toolsets: 'all',
    cway: { timeoutMs: TIMEOUT_MS, backoffBaseMs: 10, maxRetries: 2, gate: { perCaller: 2, queuePerCaller: 1 } },
  });
  assert.equal((await stack.rest('/api/me')).status, 200); // the admin's token check is now cached
});
after(() => stack.close());

const manager = () => stack.sandbox.users.find((u) => u.role === 'project_manager')!;
const asUser = (token: string, path: string, init: RequestInit = {}) =>
  stack.rest(path, { ...init, headers: { ...(init.headers as object), authorization: `Bearer ${token}` } });

async function projectsNamed(name: string): Promise<number> {
  const res = await stack.rest(`/api/projects?name=${encodeURIComponent(name)}&pageSize=100`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as { projects: { name: string }[] };
  return body.projects.filter((p) => p.name === name).length;
}

describe('row 2: a write whose answer is lost', () => {
  it('says "outcome unknown" (not retryable), names the id, and following its advice makes no duplicate', async () => {
    const name = `Lost answer ${randomBytes(4).toString('hex')}`;
    stack.sandbox.faults.set({ latencyMs: 1_200, operationNames: ['CreateProject'] });
    const res = await stack.rest('/api/projects', json({ name }));
    const p = await problemOf(res);
    stack.sandbox.faults.reset();
    assert.equal(res.status, 504);
    assert.match(p.detail, /^Outcome unknown/);
    const hint = p.hint ?? '';
    assert.doesNotMatch(`${p.detail} ${hint}`, /try again/i, 'never told to simply try again');
    const id = /projectId "([0-9a-f-]{36})"/.exec(hint)?.[1];
    assert.ok(id, `the hint names the project id to retry with: ${hint}`);
    assert.match(hint, /get_project/);

    // Follow the advice at once, while the lost create is still on its way to Cway.
    const again = await stack.rest('/api/projects', json({ name, projectId: id }));
    assert.equal(again.status, 200, await again.clone().text());
    const done = (await again.json()) as { project: { id: string }; steps: { step: string; status: string }[] };
    assert.equal(done.project.id, id);
    await sleep(1_500); // the lost create lands now, and must not make a second project
    assert.equal(await projectsNamed(name), 1);
    // A third call with the id finds it done.
    const third = (await (await stack.rest('/api/projects', json({ name, projectId: id }))).json()) as {
      steps: { step: string; status: string }[];
    };
    assert.deepEqual(third.steps, [{ step: 'create', status: 'already_done' }]);
    assert.equal(await projectsNamed(name), 1);
  });

  it('a mutation is sent once; a query whose reply was lost is retried (MCP says outcome unknown too)', async () => {
    const client = await stack.streamable();
    stack.sandbox.faults.set({ timeoutRate: 1, operationNames: ['CreateProject'] });
    const before = stack.upstream();
    const r = (await client.callTool({
      name: 'create_project',
      arguments: { name: 'Never answered' },
    })) as CallToolResult;
    stack.sandbox.faults.reset();
    assert.equal(r.isError, true);
    assert.match(textOf(r), /Outcome unknown/);
    assert.match(textOf(r), /Do not start a new project/);
    // WhoAmI + CreateProject (once) + the check for the project it chose.
    assert.ok(stack.upstream() - before <= 3, `upstream requests: ${stack.upstream() - before}`);
    await stack.release(client);
  });
});

describe('row 3: one caller cannot take another caller’s sockets', () => {
  it('a caller over its lane is refused at once while another caller is served', async () => {
    const other = manager();
    assert.equal((await asUser(other.token, '/api/me')).status, 200);
    stack.sandbox.faults.set({ timeoutRate: 1, operationNames: ['ProjectsPage'] });
    const before = stack.upstream();
    const hung = Array.from({ length: 6 }, () => stack.rest('/api/projects?pageSize=1'));
    await sleep(50);
    const innocent = await asUser(other.token, '/api/me');
    assert.equal(innocent.status, 200);
    const statuses = (await Promise.all(hung)).map((r) => r.status).sort();
    stack.sandbox.faults.reset();
    // lane of 2 in flight + 1 waiting: three of the six are refused with 429 before reaching Cway.
    assert.deepEqual(
      statuses.filter((s) => s === 429),
      [429, 429, 429],
    );
    // 3 admitted calls, each retried at most twice, plus the other caller's one: at most 10.
    assert.ok(stack.upstream() - before <= 10, `upstream: ${stack.upstream() - before}`);
  });

  it('health probes are coalesced: many /health requests while Cway hangs start one probe', async () => {
    // No /health was asked before in this file, so nothing is cached yet.
    stack.sandbox.faults.set({ timeoutRate: 1, operationNames: ['HealthPing'] });
    const before = stack.upstream();
    const answers = await Promise.all(Array.from({ length: 40 }, () => fetch(`${stack.url}/health`)));
    stack.sandbox.faults.reset();
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(stack.upstream() - before, 1);
  });
});

describe('row 7: one deadline per call across retries', () => {
  it('a hung query stops at the call deadline instead of waiting out every attempt', async () => {
    const { sandbox } = stack;
    const client = new CwayClient({
      url: sandbox.url,
      timeoutMs: 300,
      deadlineMs: 500,
      maxRetries: 5,
      backoffBaseMs: 1,
    });
    const Ping = graphql(`
      query AbuseHungPing {
        __typename
      }
    `);
    sandbox.faults.set({ timeoutRate: 1, operationNames: ['AbuseHungPing'] });
    const before = stack.upstream();
    const err = await client.request(Ping, {}, sandbox.adminToken).then(
      () => assert.fail('a hung query cannot succeed'),
      (e: unknown) => e,
    );
    sandbox.faults.reset();
    assert.ok(err instanceof CapabilityError && err.code === 'upstream_timeout');
    // 300 ms + 250 ms minimum slice > 500 ms deadline: a second attempt can never start.
    assert.equal(stack.upstream() - before, 1);
  });
});

describe('row 8: a multi-step write reports which steps completed', () => {
  it('create_project reports a failed step, and a retry with its projectId finishes the project', async () => {
    const name = `Half done ${randomBytes(4).toString('hex')}`;
    const pm = manager();
    stack.sandbox.faults.set({ errorRate: 1, operationNames: ['CreateProjectSetManager'] });
    const first = (await (await stack.rest('/api/projects', json({ name, projectManager: pm.username }))).json()) as {
      project: { id: string; projectManager: unknown };
      steps: { step: string; status: string }[];
      warnings: string[];
    };
    stack.sandbox.faults.reset();
    assert.deepEqual(
      first.steps.map((s) => `${s.step}:${s.status}`),
      ['create:done', 'set_manager:failed'],
    );
    assert.equal(first.project.projectManager, null);
    assert.match(first.warnings[0]!, new RegExp(first.project.id));
    const again = (await (
      await stack.rest('/api/projects', json({ name, projectManager: pm.username, projectId: first.project.id }))
    ).json()) as { project: { projectManager: { username: string } }; steps: { step: string; status: string }[] };
    assert.deepEqual(
      again.steps.map((s) => `${s.step}:${s.status}`),
      ['create:already_done', 'set_manager:done'],
    );
    assert.equal(again.project.projectManager.username, pm.username);
    assert.equal(await projectsNamed(name), 1);
  });

  it('a failure after a completed write names the write already done', async () => {
    stack.sandbox.faults.set({ errorRate: 1, operationNames: ['LifecycleProject'] });
    const res = await stack.rest('/api/projects', json({ name: `Unread ${randomBytes(4).toString('hex')}` }));
    const p = await problemOf(res);
    stack.sandbox.faults.reset();
    assert.equal(res.status, 502);
    assert.match(p.detail, /Already done before this failed: created project [0-9a-f-]{36}/);
  });
});

describe('row 11: control characters in names and text', () => {
  it('are refused with an error naming the field (REST and MCP); line breaks stay allowed in text', async () => {
    const before = stack.upstream();
    const res = await stack.rest('/api/projects', json({ name: '\u0000' }));
    const p = await problemOf(res);
    assert.equal(res.status, 400);
    assert.equal(p.errors?.[0]?.field, 'name');
    assert.match(p.errors?.[0]?.message ?? '', /control characters/);
    const client = await stack.streamable();
    const r = (await client.callTool({
      name: 'update_project',
      arguments: { projectId: '00000000-0000-4000-8000-000000000000', notes: 'ok\nthen \u001b[31mred' },
    })) as CallToolResult;
    assert.equal(r.isError, true);
    assert.match(textOf(r), /notes/);
    assert.match(textOf(r), /control characters/);
    assert.equal(stack.upstream() - before, 0, 'refused before Cway is asked');
    const ok = await stack.rest('/api/projects', json({ name: 'Two-line description', description: 'a\nb\tc' }));
    assert.equal(ok.status, 200);
    await stack.release(client);
  });
});

describe('rows 4 and 5: failed authentication and the rate limiter', () => {
  let s: Stack;
  before(async () => {
    s = await startStack({
      restRateLimit: { limit: 5, windowSeconds: 600 },
      mcpRateLimit: { limit: 10, windowSeconds: 600 },
    });
  });
  after(() => s.close());
  const bad = () => `junk-${randomBytes(12).toString('hex')}`;
  const withToken = (token: string) => s.rest('/api/me', { headers: { authorization: `Bearer ${token}` } });

  it('row 4: random tokens cost Cway at most the address budget, then 429 + Retry-After; good tokens still pass', async () => {
    assert.equal((await s.rest('/api/me')).status, 200); // a known-good token from this address
    const before = s.upstream();
    const started = performance.now();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const batch = await Promise.all(Array.from({ length: 25 }, () => withToken(bad())));
      statuses.push(...batch.map((r) => r.status));
      const limited = batch.find((r) => r.status === 429);
      if (limited) assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    }
    const upstream = s.upstream() - before;
    // The budget: 20 a minute per address, refilling one every 3 s while the refusals are held.
    const refilled = Math.ceil((performance.now() - started) / 3_000);
    assert.ok(upstream <= 20 + refilled, `upstream checks for 100 junk tokens: ${upstream} (refilled ${refilled})`);
    assert.equal(statuses.filter((x) => x === 401).length, upstream);
    assert.equal(statuses.filter((x) => x === 429).length, 100 - upstream);
    assert.equal((await s.rest('/api/me')).status, 200, 'the known-good token still passes');
  });

  it('row 4: refusals over budget are held (a closed-loop flood slows down), at most maxHeld at once', async () => {
    const shield = new AuthShield({ failuresPerAddress: 1, refusalDelayMs: 300, maxHeld: 1 });
    const refuse = async () => {
      throw new CapabilityError('unauthorized', 'no');
    };
    await assert.rejects(shield.check('bad-1', '10.0.0.9', refuse), { code: 'unauthorized' }); // spends the budget
    let heldSettled = false;
    const held = shield.check('bad-2', '10.0.0.9', refuse).finally(() => (heldSettled = true));
    held.catch(() => undefined);
    // The second refusal finds the one hold slot taken, so it is answered at once.
    await assert.rejects(shield.check('bad-3', '10.0.0.9', refuse), /Too many failed token checks/);
    assert.equal(heldSettled, false, 'the first refusal is still being held');
    await assert.rejects(held, /Too many failed token checks/);
  });

  it('row 4: the same refused token is checked once (negative cache, coalescing)', async () => {
    const shield = new AuthShield({ failuresPerAddress: 1000 });
    let calls = 0;
    const verify = async () => {
      calls++;
      await sleep(20);
      throw new CapabilityError('unauthorized', 'no');
    };
    const all = await Promise.allSettled(
      Array.from({ length: 50 }, () => shield.check('same-bad', '10.0.0.1', verify)),
    );
    assert.ok(all.every((r) => r.status === 'rejected'));
    await assert.rejects(shield.check('same-bad', '10.0.0.2', verify), /did not accept/);
    assert.equal(calls, 1);
  });

  it('row 5: an exhausted bucket stays exhausted through a flood of new tokens', async () => {
    let status = 200;
    for (let i = 0; i < 10 && status === 200; i++) status = (await s.rest('/api/me')).status;
    assert.equal(status, 429, 'the bucket of 5 is exhausted');
    await Promise.all(Array.from({ length: 50 }, () => withToken(bad())));
    const after = await s.rest('/api/me');
    assert.equal(after.status, 429);
    assert.equal(after.headers.get('ratelimit-remaining'), '0');
  });

  it('row 5: the limiter never evicts a bucket that is not full', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 3, windowSeconds: 60 }, () => now, 100);
    for (let i = 0; i < 3; i++) assert.equal(limiter.take('victim').allowed, true);
    assert.equal(limiter.take('victim').allowed, false);
    let capacity = 0;
    for (let i = 0; i < 10_000; i++) if (limiter.take(`flood-${i}`).reason === 'capacity') capacity++;
    assert.ok(limiter.size <= 100);
    assert.ok(capacity > 9_000);
    assert.equal(limiter.take('victim').allowed, false, 'still exhausted');
    now += 60_000; // everything refilled: full buckets may now make room
    assert.equal(limiter.take('newcomer').allowed, true);
  });

  it('row 4: failure log lines are rate-limited', () => {
    let now = 0;
    const throttle = new LogThrottle({ perWindow: 3, windowMs: 1000, clock: () => now });
    const written: number[] = [];
    for (let i = 0; i < 1000; i++) throttle.line('x', (suppressed) => written.push(suppressed));
    now = 1000;
    throttle.line('x', (suppressed) => written.push(suppressed));
    assert.deepEqual(written, [0, 0, 0, 997]);
  });
});

describe('row 12: confirmation tokens', () => {
  it('carry a keyed HMAC of the caller, not a hash of their Cway token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cway-confirm-'));
    try {
      const svc = createConfirmationService({ dir });
      const cwayToken = 'secret-cway-token';
      const callerId = callerIdOf(cwayToken);
      const binding = { action: 'delete_projects', targets: ['p1'], callerId };
      const { token } = svc.issue(binding, new Date());
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { c: string };
      assert.notEqual(claims.c, callerId);
      assert.ok(!token.includes(callerId));
      const other = createConfirmationService({ dir: mkdtempSync(join(tmpdir(), 'cway-confirm-')) });
      assert.notEqual(
        JSON.parse(Buffer.from(other.issue(binding, new Date()).token.split('.')[1]!, 'base64url').toString()).c,
        claims.c,
        'the tag depends on the installation key',
      );
      await assert.rejects(
        svc.redeem(token, { ...binding, callerId: callerIdOf('someone-else') }, new Date()),
        /another user/,
      );
      await svc.redeem(token, binding, new Date());
      await assert.rejects(svc.redeem(token, binding, new Date()), /already been used/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('row 13: exact loopback hosts only', () => {
  const guard = createGuard({ bindHost: '127.0.0.1', corsOrigins: [], publicUrl: null, allowedHosts: [] });
  const req = (headers: { host?: string; origin?: string }) => ({ host: headers.host, origin: headers.origin });
  it('refuses look-alike hosts and origins, accepts the three loopback names', async () => {
    for (const host of ['evil.localhost', 'localhost.evil.com', '127.0.0.2', '127.1.2.3:8000', 'evil.localhost:8000'])
      assert.equal(guard(req({ host })).ok, false, host);
    for (const origin of ['http://evil.localhost', 'http://evil.localhost:8000', 'http://127.0.0.2'])
      assert.equal(guard(req({ host: 'localhost:8000', origin })).ok, false, origin);
    for (const host of ['localhost:8000', '127.0.0.1:8000', '[::1]:8000', 'LOCALHOST'])
      assert.equal(guard(req({ host })).ok, true, host);
    assert.equal(guard(req({ host: 'localhost', origin: 'http://[::1]:3000' })).ok, true);
    const res = await fetch(`${stack.url}/health`, { headers: { origin: 'http://evil.localhost' } });
    assert.equal(res.status, 403);
  });
});

describe('row 1: a stream whose client stops reading (the guard, standalone until the SDK v2 surface lands)', () => {
  it('refuses new requests once the stream stops draining, and closes it over the hard bound', async () => {
    let serverRes: ServerResponse | undefined;
    const http = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
      serverRes = res;
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const { port } = http.address() as AddressInfo;
    const clientClosed = new Promise<void>((resolve) => {
      const req = request({ port, host: '127.0.0.1', path: '/sse' }, (res) => {
        res.once('data', () => res.pause()); // reads the first bytes, then never again
        res.on('close', resolve);
        res.on('error', resolve);
      });
      req.on('error', () => resolve());
      req.end();
    });
    while (!serverRes) await sleep(10);
    const guard = new StreamGuard(serverRes, {
      maxBufferedBytes: 256 * 1024,
      hardLimitBytes: 2 * 1024 * 1024,
      maxPending: 1000,
    });
    const answer = `data: ${'x'.repeat(64 * 1024)}\n\n`; // one "tools/list" answer, 64 KiB
    let accepted = 0;
    let firstRefusal: number | undefined;
    let closed = false;
    for (let post = 0; post < 10_000 && !closed; post++) {
      const v = guard.admit();
      if (v.ok) {
        accepted++;
        serverRes.write(answer);
        guard.done();
      } else {
        firstRefusal ??= post;
        assert.equal(v.status, 503);
        closed = v.closed;
        if (!closed) {
          // what the attacker would do next: keep posting; we write nothing for refused posts,
          // so the buffer only grows by what is still being written for accepted ones
          serverRes.write(answer);
        }
      }
    }
    assert.ok(firstRefusal !== undefined, 'posts were refused once the stream stopped draining');
    assert.ok(closed, 'the stream was closed over its hard bound');
    assert.ok(serverRes.destroyed);
    // Bounded: what was accepted never exceeded the bound by more than the socket's own buffers.
    assert.ok(accepted * 64 * 1024 < 64 * 1024 * 1024, `accepted ${accepted}`);
    await clientClosed;
    await new Promise<void>((r) => http.close(() => r()));
  });

  it('caps requests waiting for an answer on one stream', () => {
    const stream = { writableLength: 0, destroyed: false, destroy() {} };
    const guard = new StreamGuard(stream, { maxPending: 3 });
    assert.deepEqual(
      [guard.admit().ok, guard.admit().ok, guard.admit().ok, guard.admit().ok],
      [true, true, true, false],
    );
    guard.done();
    assert.equal(guard.admit().ok, true);
  });
});

describe('rows 1, 4 and 6 on the MCP surface', () => {
  const init = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'abuse', version: '1' } },
  };
  const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

  it('row 4: MCP initialize with the same bad token is checked with Cway once', async () => {
    const before = stack.upstream();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${stack.url}/mcp`, {
          method: 'POST',
          headers: { ...mcpHeaders, authorization: 'Bearer the-same-bad-token' },
          body: JSON.stringify(init),
        }),
      ),
    );
    assert.ok(answers.every((a) => a.status === 401));
    assert.equal(stack.upstream() - before, 1);
  });

  it('row 6: MCP requests of one caller are rate-limited with 429 + Retry-After', async () => {
    const s = await startStack({ mcpRateLimit: { limit: 10, windowSeconds: 600 } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 15; i++) {
        const r = await fetch(`${s.url}/mcp`, { method: 'POST', headers: mcpHeaders, body: JSON.stringify(init) });
        statuses.push(r.status);
        if (r.status === 429) retryAfter = r.headers.get('retry-after');
        await r.body?.cancel();
      }
      assert.equal(statuses.filter((x) => x === 200).length, 10);
      assert.equal(statuses.filter((x) => x === 429).length, 5);
      assert.ok(Number(retryAfter) >= 1);
    } finally {
      await s.close();
    }
  });

  it('row 1: a legacy SSE client that stops reading gets 503s, then its stream is closed', async () => {
    const { endpoint, closed } = await new Promise<{ endpoint: string; closed: Promise<void> }>((resolve, reject) => {
      const req = request(`${stack.url}/sse`, { headers: { accept: 'text/event-stream' } }, (res) => {
        let buf = '';
        const closed = new Promise<void>((done) => {
          res.on('close', () => done());
          res.on('error', () => done());
        });
        const onData = (c: Buffer) => {
          buf += c.toString('utf8');
          const m = /event: endpoint\ndata: (\S+)/.exec(buf);
          if (m) {
            res.off('data', onData);
            res.pause(); // never reads again
            resolve({ endpoint: new URL(m[1]!, stack.url).toString(), closed });
          }
        };
        res.on('data', onData);
      });
      req.on('error', reject);
      req.end();
    });
    const post = (body: object) =>
      fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post(init)).status, 202);
    await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const statuses: number[] = [];
    let streamClosed = false;
    void closed.then(() => (streamClosed = true));
    const until = Date.now() + 45_000; // over 1 MiB for 30 s closes it, if 8 MiB did not first
    for (let i = 0; !streamClosed && Date.now() < until; i++) {
      const r = await post({ jsonrpc: '2.0', id: 10 + i, method: 'tools/list' });
      statuses.push(r.status);
      if (r.status === 404) {
        streamClosed = true; // the server closed the stream, and the session went with it
        break;
      }
      if (r.status === 503) await sleep(100);
    }
    assert.ok(
      statuses.includes(503),
      `posts were refused once the stream stopped draining: ${JSON.stringify(statuses.slice(0, 20))}`,
    );
    const counts = JSON.stringify(
      Object.fromEntries([...new Set(statuses)].map((x) => [x, statuses.filter((y) => y === x).length])),
    );
    // Closed by the server (over 8 MiB, or over 1 MiB for 30 s): its session is gone.
    assert.ok(streamClosed, `the stream was closed by the server (posts: ${counts})`);
    void closed;
    assert.equal((await fetch(`${stack.url}/health`)).status, 200);
  });
});

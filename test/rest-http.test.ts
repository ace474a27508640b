/**
 * Web conventions of the REST surface, through real HTTP against the sandbox: per-caller rate
 * limits, CORS, gzip, ETag/304, the response size cap, and the unauthenticated document and docs.
 */
import { publishedOutput } from '../src/capabilities/run.js';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { startHarness, type Harness } from './support/harness.js';
import { capabilities } from '../src/capabilities/index.js';
import { restOperations } from '../src/surfaces/rest/routes.js';
import {
  appOptions,
  auth,
  findRestCapability as find,
  problemOf,
  rawGet,
  serveRest,
  type Served,
} from './rest-support.js';

describe('REST web conventions', { timeout: 240_000 }, () => {
  let h: Harness;
  let rest: Served;
  let admin: string;
  const toClose: Served[] = [];

  before(async () => {
    h = await startHarness();
    rest = await serveRest(appOptions(h));
    admin = h.sandbox.adminToken;
  });
  after(async () => {
    for (const s of toClose) await s.close();
    await rest?.close();
    await h?.close();
  });

  it('429 with Retry-After and RateLimit headers once a caller spends the bucket; other callers unaffected', async () => {
    const limited = await serveRest(appOptions(h, { rateLimit: { limit: 2, windowSeconds: 3600 } }));
    toClose.push(limited);
    const call = (token: string) => fetch(`${limited.url}/api/projects?pageSize=1`, { headers: auth(token) });
    const first = await call(admin);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('ratelimit-limit'), '2');
    assert.equal(first.headers.get('ratelimit-remaining'), '1');
    await first.body?.cancel();
    assert.equal((await call(admin)).status, 200);
    const third = await call(admin);
    assert.equal(third.status, 429);
    assert.equal(third.headers.get('ratelimit-remaining'), '0');
    const retry = Number(third.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry >= 1, `Retry-After ${third.headers.get('retry-after')}`);
    const p = await problemOf(third);
    assert.equal(p.code, 'rate_limited');
    assert.equal(p.retryAfterSeconds, retry);
    const other = await call(h.tokenOf('orderer'));
    assert.equal(other.status, 200);
    await other.body?.cancel();
  });

  it('CORS: allowed origins get the headers, others do not', async () => {
    const preflight = (origin: string) =>
      fetch(`${rest.url}/api/projects`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    let res = await preflight('https://chatgpt.com');
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://chatgpt.com');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
    res = await preflight('https://evil.example');
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    res = await fetch(`${rest.url}/api/projects?pageSize=1`, {
      headers: auth(admin, { origin: 'https://chat.openai.com' }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://chat.openai.com');
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /RateLimit-Remaining/);
    await res.body?.cancel();
  });

  it('gzip-compresses large answers', async () => {
    const res = await rawGet(`${rest.url}/api/projects?pageSize=50`, { ...auth(admin), 'accept-encoding': 'gzip' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'gzip');
    const body = JSON.parse(gunzipSync(res.body).toString('utf8')) as { projects: unknown[] };
    assert.ok(body.projects.length > 0);
    const doc = await rawGet(`${rest.url}/openapi.json`, { 'accept-encoding': 'gzip' });
    assert.equal(doc.headers['content-encoding'], 'gzip');
    assert.equal(JSON.parse(gunzipSync(doc.body).toString('utf8')).openapi, '3.1.0');
  });

  it('ETag on GET and 304 for a matching If-None-Match', async () => {
    const url = `${rest.url}/api/projects?pageSize=3`;
    const first = await fetch(url, { headers: auth(admin) });
    assert.equal(first.status, 200);
    const tag = first.headers.get('etag');
    assert.ok(tag, 'an ETag');
    await first.body?.cancel();
    const second = await fetch(url, { headers: auth(admin, { 'if-none-match': tag }) });
    assert.equal(second.status, 304);
    assert.equal((await second.text()).length, 0);
    const changed = await fetch(`${rest.url}/api/projects?pageSize=4`, {
      headers: auth(admin, { 'if-none-match': tag }),
    });
    assert.equal(changed.status, 200);
    await changed.body?.cancel();
  });

  it('cuts answers over the size cap, with a note, still valid for the output schema', async () => {
    const small = await serveRest(appOptions(h, { maxResponseChars: 2000 }));
    toClose.push(small);
    const res = await fetch(`${small.url}/api/projects?pageSize=50`, { headers: auth(admin) });
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.ok(text.length <= 2000, `${text.length} characters`);
    const body = JSON.parse(text) as { projects: unknown[]; truncated?: string };
    assert.ok(body.truncated, 'a truncation note');
    // The same note, in the same place, as over MCP: one cut-to-size algorithm for every surface.
    const cut = /projects: (\d+) of (\d+) items/.exec(body.truncated);
    assert.ok(cut && Number(cut[1]) === body.projects.length && Number(cut[2]) > Number(cut[1]), body.truncated);
    assert.ok(publishedOutput(find('list_projects')!).schema.safeParse(body).success);
  });

  it('serves /openapi.json and /docs without a token', async () => {
    let res = await fetch(`${rest.url}/openapi.json`);
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { servers: { url: string }[]; paths: Record<string, unknown> };
    assert.equal(doc.servers[0]!.url, rest.url);
    assert.equal(Object.keys(doc.paths).length, new Set(restOperations(capabilities).map((o) => o.path)).size);
    res = await fetch(`${rest.url}/openapi.json?toolsets=projects`);
    const projectsOnly = (await res.json()) as { tags: { name: string }[] };
    assert.deepEqual(
      projectsOnly.tags.map((t) => t.name),
      ['projects'],
    );
    res = await fetch(`${rest.url}/openapi.json?toolsets=nope`);
    assert.equal(res.status, 400);
    assert.equal((await problemOf(res)).code, 'invalid_input');
    res = await fetch(`${rest.url}/docs`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /swagger-ui-bundle\.js/);
    res = await fetch(`${rest.url}/docs/swagger-ui-bundle.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    await res.body?.cancel();
    res = await fetch(`${rest.url}/docs/package.json`);
    assert.equal(res.status, 404);
    await res.body?.cancel();
  });
});

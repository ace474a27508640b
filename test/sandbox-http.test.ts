/** The sandbox over HTTP: routes, auth, bad input, admin endpoints, file links, the root-field safety net. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildSchema, execute, parse } from 'graphql';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { sandboxResolvers } from '../sandbox/resolvers/index.js';
import { contractSdl } from '../src/cway/contract.js';

let sb: Sandbox;
before(async () => {
  sb = await startSandbox({ seed: 3 });
});
after(() => sb.close());

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(sb.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sb.adminToken}`, ...headers },
    body,
  });

async function callApi(query: string, variables?: unknown, token = sb.adminToken) {
  const res = await post(JSON.stringify({ query, variables }), { authorization: `Bearer ${token}` });
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: Record<string, unknown> | null;
      errors?: Array<{ message: string; extensions?: { code?: string } }>;
    },
  };
}

test('GET /health answers ok without a token', async () => {
  const res = await fetch(sb.url.replace('/graphql', '/health'));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ok: true });
});

test('a missing or unknown token is a 401 with UNAUTHENTICATED', async () => {
  for (const headers of [
    { authorization: '' },
    { authorization: 'Bearer sbx-admin-0000000000000000' },
    { authorization: 'Basic abc' },
  ]) {
    const res = await post(JSON.stringify({ query: '{ loginInfo { user { id } } }' }), headers);
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), {
      errors: [{ message: 'Unauthorized', extensions: { code: 'UNAUTHENTICATED' } }],
    });
  }
});

test('every seeded token authenticates as its user', async () => {
  for (const u of sb.users) {
    const { body } = await callApi('{ loginInfo { user { id username } } }', undefined, u.token);
    assert.deepEqual(body.data, { loginInfo: { user: { id: u.id, username: u.username } } });
  }
});

test('malformed JSON, non-object bodies and a missing query are 400s', async () => {
  for (const raw of [
    '{"query": ',
    '[1,2]',
    '"text"',
    '{}',
    '{"query": ""}',
    '{"query": "{ __typename }", "variables": [1]}',
  ]) {
    const res = await post(raw);
    assert.equal(res.status, 400, raw);
    const body = (await res.json()) as { errors: Array<{ message: string }> };
    assert.ok(body.errors[0].message.length > 0);
  }
});

test('unknown fields and syntax errors are GraphQL errors, not crashes', async () => {
  const unknown = await callApi('{ projects { nope } }');
  assert.equal(unknown.status, 200);
  assert.equal(unknown.body.errors?.[0].extensions?.code, 'GRAPHQL_VALIDATION_FAILED');
  assert.equal(unknown.body.data, undefined);
  const syntax = await callApi('{ projects { ');
  assert.equal(syntax.body.errors?.[0].extensions?.code, 'GRAPHQL_PARSE_FAILED');
});

test('wrong variable types and bad scalar values are BAD_USER_INPUT', async () => {
  const q = 'query ($id: UUID!) { project(id: $id) { id } }';
  for (const id of [42, 'not-a-uuid', null]) {
    const { status, body } = await callApi(q, { id });
    assert.equal(status, 200);
    assert.equal(body.errors?.[0].extensions?.code, 'BAD_USER_INPUT', JSON.stringify(body));
  }
  const badDate = await callApi('mutation ($id: UUID!, $d: Date) { setDatesOnProject(id: $id, endDate: $d) }', {
    id: '00000000-0000-4000-8000-000000000000',
    d: '2026-02-30',
  });
  assert.equal(badDate.body.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
  assert.match(badDate.body.errors![0].message, /YYYY-MM-DD/);
  const literal = await callApi('{ project(id: "xyz") { id } }');
  assert.equal(literal.body.errors?.[0].extensions?.code, 'BAD_USER_INPUT');
});

test('bodies over 1 MB are refused with 413 and the server keeps serving', async () => {
  const big = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` });
  const res = await post(big);
  assert.equal(res.status, 413);
  const { body } = await callApi('{ __typename }');
  assert.deepEqual(body.data, { __typename: 'Query' });
});

test('unknown paths are 404 and other methods 405', async () => {
  assert.equal((await fetch(sb.url.replace('/graphql', '/nowhere'))).status, 404);
  assert.equal((await fetch(sb.url, { method: 'PUT', body: '{}' })).status, 405);
  assert.equal((await fetch(sb.url.replace('/graphql', '/health'), { method: 'POST' })).status, 405);
});

test('GET /graphql runs queries but not mutations', async () => {
  const headers = { authorization: `Bearer ${sb.adminToken}` };
  const q = new URLSearchParams({ query: 'query Me { loginInfo { user { username } } }', operationName: 'Me' });
  const ok = await fetch(`${sb.url}?${q}`, { headers });
  assert.equal(ok.status, 200);
  assert.equal(
    ((await ok.json()) as { data: { loginInfo: { user: { username: string } } } }).data.loginInfo.user.username,
    sb.users[0].username,
  );
  const m = new URLSearchParams({ query: 'mutation { markAllSharesAsRead }' });
  assert.equal((await fetch(`${sb.url}?${m}`, { headers })).status, 405);
});

test('repeated queries are served from the document cache with the same answer', async () => {
  const q = '{ projects(paging: {page: 0, pageSize: 3}) { totalHits projects { id } } }';
  const a = await callApi(q);
  const b = await callApi(q);
  assert.deepEqual(a.body, b.body);
});

test('the admin endpoint needs the admin token', async () => {
  const stats = sb.url.replace('/graphql', '/__sandbox/stats');
  assert.equal((await fetch(stats)).status, 401);
  const other = sb.users.find((u) => u.role !== 'admin')!;
  assert.equal((await fetch(stats, { headers: { authorization: `Bearer ${other.token}` } })).status, 403);
  const res = await fetch(stats, { headers: { authorization: `Bearer ${sb.adminToken}` } });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { requests: number };
  assert.equal(body.requests, sb.stats().requests);
  assert.ok(body.requests > 0);
});

test('temporary file links are signed sandbox URLs; downloads serve a placeholder, uploads register the file', async () => {
  const { body } = await callApi(
    '{ itemsForOrganisation(input: {}) { items { ... on FileFolderItem { file { id name } } } } }',
  );
  const file = (
    body.data!.itemsForOrganisation as { items: Array<{ file?: { id: string; name: string } }> }
  ).items.find((i) => i.file)!.file!;
  const link = (await callApi('query ($id: UUID!) { tempFileDownloadUrl(fileId: $id) }', { id: file.id })).body.data!
    .tempFileDownloadUrl as string;
  assert.ok(link.startsWith(sb.url.replace('/graphql', '/__sandbox/files/')));
  const download = await fetch(link);
  assert.equal(download.status, 200);
  assert.match(await download.text(), new RegExp(file.name.replace(/[().]/g, '.')));
  assert.equal((await fetch(link.replace(/signature=[0-9a-f]+/, 'signature=00'))).status, 403);

  const newId = '6f0c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f';
  const upload = (
    await callApi('query ($id: UUID!) { tempFileUploadUrl(fileId: $id, filename: "proof.pdf") }', { id: newId })
  ).body.data!.tempFileUploadUrl as string;
  assert.equal((await fetch(upload, { method: 'PUT', body: 'PDF bytes' })).status, 200);
  const f = (await callApi('query ($id: UUID!) { file(uuid: $id) { name size } }', { id: newId })).body.data!.file;
  assert.deepEqual(f, { name: 'proof.pdf', size: 9 });
});

test('a contract root field without an implementation answers NOT_IMPLEMENTED_IN_SANDBOX', () => {
  const sdl = `${contractSdl}\nextend type Query { somethingNew: String }`;
  const schema = makeExecutableSchema({ typeDefs: sdl, resolvers: sandboxResolvers(buildSchema(sdl)) });
  const result = execute({ schema, document: parse('{ somethingNew }'), contextValue: {} }) as {
    errors?: Array<{ message: string; extensions: { code?: string } }>;
  };
  assert.equal(result.errors?.[0].extensions.code, 'NOT_IMPLEMENTED_IN_SANDBOX');
  assert.match(result.errors![0].message, /Query\.somethingNew/);
});

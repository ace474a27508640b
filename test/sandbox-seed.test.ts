/** The seed: deterministic for a seed, different across seeds, the scale option, the CLI. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Sandbox } from '../sandbox/server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests walk untyped GraphQL JSON
type Json = Record<string, any>;
const NOW = new Date('2026-01-20T08:00:00Z');

async function data(sb: Sandbox, query: string, variables: Json = {}): Promise<Json> {
  const res = await fetch(sb.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${sb.adminToken}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: Json; errors?: unknown };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

const SNAPSHOT = `{ projects(paging: {page: 0, pageSize: 500}) { totalHits projects { id name state created lastActivity
    artworks { id name state latestActivity approvers { userId approver { approved rejected } } revisions { id revisionNo created corrections { id text } } } } }
  organisation { id users { id username } teams { id } artworkCategories { id } }
  tree { id name } findShares(includeRead: true) { id validToDate } brands { id } printSpecifications { id } }`;

async function snapshot(opts: { seed: number; projects?: number }) {
  const sb = await startSandbox({ ...opts, now: NOW });
  try {
    const histories: Json[] = [];
    const d = await data(sb, SNAPSHOT);
    for (const p of d.projects.projects.slice(0, 12))
      histories.push(
        await data(sb, 'query ($id: UUID!) { projectHistory(projectId: $id) { id timestamp name description } }', {
          id: p.id,
        }),
      );
    return { users: sb.users, data: d, histories };
  } finally {
    await sb.close();
  }
}

test('the same seed and clock give the same data, ids and tokens', async () => {
  const a = await snapshot({ seed: 42 });
  const b = await snapshot({ seed: 42 });
  assert.deepEqual(a, b);
  const c = await snapshot({ seed: 43 });
  assert.notDeepEqual(
    c.data.projects.projects.map((p: Json) => p.id),
    a.data.projects.projects.map((p: Json) => p.id),
  );
  assert.deepEqual(
    c.data.projects.projects.map((p: Json) => p.name),
    a.data.projects.projects.map((p: Json) => p.name),
    'the stories keep their names',
  );
  assert.notDeepEqual(
    c.users.map((u) => u.token),
    a.users.map((u) => u.token),
  );
});

test('seeded users: eight, username = e-mail, one per role (two project managers, two approvers), sbx- tokens', async () => {
  const { users } = await snapshot({ seed: 1 });
  assert.equal(users.length, 8);
  const roles = users.map((u) => u.role).sort();
  assert.deepEqual(roles, [
    'admin',
    'approver',
    'approver',
    'orderer',
    'project_manager',
    'project_manager',
    'receiver',
    'supplier',
  ]);
  for (const u of users) {
    assert.match(u.username, /^[a-z.]+@[a-z]+\.example$/);
    assert.match(u.token, new RegExp(`^sbx-${u.role}-[0-9a-f]{16}$`));
  }
});

test('lastActivity equals the newest history event of every project', async () => {
  const { data: d, histories } = await snapshot({ seed: 1 });
  d.projects.projects.slice(0, 12).forEach((p: Json, i: number) => {
    const newest = Math.max(...histories[i].projectHistory.map((e: Json) => e.timestamp));
    assert.equal(Date.parse(`${p.lastActivity}Z`), Math.floor(newest / 1000) * 1000, p.name);
  });
});

test('the scale option adds generated projects, deterministically, and filters still work', async () => {
  const a = await snapshot({ seed: 9, projects: 300 });
  const b = await snapshot({ seed: 9, projects: 300 });
  assert.deepEqual(a.data, b.data);
  const sb = await startSandbox({ seed: 9, projects: 300, now: NOW });
  try {
    const all = await data(sb, '{ projects { totalHits } }');
    assert.equal(all.projects.totalHits, 300 + 11);
    const counts = await data(
      sb,
      '{ projects(paging: {page: 0, pageSize: 500}) { projects { state artworks { id } } } }',
    );
    const artworks = counts.projects.projects.reduce((n: number, p: Json) => n + p.artworks.length, 0);
    assert.ok(artworks > 300 * 6 && artworks < 300 * 14 + 40);
    const page = await data(
      sb,
      '{ projects(filter: {name: "refill", states: [IN_PROGRESS]}, paging: {page: 1, pageSize: 10}) { page totalHits projects { name state lastActivity } } }',
    );
    assert.ok(page.projects.totalHits > 0);
    for (const p of page.projects.projects) {
      assert.match(p.name, /refill/i);
      assert.equal(p.state, 'IN_PROGRESS');
      assert.ok(p.lastActivity);
    }
    const approver = sb.users.find((u) => u.role === 'approver')!;
    const res = await fetch(sb.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${approver.token}` },
      body: JSON.stringify({ query: '{ projects { totalHits } artworksToApprove { id } }' }),
    });
    const mine = ((await res.json()) as { data: Json }).data;
    assert.ok(mine.projects.totalHits < all.projects.totalHits);
    assert.ok(mine.artworksToApprove.length > 0);
  } finally {
    await sb.close();
  }
});

test('the CLI prints exactly one JSON object with --json and stops on SIGTERM', async () => {
  const cli = fileURLToPath(new URL('../sandbox/cli.js', import.meta.url));
  const script = `import(${JSON.stringify(cli)}).then((m) => m.runSandboxCli(process.argv.slice(1)))`;
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', script, '--', '--port', '0', '--seed', '4', '--json'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (out.includes('\n')) resolve();
    });
  });
  const printed = JSON.parse(out) as { url: string; users: Array<{ username: string; role: string; token: string }> };
  assert.match(printed.url, /^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  assert.equal(printed.users.length, 8);
  assert.deepEqual(Object.keys(printed.users[0]).sort(), ['role', 'token', 'username']);
  assert.equal((await fetch(printed.url.replace('/graphql', '/health'))).status, 200);
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  assert.equal(code, 0);
  assert.equal(out.trim().split('\n').length, 1, 'nothing else on stdout');
});

/**
 * The settings for running several instances: `--store` / DATABASE_URL (a secret: never echoed in
 * an error, a log line or the banner), `--instances N` (each instance allows 1/N of the per-caller
 * rate limits, seen on real REST and MCP answers), and LOG_OUTPUT=stdout (JSON lines only on
 * stdout, the banner on stderr), the last with a real process on a throwaway PostgreSQL.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';
import { startServer, type RunningServer } from '../src/server.js';
import { missingPostgres, startPostgres, type TestPostgres } from './support/postgres.js';

const root = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../' : '../', import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cway-scale-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const config = (argv: string[], env: Record<string, string> = {}) =>
  loadConfig({ argv, env: { LOG_DIR: 'off', ...env }, cwd: tempDir() });
const problems = (argv: string[], env: Record<string, string> = {}) => {
  try {
    config(argv, env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.message;
  }
  return assert.fail('expected a configuration error');
};

describe('configuration for several instances', () => {
  it('selects the store from --store or DATABASE_URL; SQLite stays the default', () => {
    assert.equal(config([]).databaseUrl, null);
    assert.equal(config(['--store', 'sqlite']).databaseUrl, null);
    assert.equal(
      config([], { DATABASE_URL: 'postgres://a:b@db:5432/cway' }).databaseUrl,
      'postgres://a:b@db:5432/cway',
    );
    assert.equal(
      config(['--store', 'postgresql://x@h/d'], { DATABASE_URL: 'postgres://a@b/c' }).databaseUrl,
      'postgresql://x@h/d',
      'the flag wins over the environment',
    );
  });

  it('refuses a bad store value without repeating it (it may hold a password)', () => {
    const msg = problems(['--store', 'mysql://root:hunter2-secret@db/x']);
    assert.match(msg, /--store: must be "sqlite" or a postgres:\/\//);
    assert.ok(!msg.includes('hunter2-secret'), msg);
    const env = problems([], { DATABASE_URL: 'postgres://u:hunter2-secret@[bad' });
    assert.match(env, /DATABASE_URL: not a valid postgres:\/\/ URL/);
    assert.ok(!env.includes('hunter2-secret'), env);
  });

  it('takes --instances / CWAY_INSTANCES as a whole number from 1, and LOG_OUTPUT stderr|stdout', () => {
    assert.equal(config([]).instances, 1);
    assert.equal(config(['--instances', '3']).instances, 3);
    assert.equal(config([], { CWAY_INSTANCES: '4' }).instances, 4);
    assert.match(problems(['--instances', '0']), /--instances="0": must be a whole number from 1/);
    assert.equal(config([], { LOG_OUTPUT: 'stdout' }).logOutput, 'stdout');
    assert.match(problems([], { LOG_OUTPUT: 'file' }), /LOG_OUTPUT="file": must be stderr or stdout/);
    assert.match(problems(['--mode', 'stdio'], { LOG_OUTPUT: 'stdout' }), /stdio mode sends MCP messages on stdout/);
  });
});

describe('--instances 3 gives each instance a third of the per-caller limits', { timeout: 120_000 }, () => {
  let server: RunningServer;
  before(async () => {
    const dir = tempDir();
    server = await startServer(
      loadConfig({
        argv: ['--port', '0', '--instances', '3'],
        env: { LOG_DIR: 'off', CWAY_DATA_DIR: join(dir, 'data') },
        cwd: dir,
      }),
      { graceMs: 1000 },
    );
  });
  after(() => server?.close());

  const auth = () => ({ authorization: `Bearer ${server.runtime.defaultToken}` });
  /** Calls until the first 429; how many were allowed, in how many seconds, and the refusal. */
  async function exhaust(call: () => Promise<Response>, max: number) {
    const started = performance.now();
    let allowed = 0;
    for (let i = 0; i < max; i++) {
      const res = await call();
      const text = await res.text();
      if (res.status === 429) return { allowed, seconds: (performance.now() - started) / 1000, res, text };
      assert.equal(res.status, 200, text);
      allowed++;
    }
    return assert.fail(`no 429 after ${max} calls`);
  }
  /** What a bucket of `limit` per 60 s may allow in `seconds`: the burst plus the refill. */
  const ceiling = (limit: number, seconds: number) => limit + Math.ceil((limit * seconds) / 60) + 1;

  it('REST allows 40 of the default 120 per minute, then refuses with 429', async () => {
    const r = await exhaust(() => fetch(`${server.url}/api/projects?pageSize=1`, { headers: auth() }), 200);
    assert.equal(r.res.headers.get('ratelimit-policy'), '40;w=60');
    assert.ok(r.allowed >= 40 && r.allowed <= ceiling(40, r.seconds), `allowed ${r.allowed} in ${r.seconds} s`);
  });

  it('the auth shield allows an address 6 of the default 20 failed token checks per minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${server.url}/api/projects?pageSize=1`, {
        headers: { authorization: `Bearer not-a-real-token-${i}` },
      });
      await res.arrayBuffer();
      statuses.push(res.status);
    }
    // 6 checks reach Cway and are refused (401); the address is then over its budget (429). A
    // seventh 401 may slip in when the budget refilled meanwhile (6 a minute: one per 10 s).
    const firstRefusal = statuses.indexOf(429);
    assert.ok(firstRefusal === 6 || firstRefusal === 7, JSON.stringify(statuses));
    assert.ok(
      statuses.slice(0, 6).every((s) => s === 401),
      JSON.stringify(statuses),
    );
  });

  it('MCP allows 400 of the default 1,200 per minute, then refuses with 429', async () => {
    const envelope = {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'scale-settings', version: '1.0.0' },
      'io.modelcontextprotocol/clientCapabilities': {},
    };
    const r = await exhaust(
      () =>
        fetch(`${server.url}/mcp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...auth() },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: envelope } }),
        }),
      2000,
    );
    assert.equal(r.res.headers.get('ratelimit-policy'), '400;w=60');
    assert.match(r.text, /at most 400 per minute/);
    assert.ok(r.allowed >= 400 && r.allowed <= ceiling(400, r.seconds), `allowed ${r.allowed} in ${r.seconds} s`);
  });
});

describe('a real process on PostgreSQL with LOG_OUTPUT=stdout', { skip: missingPostgres(), timeout: 120_000 }, () => {
  let pg: TestPostgres;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg?.stop());

  it('writes only JSON lines to stdout, the banner (password masked) to stderr, and never the password', async () => {
    // trust authentication ignores the password, so a made-up one shows where it would leak.
    const url = pg.createDatabase('logs').replace('postgres://cway@', 'postgres://cway:pw-never-shown@');
    const dir = tempDir();
    const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js'), '--port', '0'], {
      // A Cway that is not there: the server starts all the same (its /health says degraded), and
      // prints the plain banner, which names the store.
      env: {
        ...process.env,
        DATABASE_URL: url,
        CWAY_API_URL: 'http://127.0.0.1:9/graphql',
        LOG_OUTPUT: 'stdout',
        LOG_DIR: 'off',
        CWAY_DATA_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    try {
      for (let i = 0; i < 600 && !/store: /.test(err); i++) {
        if (child.exitCode !== null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(err, /store: postgres:\/\/cway:\*\*\*@127\.0\.0\.1:\d+\/logs/, err);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const lines = out.trim().split('\n');
    const parsed = lines.map((l) => JSON.parse(l) as { msg?: string; store?: string; location?: string });
    const opened = parsed.find((l) => l.msg === 'store opened');
    assert.equal(opened?.store, 'postgres');
    assert.match(opened!.location!, /^127\.0\.0\.1:\d+\/logs$/);
    assert.ok(!out.includes('pw-never-shown') && !err.includes('pw-never-shown'), 'the password never appears');
  });
});

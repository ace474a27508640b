/**
 * Configuration (flags > env > .env > defaults, validated at start) and logs (request ids on
 * every line of a call, credentials redacted, size-based rotation).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { capabilities } from '../src/capabilities/index.js';
import { TOOLSETS } from '../src/capabilities/define.js';
import { ConfigError, DEFAULT_CWAY_URL, loadConfig } from '../src/config.js';
import { CwayClient } from '../src/cway/client.js';
import { createLogger, RotatingFile, withLogContext } from '../src/logging.js';
import { DEFAULT_TOOLSETS } from '../src/capabilities/select.js';
import { startHarness, type Harness } from './support/harness.js';
import { connectInMemory } from './support/mcp-clients.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'cway-mcp-config-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

const load = (argv: string[], env: Record<string, string> = {}, cwd = dir) => loadConfig({ argv, env, cwd });
const problems = (argv: string[], env: Record<string, string> = {}): string[] => {
  try {
    load(argv, env);
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
  assert.fail('expected a ConfigError');
};

describe('configuration', () => {
  test('defaults: all modes on 127.0.0.1:8000, default toolsets, demo mode', () => {
    const c = load([]);
    assert.equal(c.mode, 'all');
    assert.equal(c.host, '127.0.0.1');
    assert.equal(c.port, 8000);
    assert.deepEqual(c.toolsets, [...DEFAULT_TOOLSETS]);
    assert.equal(c.readOnly, false);
    assert.equal(c.demo, true);
    assert.equal(c.cwayUrl, DEFAULT_CWAY_URL);
    assert.equal(c.logDir, 'logs');
  });

  test('flags beat the environment, which beats .env', () => {
    const cwd = mkdtempSync(join(dir, 'dotenv-'));
    writeFileSync(
      join(cwd, '.env'),
      'MCP_SERVER_PORT=7001\nMCP_SERVER_HOST=0.0.0.0\nCWAY_TOOLSETS=media\nCWAY_API_TOKEN=from-dotenv\n',
    );
    const fromFile = load([], {}, cwd);
    assert.equal(fromFile.port, 7001);
    assert.equal(fromFile.host, '0.0.0.0');
    assert.deepEqual(fromFile.toolsets, ['media']);
    assert.equal(fromFile.cwayToken, 'from-dotenv');
    assert.equal(fromFile.demo, false, 'a token means the real Cway');
    const fromEnv = load([], { MCP_SERVER_PORT: '8001' }, cwd);
    assert.equal(fromEnv.port, 8001);
    const fromFlag = load(['--port', '9000', '--toolsets', 'all', '--read-only'], { MCP_SERVER_PORT: '8001' }, cwd);
    assert.equal(fromFlag.port, 9000);
    assert.deepEqual(fromFlag.toolsets, [...TOOLSETS]);
    assert.equal(fromFlag.readOnly, true);
    assert.equal(fromFlag.toolsetsChosen, true);
  });

  test('env values are parsed: read-only words, toolset lists, origins, log dir off', () => {
    assert.equal(load([], { CWAY_READ_ONLY: 'yes' }).readOnly, true);
    assert.equal(load([], { CWAY_READ_ONLY: '0' }).readOnly, false);
    assert.deepEqual(
      load([], { CWAY_TOOLSETS: 'shares, default' }).toolsets,
      TOOLSETS.filter((t) => t === 'shares' || DEFAULT_TOOLSETS.includes(t)),
    );
    assert.deepEqual(load([], { CORS_ORIGINS: 'https://chat.openai.com, https://chatgpt.com' }).corsOrigins, [
      'https://chat.openai.com',
      'https://chatgpt.com',
    ]);
    assert.equal(load([], { LOG_DIR: 'off' }).logDir, null);
    const real = load([], { CWAY_API_URL: 'https://cway.example.com/graphql' });
    assert.equal(real.demo, false);
    assert.equal(real.cwayToken, null);
  });

  test('every problem is reported at once, naming the setting and its source', () => {
    const p = problems(['--port', '99999', '--mode', 'grpc', '--toolsets', 'projects,bogus'], {
      LOG_LEVEL: 'loud',
      CWAY_API_URL: 'not a url',
      CORS_ORIGINS: 'https://ok.example.com/path',
    });
    assert.equal(p.length, 6, p.join('\n'));
    assert.ok(p.some((x) => x.startsWith('--port="99999"') && /0 to 65535/.test(x)));
    assert.ok(p.some((x) => x.startsWith('--mode="grpc"') && /all, sse, rest, stdio/.test(x)));
    assert.ok(p.some((x) => x.includes('"bogus"') && x.includes('projects, users')));
    assert.ok(p.some((x) => x.startsWith('LOG_LEVEL="loud"')));
    assert.ok(p.some((x) => x.startsWith('CWAY_API_URL=')));
    assert.ok(p.some((x) => x.includes('not an origin')));
    assert.match(problems(['--bogus'])[0]!, /bogus/);
    assert.match(
      problems(['--mode', 'stdio'], { CWAY_API_URL: 'https://cway.example.com/graphql' })[0]!,
      /CWAY_API_TOKEN/,
    );
    const secret = problems(['--port', 'x'], { CWAY_API_TOKEN: 'super-secret-token' });
    assert.doesNotMatch(secret.join('\n'), /super-secret-token/);
  });
});

describe('logs', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  test('a tool call logs one line with its request id, tool, duration and outcome; Cway calls share the id; no token anywhere', async () => {
    const logDir = mkdtempSync(join(dir, 'logs-'));
    const { log, close } = createLogger({ level: 'debug', dir: logDir, fileName: 'test.log', stderr: false });
    const token = h.tokenOf('admin');
    const client = new CwayClient({ url: h.sandbox.url, logger: log });
    const s = await connectInMemory({ capabilities, client, services: h.services, log, token });
    try {
      await s.client.callTool({ name: 'list_projects', arguments: { pageSize: 2 } });
      await s.client.callTool({ name: 'get_project', arguments: { id: '00000000-0000-4000-8000-000000000000' } });
      log.info({ authorization: `Bearer ${token}`, nested: { token } }, 'redaction check');
      log.info(
        {
          confirmationToken: token,
          body: { refresh_token: token, access_token: token, password: token },
          oauth: { accessToken: token, refreshToken: token },
          config: { databaseUrl: `postgres://u:${token}@h/db` },
          res: { headers: { 'set-cookie': token, cookie: token } },
        },
        'redaction check, secrets by their other names',
      );
    } finally {
      await s.close();
      close();
    }
    const raw = readFileSync(join(logDir, 'test.log'), 'utf8');
    assert.doesNotMatch(raw, new RegExp(token), 'the token never reaches the log');
    const lines = raw
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const calls = lines.filter((l) => l.msg === 'tool call');
    assert.equal(calls.length, 2);
    const [ok, failed] = calls;
    assert.equal(ok!.tool, 'list_projects');
    assert.equal(ok!.outcome, 'ok');
    assert.equal(typeof ok!.ms, 'number');
    assert.equal(typeof ok!.reqId, 'string');
    assert.equal(failed!.outcome, 'error');
    assert.equal(failed!.code, 'not_found');
    const cway = lines.filter((l) => l.msg === 'cway call' && l.reqId === ok!.reqId);
    assert.ok(cway.length >= 1, 'the Cway client line carries the same request id');
    const redacted = lines.find((l) => l.msg === 'redaction check')!;
    assert.equal(redacted.authorization, '[redacted]');
    assert.deepEqual(redacted.nested, { token: '[redacted]' });
  });

  test('context fields nest and do not leak between calls', () => {
    const logDir = mkdtempSync(join(dir, 'ctx-'));
    const { log, close } = createLogger({ level: 'info', dir: logDir, fileName: 'ctx.log', stderr: false });
    withLogContext({ reqId: 'outer' }, () => {
      withLogContext({ tool: 'x' }, () => log.info({}, 'inner'));
      log.info({ extra: 1 }, 'outer-again');
    });
    log.info({}, 'outside');
    close();
    const lines = readFileSync(join(logDir, 'ctx.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual([lines[0]!.reqId, lines[0]!.tool], ['outer', 'x']);
    assert.deepEqual([lines[1]!.reqId, lines[1]!.tool, lines[1]!.extra], ['outer', undefined, 1]);
    assert.equal(lines[2]!.reqId, undefined);
  });

  test('routine lines are written in batches; warnings and errors at once; nothing is lost at close', async () => {
    const logDir = mkdtempSync(join(dir, 'batch-'));
    const path = join(logDir, 'b.log');
    const file = new RotatingFile(path);
    const read = () => readFileSync(path, 'utf8');
    file.write('{"level":"info","msg":"routine"}\n');
    assert.equal(read(), '', 'a routine line waits for the batch');
    file.write('{"level":"error","msg":"bad"}\n');
    assert.equal(read().trim().split('\n').length, 2, 'an error flushes everything before it, in order');
    file.write('{"level":"info","msg":"later"}\n');
    await new Promise((r) => setTimeout(r, 400));
    assert.match(read(), /"later"/, 'the batch is written within its time limit');
    file.write('{"level":"info","msg":"last"}\n');
    file.close();
    file.close();
    assert.match(read(), /"last"/, 'close writes what waits');
  });

  test('the log file rotates by size and keeps a bounded number of files', () => {
    const logDir = mkdtempSync(join(dir, 'rot-'));
    const file = new RotatingFile(join(logDir, 'r.log'), 1_000, 3);
    for (let i = 0; i < 100; i++) file.write(`${JSON.stringify({ i, pad: 'x'.repeat(80) })}\n`);
    file.close();
    const names = readdirSync(logDir).sort();
    assert.deepEqual(names, ['r.log', 'r.log.1', 'r.log.2', 'r.log.3']);
    for (const n of names) assert.ok(readFileSync(join(logDir, n)).length <= 1_000, n);
    const last = readFileSync(join(logDir, 'r.log'), 'utf8').trim().split('\n').pop()!;
    assert.equal((JSON.parse(last) as { i: number }).i, 99, 'the newest line is in the current file');
    assert.ok(!existsSync(join(logDir, 'r.log.4')));
  });
});

describe('auth modes', () => {
  test('none is the default on loopback, token elsewhere; oauth and the data dir come from flags or env', () => {
    assert.equal(load([]).auth, 'none');
    assert.equal(load(['--host', '0.0.0.0']).auth, 'token');
    const c = load(['--auth', 'oauth', '--data-dir', '/tmp/x']);
    assert.equal(c.auth, 'oauth');
    assert.equal(c.stateDir, '/tmp/x');
    assert.equal(load([], { AUTH_MODE: 'token', CWAY_DATA_DIR: '/tmp/y' }).stateDir, '/tmp/y');
  });

  test('none on a non-loopback address is refused unless forced', () => {
    const [p] = problems(['--host', '0.0.0.0', '--auth', 'none']);
    assert.match(p!, /--auth=none on 0\.0\.0\.0: .*as the demo admin.*--allow-unauthenticated/);
    assert.equal(load(['--host', '0.0.0.0', '--auth', 'none', '--allow-unauthenticated']).authForced, true);
  });

  test('oauth needs an HTTP mode and, off loopback, a PUBLIC_URL; a bad vault key is named', () => {
    assert.match(problems(['--auth', 'oauth', '--mode', 'stdio'])[0]!, /stdio has no HTTP caller/);
    assert.match(problems(['--auth', 'oauth', '--host', '0.0.0.0'])[0]!, /set PUBLIC_URL/);
    assert.match(problems(['--auth', 'bogus'])[0]!, /--auth="bogus": must be one of none, token, oauth/);
    assert.match(problems([], { CWAY_VAULT_KEY: 'short' })[0]!, /CWAY_VAULT_KEY: must be 32 random bytes/);
  });
});

/**
 * The `cway-mcp` command as a user runs it: --help, clear configuration errors, and the two
 * processes of `npm run start:sse` and `npm run start:rest` side by side on their own ports, each
 * in demo mode, each stopping cleanly on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { childEnv, INIT_PARAMS, mainCommand, run } from './support/mcp-clients.js';

const { command, args } = mainCommand();
let stateDir: string;
before(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'cway-mcp-cli-'));
});
after(() => {
  rmSync(stateDir, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  base: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts the CLI and waits for the banner to name its URL. */
function startCli(extra: string[], env: Record<string, string> = {}): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args, ...extra], {
      env: { ...childEnv(stateDir), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no URL announced within 90 s:\n${out.slice(-3000)}`));
    }, 90_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/localhost:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${m[1]}`, output: () => out, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before announcing a URL:\n${out.slice(-3000)}`));
    });
  });
}

async function stop(s: Started): Promise<number | null> {
  s.child.kill('SIGTERM');
  const timer = setTimeout(() => s.child.kill('SIGKILL'), 30_000);
  const code = await s.exited;
  clearTimeout(timer);
  return code;
}

const initialize = (base: string) =>
  fetch(`${base}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: INIT_PARAMS }),
  });

describe('the cway-mcp command', () => {
  test('--help describes commands and options', async () => {
    const r = await run(command, [...args, '--help'], { env: childEnv(stateDir), timeoutMs: 60_000 });
    assert.equal(r.code, 0);
    for (const word of ['sandbox', 'export-openapi', '--mode', '--toolsets', '--read-only', 'CWAY_API_TOKEN'])
      assert.ok(r.stdout.includes(word), word);
  });

  test('bad settings stop the start with exit code 2 and a clear message', async () => {
    const r = await run(command, [...args, '--port', 'eighty', '--mode', 'ftp'], {
      env: childEnv(stateDir),
      timeoutMs: 60_000,
    });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--port="eighty"/);
    assert.match(r.stderr, /--mode="ftp"/);
    assert.equal(r.stdout, '');
    const unknown = await run(command, [...args, 'serve-please'], { env: childEnv(stateDir), timeoutMs: 60_000 });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "serve-please"/);
  });

  test('--mode sse and --mode rest run side by side on their own ports and stop on SIGTERM', async () => {
    const [sse, rest] = await Promise.all([
      startCli(['--mode', 'sse', '--port', '0']),
      startCli(['--mode', 'rest', '--port', '0']),
    ]);
    try {
      assert.notEqual(sse.base, rest.base);
      assert.match(sse.output(), /DEMO MODE/);
      assert.match(sse.output(), /\/sse/);
      for (const s of [sse, rest]) {
        const h = await fetch(`${s.base}/health`);
        assert.equal(h.status, 200);
        assert.equal(((await h.json()) as { status: string }).status, 'ok');
      }
      const onSse = await initialize(sse.base);
      assert.equal(onSse.status, 200, 'MCP is served in sse mode');
      await onSse.arrayBuffer();
      const onRest = await initialize(rest.base);
      assert.equal(onRest.status, 404, 'MCP is not served in rest mode');
      await onRest.arrayBuffer();
    } finally {
      const codes = await Promise.all([stop(sse), stop(rest)]);
      assert.deepEqual(codes, [0, 0], 'both exit cleanly on SIGTERM');
    }
  });
});

/**
 * Graceful shutdown of the real CLI: `node dist/src/main.js` (from sources through tsx when the
 * test itself runs from sources) against a slow sandbox; calls in flight when SIGTERM arrives
 * complete with their answers, and the process exits 0.
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startSandbox, type Sandbox } from '../sandbox/server.js';
import { eventually, textOf } from './support/stack.js';

const here = fileURLToPath(import.meta.url);
const fromSource = here.endsWith('.ts');
const main = join(dirname(here), '..', 'src', fromSource ? 'main.ts' : 'main.js');

let sandbox: Sandbox;
let dir: string;
before(async () => {
  sandbox = await startSandbox({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'cway-shutdown-'));
});
after(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function startCli(): Promise<{
  proc: ChildProcess;
  url: string;
  exit: Promise<{ code: number | null; signal: string | null }>;
  stderr: () => string;
}> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...(fromSource ? ['--import', import.meta.resolve('tsx')] : []), main], {
    cwd: dir,
    env: {
      ...process.env,
      CWAY_API_URL: sandbox.url,
      CWAY_API_TOKEN: sandbox.adminToken,
      MCP_SERVER_PORT: String(port),
      LOG_DIR: 'off',
      LOG_LEVEL: 'warn',
      CWAY_STATE_DIR: join(dir, 'state'),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const up = await eventually(
    () =>
      proc.exitCode !== null ||
      fetch(`${url}/health`).then(
        (r) => r.arrayBuffer().then(() => r.ok),
        () => false,
      ),
    60_000,
    50,
  );
  if (!up || proc.exitCode !== null) {
    proc.kill('SIGKILL');
    assert.fail(`the CLI did not answer /health: ${stderr}`);
  }
  return { proc, url, exit, stderr: () => stderr };
}

it('SIGTERM lets in-flight MCP and REST calls finish, then the process exits 0', async () => {
  const cli = await startCli();
  const client = new Client({ name: 'shutdown', version: '1' });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(`${cli.url}/mcp`)));
    sandbox.faults.set({ latencyMs: 1_500, operationNames: ['ProjectsPage'] });
    const before = sandbox.stats().requests;
    const mcpCall = client.callTool({ name: 'list_projects', arguments: { pageSize: 2 } }) as Promise<CallToolResult>;
    const restCall = fetch(`${cli.url}/api/projects?pageSize=2`, {
      headers: { authorization: `Bearer ${sandbox.adminToken}` },
    });
    // The REST token check is one more upstream request before the slow one.
    assert.ok(
      await eventually(() => sandbox.stats().requests >= before + 3, 20_000, 10),
      'both calls reached the sandbox',
    );
    cli.proc.kill('SIGTERM');

    const mcp = await mcpCall;
    assert.ok(!mcp.isError, textOf(mcp));
    assert.ok(Array.isArray((mcp.structuredContent as { projects?: unknown[] }).projects));
    const rest = await restCall;
    assert.equal(rest.status, 200);
    assert.ok(Array.isArray(((await rest.json()) as { projects?: unknown[] }).projects));

    const exit = await cli.exit;
    assert.deepEqual(exit, { code: 0, signal: null }, cli.stderr());
  } finally {
    sandbox.faults.reset();
    await client.close().catch(() => {});
    if (cli.proc.exitCode === null) cli.proc.kill('SIGKILL');
  }
});

/**
 * The deployment recipe, run for real: deploy/cluster.sh brings up PostgreSQL, the sandbox, three
 * instances and HAProxy from the machine's Debian packages; then stateless 2026-07-28 calls are
 * spread over the instances, a 2025 session and a legacy SSE stream stay on the instance that
 * opened them, an instance drained with SIGTERM and one killed with SIGKILL do not stop service.
 * Skipped only when the haproxy or PostgreSQL binaries are absent (.ci/run installs both).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEvents, RawStreamableClient, type RpcMessage } from './support/mcp-clients.js';

const root = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../' : '../', import.meta.url));
const script = join(root, 'deploy', 'cluster.sh');

function missingBinaries(): string | undefined {
  if (spawnSync('haproxy', ['-v']).status !== 0) return 'haproxy is not installed (apt-get install haproxy)';
  const debian = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
    : false;
  if (!debian && spawnSync('initdb', ['--version']).status !== 0) {
    return 'PostgreSQL is not installed (apt-get install postgresql)';
  }
  return undefined;
}

const envelope = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'deploy-test', version: '1.0.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

async function rpcBody(res: Response): Promise<RpcMessage> {
  const text = await res.text();
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const data = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6));
    return JSON.parse(data.at(-1)!) as RpcMessage;
  }
  return JSON.parse(text) as RpcMessage;
}

/** The value of one sample of the Prometheus text; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) && want.every((w) => line.includes(w))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

const skip = missingBinaries();

describe('deployment recipe: PostgreSQL + HAProxy + three instances', { skip, timeout: 300_000 }, () => {
  let dir = '';
  const base = 20_000 + (process.pid % 300) * 30;
  let env: Record<string, string> = {};
  let token = '';

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cway-cluster-'));
    execFileSync('bash', [script, 'up', dir], {
      env: { ...process.env, BASE_PORT: String(base), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    env = Object.fromEntries(
      readFileSync(join(dir, 'cluster.env'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const sandbox = JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as { users: { token: string }[] };
    token = sandbox.users[0]!.token;
  });
  after(() => {
    if (!dir) return;
    spawnSync('bash', [script, 'down', dir], { stdio: 'ignore', timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
  });

  const auth = () => ({ authorization: `Bearer ${token}` });
  async function statelessCall(id: number): Promise<RpcMessage> {
    const res = await fetch(`${env.URL}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...auth() },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: 'list_projects', arguments: { pageSize: 1 }, _meta: envelope },
      }),
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    const msg = await rpcBody(res);
    if (!msg.result || (msg.result as { isError?: boolean }).isError) throw new Error(JSON.stringify(msg));
    return msg;
  }

  it('PostgreSQL answers on its loopback port', () => {
    const out = execFileSync(join(env.PG_BIN!, 'psql'), [env.DATABASE_URL!, '-Atc', 'select 1'], { encoding: 'utf8' });
    assert.equal(out.trim(), '1');
  });

  it('stateless 2026-07-28 calls are spread round-robin, and each instance /metrics shows its share', async () => {
    for (let i = 0; i < 12; i++) await statelessCall(i);
    for (const n of [1, 2, 3]) {
      const text = await (await fetch(`${env[`INSTANCE_${n}_URL`]}/metrics`)).text();
      const served = sample(text, 'cway_mcp_capability_calls_total', {
        capability: 'list_projects',
        surface: 'mcp',
        outcome: 'ok',
      });
      assert.ok(served >= 1, `instance ${n} served none of the 12 calls`);
    }
    const blocked = await fetch(`${env.URL}/metrics`);
    assert.equal(blocked.status, 404, 'HAProxy does not forward /metrics');
    await blocked.arrayBuffer();
  });

  it('a 2025 Streamable HTTP session stays on the instance that opened it', async () => {
    const c = new RawStreamableClient(`${env.URL}/mcp`, auth());
    await c.initialize();
    assert.ok(c.sessionId);
    for (let i = 0; i < 6; i++) {
      const r = await c.request('tools/call', { name: 'list_projects', arguments: { pageSize: 1 } });
      assert.ok(r.result && !(r.result as { isError?: boolean }).isError, JSON.stringify(r));
    }
    assert.equal(await c.close(), 200);
  });

  it('a legacy SSE stream and its POST /messages meet on one instance through HAProxy', async () => {
    const abort = new AbortController();
    const res = await fetch(`${env.URL}/sse`, {
      headers: { accept: 'text/event-stream', ...auth() },
      signal: abort.signal,
    });
    assert.equal(res.status, 200);
    const waiting = new Map<number, (m: RpcMessage) => void>();
    let endpointOf!: (u: string) => void;
    const endpoint = new Promise<string>((r) => (endpointOf = r));
    void readEvents(res.body!, (e) => {
      if (e.event === 'endpoint') return endpointOf(new URL(e.data, env.URL).href);
      const m = JSON.parse(e.data) as RpcMessage;
      if (typeof m.id === 'number') waiting.get(m.id)?.(m);
    }).catch(() => {});
    const url = await endpoint;
    const send = async (id: number | undefined, method: string, params: unknown) => {
      const answer = id === undefined ? undefined : new Promise<RpcMessage>((r) => waiting.set(id, r));
      const post = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth() },
        body: JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, params }),
      });
      await post.arrayBuffer();
      assert.equal(post.status, 202, `${method} reached an instance without the stream`);
      return answer;
    };
    await send(1, 'initialize', {
      protocolVersion: '2024-11-05',
      capabilities: {},
      clientInfo: { name: 'deploy-test', version: '1' },
    });
    await send(undefined, 'notifications/initialized', {});
    for (let id = 2; id < 8; id++) {
      const r = (await send(id, 'tools/call', { name: 'list_projects', arguments: { pageSize: 1 } }))!;
      assert.ok(r.result && !(r.result as { isError?: boolean }).isError, JSON.stringify(r));
    }
    abort.abort();
  });

  it('draining one instance (SIGTERM) loses no call; killing another (SIGKILL) loses at most those in flight', async () => {
    let next = 1000;
    const load = async (calls: number, concurrency: number, during: () => void) => {
      let errors = 0;
      let done = 0;
      let fired = false;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (done < calls) {
            done++;
            if (!fired && done > calls / 3) {
              fired = true;
              during();
            }
            await statelessCall(next++).catch(() => errors++);
          }
        }),
      );
      return errors;
    };
    const drained = await load(60, 4, () => process.kill(Number(env.INSTANCE_1_PID), 'SIGTERM'));
    assert.equal(drained, 0, 'a graceful drain lost calls');
    const killed = await load(60, 4, () => process.kill(Number(env.INSTANCE_2_PID), 'SIGKILL'));
    assert.ok(killed <= 4, `${killed} calls failed; at most the 4 in flight may`);
    // Afterwards the one instance left answers everything.
    for (let i = 0; i < 10; i++) await statelessCall(next++);
  });
});

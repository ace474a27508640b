/**
 * `npm run scale`: the scale-out "done when" load, through the recipe in deploy/ (PostgreSQL,
 * HAProxy, three instances, the sandbox):
 *
 *   - 25 stateless 2026-07-28 MCP clients (tools/call over plain POSTs),
 *   - 25 2025 Streamable HTTP clients (the MCP SDK's client, one session each),
 *   - 20 legacy SSE clients (the MCP SDK's SSE client),
 *
 * all calling `list_projects` in a loop through HAProxy for SECONDS (default 40), tokens spread over
 * the sandbox's eight people (limits are per caller). Halfway, one instance is killed (SIGKILL).
 * A sessionful client whose instance died opens a new session (as the SDK's users must) and goes on.
 *
 *   node dist/bench/scale.js [seconds=40] [pauseMs=1000]
 *
 * Each client pauses `pauseMs` between calls (an agent's pace, not a flood): limits are per caller
 * and each instance allows a third of them, so an unpaced loop by eight people would measure the
 * rate limiter, not the deployment (bench/cluster.ts measures throughput without pauses).
 *
 * Prints one JSON object: calls and failures before and after the kill, by client kind; how long
 * after the kill the last failure came; each instance's served-call count from its /metrics.
 * Exits 1 when a call failed before the kill, when more stateless calls failed after it than
 * there are stateless clients (only those in flight on the killed instance may fail), or when a
 * failure came more than 5 s after the kill (HAProxy checks every 1 s and gives up after 2).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { envelopeOf, statelessListProjects } from './lib/stateless.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'deploy', 'cluster.sh');
const seconds = Number(process.argv[2] ?? 40);
const pauseMs = Number(process.argv[3] ?? 1000);
const pause = () => new Promise((r) => setTimeout(r, pauseMs));
if (!(seconds >= 6)) throw new Error('seconds must be at least 6');
const envelope = envelopeOf('scale');

type Kind = 'stateless' | 'streamable' | 'sse';
interface Tally {
  calls: number;
  failed: number;
}
const phases = { before: new Map<Kind, Tally>(), after: new Map<Kind, Tally>() };
for (const m of Object.values(phases))
  for (const k of ['stateless', 'streamable', 'sse'] as Kind[]) m.set(k, { calls: 0, failed: 0 });
let killedAt = 0;
let lastFailureAt = 0;
const reconnects: Record<Kind, number> = { stateless: 0, streamable: 0, sse: 0 };
/** Failures by kind and reason (first 80 characters), with when they came relative to the kill. */
const failures = new Map<string, { n: number; firstS: number; lastS: number }>();

function count(kind: Kind, ok: boolean, why?: string): void {
  const t = (killedAt ? phases.after : phases.before).get(kind)!;
  if (ok) t.calls++;
  else {
    t.failed++;
    const now = performance.now();
    lastFailureAt = now;
    const key = `${kind}: ${(why ?? '').replace(/"id":\d+/g, '').slice(0, 80)}`;
    const at = killedAt ? Number(((now - killedAt) / 1000).toFixed(2)) : -1;
    const f = failures.get(key);
    if (f) {
      f.n++;
      f.lastS = at;
    } else failures.set(key, { n: 1, firstS: at, lastS: at });
  }
}

const dir = mkdtempSync(join(tmpdir(), 'cway-scale-'));
let exitCode = 0;
try {
  execFileSync('bash', [script, 'up', dir], { env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: 'inherit' });
  const env = Object.fromEntries(
    readFileSync(join(dir, 'cluster.env'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  ) as Record<string, string>;
  const tokens = (
    JSON.parse(readFileSync(join(dir, 'sandbox.json'), 'utf8')) as { users: { token: string }[] }
  ).users.map((u) => u.token);
  const url = env.URL!;
  const started = performance.now();
  const until = started + seconds * 1000;
  const live = () => performance.now() < until;

  const stateless = async (i: number) => {
    const token = tokens[i % tokens.length]!;
    let id = 0;
    while (live()) {
      try {
        const { ok, detail } = await statelessListProjects(url, token, ++id, envelope);
        count('stateless', ok, detail);
      } catch (err) {
        count('stateless', false, (err as Error).message);
      }
      await pause();
    }
  };

  const sessionful = async (kind: 'streamable' | 'sse', i: number) => {
    const token = tokens[i % tokens.length]!;
    const headers = { authorization: `Bearer ${token}` };
    const connect = async () => {
      const client = new Client({ name: `scale-${kind}-${i}`, version: '1' });
      const transport =
        kind === 'streamable'
          ? new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } })
          : new SSEClientTransport(new URL(`${url}/sse`), { requestInit: { headers } });
      await client.connect(transport);
      return client;
    };
    let client: Client | undefined;
    while (live()) {
      try {
        client ??= await connect();
        const r = await client.callTool({ name: 'list_projects', arguments: { pageSize: 5 } }, undefined, {
          timeout: 30_000,
        });
        count(kind, !r.isError, JSON.stringify(r).slice(0, 120));
        await pause();
      } catch (err) {
        count(kind, false, (err as Error).message.slice(0, 160));
        // The session (or the stream) lived on an instance that is gone: open a new one.
        await client?.close().catch(() => {});
        client = undefined;
        reconnects[kind]++;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    await client?.close().catch(() => {});
  };

  const metricsOf = async (n: number) => {
    try {
      const text = await (await fetch(`${env[`INSTANCE_${n}_URL`]}/metrics`)).text();
      let served = 0;
      for (const line of text.split('\n')) {
        if (line.startsWith('cway_mcp_capability_calls_total{') && line.includes('capability="list_projects"')) {
          served += Number(line.split(' ').at(-1));
        }
      }
      return served;
    } catch {
      return null;
    }
  };

  // The slowest /health answer of each instance during the run, polled directly every 500 ms: a
  // check slower than HAProxy's `timeout check` counts as a failure and can take a live instance
  // out of rotation (and its sessions with it).
  const slowestHealthMs = [0, 0, 0];
  const healthWatch = (async () => {
    while (live()) {
      await Promise.all(
        [1, 2, 3].map(async (n) => {
          if (killedAt && n === 2) return;
          const t0 = performance.now();
          try {
            await (await fetch(`${env[`INSTANCE_${n}_URL`]}/health`)).arrayBuffer();
          } catch {
            return;
          }
          slowestHealthMs[n - 1] = Math.max(slowestHealthMs[n - 1]!, Math.round(performance.now() - t0));
        }),
      );
      await new Promise((r) => setTimeout(r, 500));
    }
  })();

  let servedBeforeKill: (number | null)[] = [];
  const killer = (async () => {
    await new Promise((r) => setTimeout(r, (seconds * 1000) / 2));
    servedBeforeKill = await Promise.all([1, 2, 3].map(metricsOf));
    process.kill(Number(env.INSTANCE_2_PID), 'SIGKILL');
    killedAt = performance.now();
  })();

  await Promise.all([
    ...Array.from({ length: 25 }, (_, i) => stateless(i)),
    ...Array.from({ length: 25 }, (_, i) => sessionful('streamable', i)),
    ...Array.from({ length: 20 }, (_, i) => sessionful('sse', i)),
    killer,
    healthWatch,
  ]);
  const elapsed = (performance.now() - started) / 1000;
  const servedAtEnd = await Promise.all([1, 2, 3].map(metricsOf));
  const tallies = (m: Map<Kind, Tally>) => Object.fromEntries(m);
  const total = (m: Map<Kind, Tally>) => [...m.values()].reduce((a, t) => a + t.calls, 0);
  const result = {
    seconds,
    pauseMs,
    clients: { stateless2026: 25, streamable2025: 25, legacySse: 20 },
    callsPerSecond: Math.round((total(phases.before) + total(phases.after)) / elapsed),
    beforeKill: tallies(phases.before),
    afterKill: tallies(phases.after),
    sessionsReopenedAfterKill: reconnects,
    lastFailureSecondsAfterKill:
      lastFailureAt > killedAt && killedAt > 0 ? Number(((lastFailureAt - killedAt) / 1000).toFixed(2)) : null,
    slowestHealthMs,
    listProjectsServedPerInstance: { atKill: servedBeforeKill, atEnd: servedAtEnd },
    failures: Object.fromEntries(failures),
  };
  console.log(JSON.stringify(result, null, 2));
  const failedBefore = [...phases.before.values()].reduce((a, t) => a + t.failed, 0);
  const late = result.lastFailureSecondsAfterKill !== null && result.lastFailureSecondsAfterKill > 5;
  if (failedBefore > 0 || phases.after.get('stateless')!.failed > 25 || late) exitCode = 1;
} finally {
  spawnSync('bash', [script, 'down', dir], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);

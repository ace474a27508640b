/**
 * Throughput of stateless 2026-07-28 `tools/call list_projects` through the recipe in deploy/:
 * once against one instance directly, once through HAProxy over three. Usage (after a build):
 *
 *   node dist/bench/cluster.js [seconds=10] [concurrency=32]
 *
 * Brings the cluster up in a temporary directory and down again; prints calls/s and errors.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envelopeOf, statelessListProjects } from './lib/stateless.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const script = join(root, 'deploy', 'cluster.sh');
const seconds = Number(process.argv[2] ?? 10);
const concurrency = Number(process.argv[3] ?? 32);
const envelope = envelopeOf('bench');

async function run(url: string, tokens: string[]): Promise<{ calls: number; errors: number; perSecond: number }> {
  const until = performance.now() + seconds * 1000;
  let calls = 0;
  let errors = 0;
  let id = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      // Spread over the sandbox's people: rate limits are per caller (a third of them per instance).
      const token = tokens[worker % tokens.length]!;
      while (performance.now() < until) {
        try {
          if ((await statelessListProjects(url, token, ++id, envelope)).ok) calls++;
          else errors++;
        } catch {
          errors++;
        }
      }
    }),
  );
  return { calls, errors, perSecond: Math.round(calls / seconds) };
}

const dir = mkdtempSync(join(tmpdir(), 'cway-bench-cluster-'));
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
  await run(env.URL!, tokens); // warm-up is the first pass's cost; measure the second
  const one = await run(env.INSTANCE_1_URL!, tokens);
  const three = await run(env.URL!, tokens);
  console.log(JSON.stringify({ seconds, concurrency, oneInstanceDirect: one, threeThroughHaproxy: three }));
} finally {
  spawnSync('bash', [script, 'down', dir], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}

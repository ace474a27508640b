/**
 * Start-up: from spawning the CLI (`node dist/src/main.js`) to its first `/health` 200, in demo
 * mode (the sandbox starts inside the process) and against an already running sandbox
 * (CWAY_API_URL + CWAY_API_TOKEN). Each run is a fresh process in an empty working directory
 * (no .env), polled every 5 ms; the modes alternate.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from '../lib/procs.js';
import { freePort, mainScript, sleep } from '../lib/procs.js';
import type { SandboxInfo } from '../lib/env.js';
import { round, summarize } from '../lib/stats.js';

export interface StartupRow {
  mode: 'demo' | 'sandbox';
  runs: number;
  medianMs: number;
  maxMs: number;
  failures: number;
  note?: string;
}

const CLEARED = [
  'CWAY_API_URL',
  'CWAY_API_TOKEN',
  'CWAY_TOOLSETS',
  'CWAY_READ_ONLY',
  'MCP_MODE',
  'MCP_SERVER_HOST',
  'PUBLIC_URL',
];

async function once(env: NodeJS.ProcessEnv, deadlineMs: number): Promise<number> {
  const script = mainScript();
  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'cway-bench-start-'));
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !CLEARED.includes(k)));
  const started = performance.now();
  const proc = spawn(process.execPath, [...script.execArgv, script.path], {
    cwd,
    env: {
      ...base,
      ...env,
      MCP_SERVER_PORT: String(port),
      LOG_DIR: 'off',
      LOG_LEVEL: 'warn',
      CWAY_STATE_DIR: join(cwd, 'state'),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  try {
    while (performance.now() - started < deadlineMs) {
      if (proc.exitCode !== null) throw new Error(`exited ${proc.exitCode}: ${stderr.trim().slice(-300)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
        (r) => r.arrayBuffer().then(() => r.status === 200),
        () => false,
      );
      if (ok) return performance.now() - started;
      await sleep(5);
    }
    throw new Error(`no /health within ${deadlineMs} ms`);
  } finally {
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    rmSync(cwd, { recursive: true, force: true });
  }
}

export async function runStartup(
  sandbox: Child<SandboxInfo>,
  opts: { runs: number },
  progress: (m: string) => void,
): Promise<StartupRow[]> {
  const script = mainScript();
  if (!existsSync(script.path)) {
    return (['demo', 'sandbox'] as const).map((mode) => ({
      mode,
      runs: 0,
      medianMs: NaN,
      maxMs: NaN,
      failures: 0,
      note: 'src/main.ts does not exist yet',
    }));
  }
  const modes = {
    demo: {},
    sandbox: { CWAY_API_URL: sandbox.info.url, CWAY_API_TOKEN: sandbox.info.adminToken },
  } as const;
  const times: Record<keyof typeof modes, number[]> = { demo: [], sandbox: [] };
  const failures: Record<keyof typeof modes, string[]> = { demo: [], sandbox: [] };
  for (let i = 0; i < opts.runs; i++) {
    for (const mode of ['demo', 'sandbox'] as const) {
      try {
        times[mode].push(await once(modes[mode], 60_000));
      } catch (err) {
        failures[mode].push(err instanceof Error ? err.message : String(err));
      }
    }
  }
  return (['demo', 'sandbox'] as const).map((mode) => {
    const s = summarize(times[mode]);
    const row: StartupRow = {
      mode,
      runs: times[mode].length,
      medianMs: round(s.median, 0),
      maxMs: round(s.max, 0),
      failures: failures[mode].length,
    };
    if (failures[mode].length) row.note = failures[mode][0];
    progress(`start-up ${mode}: median ${row.medianMs} ms over ${row.runs} runs${row.note ? ` (${row.note})` : ''}`);
    return row;
  });
}

/**
 * Child processes for the benchmark: the sandbox and the server under test each run in their own
 * Node process, so the load generator (this process) never shares an event loop with what it
 * measures. Children answer small IPC requests (memory, CPU, sandbox stats) through children/ipc.ts.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** True when running from TypeScript sources through tsx, false from dist/. */
export const fromSource = import.meta.url.endsWith('.ts');
/** Node flags that load tsx, resolved here so they work from any working directory. */
const tsxFlags = (): string[] => ['--import', import.meta.resolve('tsx')];

/** The repository root (the folder whose package.json is cway-mcp's). */
export function repoRoot(): string {
  let dir = here;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'cway-mcp') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cway-mcp package.json not found above ' + here);
    dir = up;
  }
}

/** A bench child script (bench/children/NAME), as source or compiled, with the flags to run it. */
export function childScript(name: string): { path: string; execArgv: string[] } {
  const ext = fromSource ? '.ts' : '.js';
  return { path: join(here, '..', 'children', name + ext), execArgv: fromSource ? tsxFlags() : [] };
}

/** The CLI (src/main), compiled when it exists, else through tsx. */
export function mainScript(): { path: string; execArgv: string[] } {
  const built = join(repoRoot(), 'dist', 'src', 'main.js');
  if (existsSync(built)) return { path: built, execArgv: [] };
  return { path: join(repoRoot(), 'src', 'main.ts'), execArgv: tsxFlags() };
}

export interface Child<R> {
  proc: ChildProcess;
  /** What the child sent with its `ready` message. */
  info: R;
  /** Sends one IPC request and waits for its answer. */
  ask<T = unknown>(type: string, payload?: unknown): Promise<T>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** Forks a bench child and waits for its `ready` message (or its failure). */
export async function startChild<R>(
  script: { path: string; execArgv: string[] },
  opts: { env?: NodeJS.ProcessEnv; execArgv?: string[]; readyTimeoutMs?: number } = {},
): Promise<Child<R>> {
  const proc = fork(script.path, [], {
    execArgv: [...script.execArgv, ...(opts.execArgv ?? [])],
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const pending = new Map<number, (r: Reply) => void>();
  let nextId = 1;
  const info = await new Promise<R>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${script.path} not ready in time\n${stderr}`)),
      opts.readyTimeoutMs ?? 60_000,
    );
    proc.on('message', (m: { type?: string; info?: R } & Partial<Reply>) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.info as R);
      } else if (typeof m.id === 'number') {
        pending.get(m.id)?.(m as Reply);
        pending.delete(m.id);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script.path} exited (${code}) before it was ready\n${stderr}`));
    });
  });
  return {
    proc,
    info,
    ask<T>(type: string, payload?: unknown) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, (r) => (r.ok ? resolve(r.value as T) : reject(new Error(r.error))));
        proc.send({ id, type, payload });
      });
    },
    async stop(graceMs = 10_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return proc.exitCode;
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}

/** A free TCP port on loopback (there is a small window before it is used; fine on a bench box). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resident set size of a process from /proc (bytes), or NaN where /proc is not available. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

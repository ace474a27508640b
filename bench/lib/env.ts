/**
 * The benchmark's processes: the sandbox (its own child), the server under test (its own child,
 * pointed at that sandbox with the sandbox admin's token), and this process as the load generator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childScript, startChild, type Child } from './procs.js';

export interface SandboxInfo {
  url: string;
  adminToken: string;
  pid: number;
}
export interface ServerInfo {
  url: string;
  pid: number;
}

export async function startSandboxChild(projects = 0): Promise<Child<SandboxInfo>> {
  return startChild<SandboxInfo>(childScript('sandbox'), {
    env: { SANDBOX_PROJECTS: String(projects) },
    execArgv: ['--expose-gc'],
  });
}

/** The floor proxy (bench/children/floor.ts) in front of the sandbox. */
export async function startFloorChild(sandbox: SandboxInfo): Promise<Child<ServerInfo>> {
  return startChild<ServerInfo>(childScript('floor'), { env: { FLOOR_UPSTREAM: sandbox.url } });
}

export interface ServerChildOptions {
  /** Extra CLI flags, e.g. ['--toolsets', 'all']. */
  argv?: string[];
  /** Extra node flags. */
  execArgv?: string[];
  /** Log level (default info, as deployed). */
  logLevel?: string;
}

export async function startServerChild(
  sandbox: SandboxInfo,
  opts: ServerChildOptions = {},
): Promise<Child<ServerInfo>> {
  const dir = mkdtempSync(join(tmpdir(), 'cway-bench-server-'));
  return startChild<ServerInfo>(childScript('server'), {
    env: {
      BENCH_ARGV: JSON.stringify(['--port', '0', ...(opts.argv ?? [])]),
      CWAY_API_URL: sandbox.url,
      CWAY_API_TOKEN: sandbox.adminToken,
      LOG_LEVEL: opts.logLevel ?? 'info',
      LOG_DIR: join(dir, 'logs'),
      CWAY_STATE_DIR: join(dir, 'state'),
    },
    execArgv: ['--expose-gc', ...(opts.execArgv ?? [])],
  });
}

/** CPU time (user + system, ms) a child spent between two readings. */
export async function cpuMs<T>(child: Child<unknown>, fn: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const a = await child.ask<NodeJS.CpuUsage>('cpu');
  const value = await fn();
  const b = await child.ask<NodeJS.CpuUsage>('cpu');
  return { value, cpuMs: (b.user - a.user + b.system - a.system) / 1000 };
}

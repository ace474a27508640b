/**
 * Where the server's time goes per call: a V8 CPU profile of the server process taken only while
 * one client calls one tool back to back (after a warm-up), per surface, with the server's CPU
 * time per call read alongside. Run with `--profile`; it explains the overhead figures.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from '../lib/procs.js';
import { cpuMs, type SandboxInfo, type ServerInfo } from '../lib/env.js';
import { http } from '../lib/http.js';
import { closedLoop } from '../lib/load.js';
import { summarizeProfiles, type ProfileSummary } from '../lib/profile.js';
import { round } from '../lib/stats.js';
import { directCall, mcpCall, restCall, type Call, type Target } from '../lib/targets.js';
import { openSse, openStreamable, type RpcSession } from '../lib/wire.js';

export interface SurfaceProfile {
  tool: string;
  surface: 'streamable' | 'sse' | 'rest';
  calls: number;
  serverCpuMsPerCall: number;
  /** CPU the sandbox spends on the same call made directly (the baseline's whole server-side cost). */
  sandboxCpuMsPerDirectCall: number;
  summary: ProfileSummary;
}

/** What one upstream request costs the caller in CPU, with Node's fetch (as the Cway client uses) and with node:http. */
export interface UpstreamClientCost {
  requests: number;
  fetchCpuMs: number;
  nodeHttpCpuMs: number;
}

/**
 * Sends the recorded GraphQL request to the sandbox from this process, as the server's Cway client
 * does (fetch with a timeout signal), and with node:http and a keep-alive agent, reading this
 * process's CPU time: the price of the upstream client alone.
 */
export async function upstreamClientCost(
  target: Target,
  sandboxUrl: string,
  token: string,
  requests: number,
): Promise<UpstreamClientCost> {
  const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` };
  const body = target.upstream[0]!;
  const viaFetch = async () => {
    const res = await fetch(sandboxUrl, { method: 'POST', headers, body, signal: AbortSignal.timeout(15_000) });
    JSON.parse(await res.text());
  };
  const viaHttp = async () => {
    JSON.parse((await http(sandboxUrl, { method: 'POST', headers, body })).text);
  };
  const cost = async (call: () => Promise<void>) => {
    for (let i = 0; i < 50; i++) await call();
    const before = process.cpuUsage();
    for (let i = 0; i < requests; i++) await call();
    const used = process.cpuUsage(before);
    return round((used.user + used.system) / 1000 / requests, 3);
  };
  const fetchCpuMs = await cost(viaFetch);
  const nodeHttpCpuMs = await cost(viaHttp);
  return { requests, fetchCpuMs, nodeHttpCpuMs };
}

export async function runProfile(
  sandbox: Child<SandboxInfo>,
  server: Child<ServerInfo>,
  targets: Target[],
  opts: { calls: number },
  progress: (m: string) => void,
): Promise<SurfaceProfile[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cway-bench-prof-'));
  const sessions: RpcSession[] = [await openStreamable(server.info.url), await openSse(server.info.url)];
  const out: SurfaceProfile[] = [];
  try {
    for (const t of targets) {
      const calls: Record<SurfaceProfile['surface'], Call> = {
        streamable: mcpCall(t, sessions[0]!),
        sse: mcpCall(t, sessions[1]!),
        rest: restCall(t, server.info.url, sandbox.info.adminToken),
      };
      const direct = directCall(t, sandbox.info.url, sandbox.info.adminToken);
      await closedLoop([direct], { calls: 50 });
      const base = await cpuMs(sandbox, () => closedLoop([direct], { calls: opts.calls }));
      const sandboxCpu = round(base.cpuMs / Math.max(1, base.value.ok), 3);
      for (const surface of ['streamable', 'sse', 'rest'] as const) {
        await closedLoop([calls[surface]], { calls: 50 });
        const file = join(dir, `${t.tool}-${surface}.cpuprofile`);
        await server.ask('profile:start');
        const { value, cpuMs: cpu } = await cpuMs(server, () => closedLoop([calls[surface]], { calls: opts.calls }));
        await server.ask('profile:stop', file);
        const summary = summarizeProfiles([file]);
        out.push({
          tool: t.tool,
          surface,
          calls: value.ok,
          serverCpuMsPerCall: round(cpu / Math.max(1, value.ok), 3),
          sandboxCpuMsPerDirectCall: sandboxCpu,
          summary,
        });
        const top = summary.byOrigin
          .slice(0, 5)
          .map((o) => `${o.origin} ${o.selfShare}%`)
          .join(', ');
        progress(
          `profile ${t.tool} ${surface}: server ${round(cpu / Math.max(1, value.ok), 2)} ms CPU/call (sandbox ${sandboxCpu} per direct call); ${top}`,
        );
      }
    }
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
  return out;
}

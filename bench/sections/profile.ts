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
import { closedLoop } from '../lib/load.js';
import { summarizeProfiles, type ProfileSummary } from '../lib/profile.js';
import { round } from '../lib/stats.js';
import { mcpCall, restCall, type Call, type Target } from '../lib/targets.js';
import { openSse, openStreamable, type RpcSession } from '../lib/wire.js';

export interface SurfaceProfile {
  tool: string;
  surface: 'streamable' | 'sse' | 'rest';
  calls: number;
  serverCpuMsPerCall: number;
  summary: ProfileSummary;
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
      for (const surface of ['streamable', 'sse', 'rest'] as const) {
        await closedLoop([calls[surface]], { calls: 50 });
        const file = join(dir, `${t.tool}-${surface}.cpuprofile`);
        await server.ask('profile:start');
        const { value, cpuMs: cpu } = await cpuMs(server, () => closedLoop([calls[surface]], { calls: opts.calls }));
        await server.ask('profile:stop', file);
        const summary = summarizeProfiles([file]);
        out.push({ tool: t.tool, surface, calls: value.ok, serverCpuMsPerCall: round(cpu / Math.max(1, value.ok), 3), summary });
        const top = summary.byOrigin
          .slice(0, 5)
          .map((o) => `${o.origin} ${o.selfShare}%`)
          .join(', ');
        progress(`profile ${t.tool} ${surface}: ${round(cpu / Math.max(1, value.ok), 2)} ms CPU/call; ${top}`);
      }
    }
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
  return out;
}

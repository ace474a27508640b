/**
 * Reads V8 CPU profiles (`--cpu-prof`) and tells where the time went: self time per function and
 * per origin (our code, a package, Node internals, GC), biggest first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  byOrigin: { origin: string; ms: number; share: number }[];
  topFunctions: { fn: string; ms: number; share: number }[];
}

/** Where code comes from: `src/…` (ours), a package name, `node:internal`, or V8's own (GC, idle). */
export function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node:internal';
  const ours = /\/(src|sandbox|bench)\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return url;
}

export function summarizeProfiles(dir: string, top = 15): ProfileSummary {
  const selfUs = new Map<string, number>();
  const originUs = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    p.samples.forEach((id, i) => {
      const node = byId.get(id);
      if (!node) return;
      const dt = p.timeDeltas[i] ?? 0;
      const { functionName, url, lineNumber } = node.callFrame;
      if (functionName === '(idle)') return;
      total += dt;
      const short = url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|sandbox|bench)\//, '$1/');
      const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
      selfUs.set(key, (selfUs.get(key) ?? 0) + dt);
      const origin = originOf(url, functionName);
      originUs.set(origin, (originUs.get(origin) ?? 0) + dt);
    });
  }
  const rank = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => ({ k, ms: Math.round(us / 1000), share: total ? Math.round((us / total) * 1000) / 10 : 0 }));
  return {
    totalMs: Math.round(total / 1000),
    byOrigin: rank(originUs).map(({ k, ms, share }) => ({ origin: k, ms, share })),
    topFunctions: rank(selfUs).map(({ k, ms, share }) => ({ fn: k, ms, share })),
  };
}

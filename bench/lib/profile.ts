/**
 * Reads V8 CPU profiles and tells where the time went: self time per function, and per origin
 * (our code by folder, a package, Node internals, GC) both as self time and inclusive of what it
 * calls (so "pino 6%" means 6% of the samples were somewhere inside pino). V8 samples by wall
 * clock: on a busy machine a process preempted inside a system call (a socket write that wakes
 * the peer) is charged there, so native I/O shares read high; CPU per call comes from cpuUsage.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface OriginShare {
  origin: string;
  selfShare: number;
  inclusiveShare: number;
}

export interface ProfileSummary {
  /** CPU time sampled (idle excluded), ms. */
  totalMs: number;
  byOrigin: OriginShare[];
  topFunctions: { fn: string; share: number }[];
}

/** Node's own code, by the part of it (fetch, HTTP, streams...), so its share can be explained. */
function nodeArea(url: string): string {
  if (url.includes('deps/undici')) return 'node:fetch (undici)';
  if (url.includes('webstreams')) return 'node:web streams';
  if (/node:(_http_|http$|internal\/http)/.test(url)) return 'node:http';
  if (/node:(net|internal\/stream_base|internal\/net)/.test(url)) return 'node:net';
  if (/node:(internal\/)?streams?/.test(url)) return 'node:streams';
  if (/zlib/.test(url)) return 'node:zlib';
  if (/crypto/.test(url)) return 'node:crypto';
  if (/node:(fs|internal\/fs)/.test(url)) return 'node:fs';
  if (/abort_controller|event_target|events/.test(url)) return 'node:events/abort';
  return 'node:other';
}

/** Where code comes from: `src/…` (ours), a package name, `node:internal`, or V8's own (GC, program). */
export function originOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return nodeArea(url);
  const ours = /\/(src|sandbox|bench)\/([^/]+)/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]!.replace(/\.[jt]s$/, '')}`;
  return url;
}

/** Samples of the profiler's own start and stop (inspector calls), which are not the server's work. */
function profilerOwn(id: number, byId: Map<number, ProfileNode>, parent: Map<number, number>): boolean {
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    if (byId.get(at)!.callFrame.url === 'node:inspector') return true;
  }
  return false;
}

const pct = (part: number, total: number) => (total ? Math.round((part / total) * 1000) / 10 : 0);

export function summarizeProfiles(files: string[], top = 12): ProfileSummary {
  const self = new Map<string, number>();
  const originSelf = new Map<string, number>();
  const originIncl = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    p.samples.forEach((id, i) => {
      const node = byId.get(id);
      const dt = p.timeDeltas[i] ?? 0;
      if (!node || node.callFrame.functionName === '(idle)' || profilerOwn(id, byId, parent)) return;
      total += dt;
      const { functionName, url, lineNumber } = node.callFrame;
      const short = url.replace(/^.*node_modules\//, '').replace(/^.*\/(src|sandbox|bench)\//, '$1/');
      const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
      self.set(key, (self.get(key) ?? 0) + dt);
      const own = originOf(url, functionName);
      originSelf.set(own, (originSelf.get(own) ?? 0) + dt);
      const onStack = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const f = byId.get(at)!.callFrame;
        if (f.functionName === '(root)') break;
        onStack.add(originOf(f.url, f.functionName));
      }
      for (const o of onStack) originIncl.set(o, (originIncl.get(o) ?? 0) + dt);
    });
  }
  const origins = [...originIncl.keys()]
    .map((origin) => ({
      origin,
      selfShare: pct(originSelf.get(origin) ?? 0, total),
      inclusiveShare: pct(originIncl.get(origin)!, total),
    }))
    .sort((a, b) => b.selfShare - a.selfShare)
    .slice(0, top);
  const fns = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, us]) => ({ fn, share: pct(us, total) }));
  return { totalMs: Math.round(total / 1000), byOrigin: origins, topFunctions: fns };
}

/**
 * The run's results: one JSON object, a console table and the generated part of
 * docs/benchmarks.md (between the `bench:results` markers; the method text around it is kept).
 */
import type { Machine } from './machine.js';
import type { SurfaceProfile, UpstreamClientCost } from '../sections/profile.js';
import type { FactoryFigures } from '../sections/factory.js';
import { TARGET, SERVER_SURFACES, SURFACES, type OverheadRow } from '../sections/overhead.js';
import type { ThroughputRow } from '../sections/throughput.js';
import { SESSION_TARGET_BYTES, type SessionRow } from '../sections/sessions.js';
import type { StartupRow } from '../sections/startup.js';
import type { ToolsListRow } from '../sections/tools-list.js';
import type { AnalyticsFigures } from '../sections/analytics-scale.js';
import type { benchArtworkSearch } from '../artwork-search.js';

export interface Results {
  date: string;
  quick: boolean;
  seconds: number;
  /** The server's log level during the run. */
  logLevel: string;
  machine: Machine;
  overhead?: OverheadRow[];
  throughput?: ThroughputRow[];
  sessions?: SessionRow[];
  startup?: StartupRow[];
  toolsList?: ToolsListRow[];
  factory?: FactoryFigures;
  analytics?: AnalyticsFigures;
  /** search_artworks over a generated sandbox: a cold bounded scan, then a cached repeat. */
  artworkSearch?: Awaited<ReturnType<typeof benchArtworkSearch>>;
  profile?: SurfaceProfile[];
  upstreamClient?: UpstreamClientCost;
  /** Sections that threw, with the message. */
  failed: Record<string, string>;
}

const mcpSurfaces = SERVER_SURFACES;
const passText = (ok: boolean) => (ok ? 'pass' : '**FAIL**');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function mdTable(head: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

export function textTable(head: string[], rows: (string | number)[][]): string {
  const all = [head, ...rows].map((r) => r.map((c) => String(c).replace(/\*\*/g, '')));
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  return all.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n');
}

interface Section {
  title: string;
  head: string[];
  rows: (string | number)[][];
  note?: string;
}

function overheadSection(rows: OverheadRow[], latency: number): Section {
  const title =
    latency === TARGET.upstreamLatencyMs
      ? `Overhead with ${latency} ms added to every sandbox request, as a remote Cway adds (latency ÷ the same GraphQL request sent straight to the sandbox; target median ≤ ${TARGET.medianRatio}, p99 ≤ ${TARGET.p99Ratio}; server CPU per call ≤ ${TARGET.cpuVsFloor}× the floor proxy's)`
      : `Overhead for context: loopback with no added latency (one extra hop costs about as much as the whole upstream call here; not the target's measurement)`;
  return {
    title,
    head: [
      'Tool',
      'Clients',
      'Direct median / p99 ms',
      'floor ×median / ×p99',
      ...mcpSurfaces.map((s) => `${s} ×median / ×p99`),
      'Server CPU ms/call (stream/sse/rest)',
      'Result',
    ],
    rows: rows.map((r) => [
      r.tool,
      r.concurrency,
      `${r.surfaces.direct.medianMs} / ${r.surfaces.direct.p99Ms}`,
      r.surfaces.floor ? `${r.surfaces.floor.medianRatio} / ${r.surfaces.floor.p99Ratio}` : '-',
      ...mcpSurfaces.map((s) => {
        const f = r.surfaces[s];
        if (!f) return '-';
        return `${f.medianRatio} / ${f.p99Ratio}${f.errors ? ` (${f.errors} errors)` : ''}`;
      }),
      mcpSurfaces.map((s) => r.surfaces[s]?.serverCpuMs ?? '-').join(' / '),
      passText(mcpSurfaces.every((s) => r.surfaces[s]?.pass ?? true)),
    ]),
  };
}

function throughputSection(rows: ThroughputRow[]): Section {
  const conc = [...new Set(rows.map((r) => r.concurrency))];
  return {
    title: 'Throughput (calls per second of list_projects, closed loop, one worker per session)',
    head: ['Surface', ...conc.map((c) => `${c} sessions: calls/s (errors) median/p99 ms`), 'Zero errors'],
    rows: SURFACES.map((s) => [
      s,
      ...conc.map((c) => {
        const r = rows.find((x) => x.surface === s && x.concurrency === c);
        return r ? `${r.callsPerSecond} (${r.errors}) ${r.medianMs}/${r.p99Ms}` : '-';
      }),
      passText(rows.filter((x) => x.surface === s).every((x) => x.pass)),
    ]),
  };
}

function sessionsSection(rows: SessionRow[]): Section {
  return {
    title: `Idle sessions (target under ${SESSION_TARGET_BYTES / 1024} KB each; all must answer; none left after close)`,
    head: [
      'Kind',
      'Sessions',
      'Heap per session',
      'RSS per session',
      'Counted by server',
      'Answered',
      'Left after close',
      'Result',
    ],
    rows: rows.map((r) => [
      r.kind,
      r.sessions,
      kb(r.heapBytesPerSession),
      kb(r.rssBytesPerSession),
      r.serverCounted,
      r.answered,
      r.leftAfterClose,
      passText(r.pass),
    ]),
  };
}

function startupSection(rows: StartupRow[]): Section {
  return {
    title: 'Start-up (process spawn to the first /health 200)',
    head: ['Mode', 'Runs', 'Median ms', 'Max ms', 'Failures', 'Note'],
    rows: rows.map((r) => [r.mode, r.runs, r.medianMs, r.maxMs, r.failures, r.note ?? '']),
  };
}

function toolsListSection(rows: ToolsListRow[]): Section {
  return {
    title:
      'tools/list per profile (JSON of the result; o200k tokens; budget: 20 tools and 8,000 tokens per profile but everything, 1,500 per tool)',
    head: ['Profile', 'Tools', 'Bytes', 'Tokens', 'Largest tools (tokens)', 'Budget'],
    rows: rows.map((r) => [
      r.profile,
      r.tools,
      r.bytes,
      r.tokens,
      r.largest.map((l) => `${l.name} ${l.tokens}`).join(', '),
      r.profile === 'served (HTTP)' ? '' : r.problems.length ? r.problems.join('; ') : 'within',
    ]),
  };
}

function analyticsSection(a: AnalyticsFigures): Section {
  const figures =
    a.figures && typeof a.figures === 'object' ? Object.entries(a.figures as Record<string, unknown>) : [];
  return {
    title: 'Analytics at scale (bench/analytics.ts)',
    head: ['Figure', 'Value'],
    rows:
      a.status === 'measured'
        ? figures.map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : String(v)])
        : [['status', `${a.status}: ${a.note ?? ''}`]],
  };
}

function profileSection(profiles: SurfaceProfile[]): Section[] {
  const origins = [...new Set(profiles.flatMap((p) => p.summary.byOrigin.slice(0, 8).map((o) => o.origin)))];
  const share = (p: SurfaceProfile, origin: string) => {
    const o = p.summary.byOrigin.find((x) => x.origin === origin);
    return o ? `${o.selfShare} (${o.inclusiveShare})` : '-';
  };
  const byOrigin: Section = {
    title: 'Where the server spends its CPU per call (one client, back to back; % of samples: self (inclusive))',
    head: ['Tool', 'Surface', 'Server CPU ms/call', 'Sandbox CPU ms/direct call', ...origins],
    rows: profiles.map((p) => [
      p.tool,
      p.surface,
      p.serverCpuMsPerCall,
      p.sandboxCpuMsPerDirectCall,
      ...origins.map((o) => share(p, o)),
    ]),
  };
  const first = profiles.find((p) => p.surface === 'streamable') ?? profiles[0]!;
  const functions: Section = {
    title: `Hottest functions (self time), ${first.tool} over ${first.surface}`,
    head: ['Function', '% of samples'],
    rows: first.summary.topFunctions.map((f) => [f.fn, f.share]),
  };
  return [byOrigin, functions];
}

function sections(r: Results): Section[] {
  const out: Section[] = [];
  const main = r.overhead?.filter((o) => o.upstreamLatencyMs === TARGET.upstreamLatencyMs) ?? [];
  const context = r.overhead?.filter((o) => o.upstreamLatencyMs !== TARGET.upstreamLatencyMs) ?? [];
  if (main.length) out.push(overheadSection(main, TARGET.upstreamLatencyMs));
  if (context.length) out.push(overheadSection(context, context[0]!.upstreamLatencyMs));
  if (r.throughput?.length) out.push(throughputSection(r.throughput));
  if (r.sessions?.length) out.push(sessionsSection(r.sessions));
  if (r.startup?.length) out.push(startupSection(r.startup));
  if (r.toolsList?.length) out.push(toolsListSection(r.toolsList));
  if (r.factory) {
    out.push({
      title: 'The per-request server factory (in process, the whole registry served)',
      head: ['Tools', 'createMcpSurface once (ms)', 'buildServer(caller) median / p99 (µs)', 'Builds measured'],
      rows: [
        [r.factory.tools, r.factory.surfaceMs, `${r.factory.buildMedianUs} / ${r.factory.buildP99Us}`, r.factory.runs],
      ],
    });
  }
  if (r.analytics) out.push(analyticsSection(r.analytics));
  if (r.artworkSearch) {
    const a = r.artworkSearch;
    out.push({
      title: `Artwork search over ${a.projects} generated projects (search_artworks "${a.query}", bench/artwork-search.ts)`,
      head: ['Run', 'Wall ms', 'Upstream requests', 'Projects searched / visible', 'Cut short', 'Matches', 'Heap +MB'],
      rows: [
        [
          'cold scan',
          a.wallMs,
          a.upstreamRequests,
          `${a.projectsSearched} / ${a.projectsVisible}`,
          String(a.cutShort),
          a.matches,
          a.heapDeltaMb,
        ],
        ['repeat within the cache TTL', a.cachedMs, a.cachedRequests, '', '', a.cachedMatches, ''],
      ],
    });
  }
  if (r.profile?.length) out.push(...profileSection(r.profile));
  if (r.upstreamClient) {
    out.push({
      title: 'The upstream client alone (CPU per GraphQL request to the sandbox, list_projects)',
      head: ['Client', 'CPU ms/request'],
      rows: [
        ["Node's fetch (what the Cway client used before)", r.upstreamClient.fetchCpuMs],
        ['node:http with a keep-alive agent', r.upstreamClient.nodeHttpCpuMs],
      ],
    });
  }
  return out;
}

/** One line per target: what was asked, the worst figure, pass or fail. */
export function verdicts(r: Results): { target: string; figure: string; pass: boolean }[] {
  const out: { target: string; figure: string; pass: boolean }[] = [];
  const measured = r.overhead?.filter((o) => o.upstreamLatencyMs === TARGET.upstreamLatencyMs) ?? [];
  if (measured.length) {
    const cpu = measured.flatMap((o) => {
      const floor = o.surfaces.floor;
      if (!floor) return [];
      return mcpSurfaces.flatMap((s) => {
        const f = o.surfaces[s];
        return f ? [{ o, s, f, floor, ratio: f.serverCpuMs / floor.serverCpuMs }] : [];
      });
    });
    if (cpu.length) {
      const worst = cpu.reduce((a, b) => (b.ratio > a.ratio ? b : a));
      out.push({
        target: `Server CPU per call ≤ ${TARGET.cpuVsFloor}× the floor proxy's`,
        figure: `worst ×${Math.round(worst.ratio * 100) / 100} (${worst.s}, ${worst.o.tool}, ${worst.o.concurrency} client(s): ${worst.f.serverCpuMs} vs ${worst.floor.serverCpuMs} ms)`,
        pass: worst.ratio <= TARGET.cpuVsFloor,
      });
    }
    for (const c of [...new Set(measured.map((o) => o.concurrency))]) {
      const cells = measured
        .filter((o) => o.concurrency === c)
        .flatMap((o) => mcpSurfaces.flatMap((s) => (o.surfaces[s] ? [{ o, s, f: o.surfaces[s] }] : [])));
      const worstMed = cells.reduce((a, b) => (b.f.medianRatio! > a.f.medianRatio! ? b : a));
      const worstP99 = cells.reduce((a, b) => (b.f.p99Ratio! > a.f.p99Ratio! ? b : a));
      const floors = measured.filter((o) => o.concurrency === c && o.surfaces.floor);
      const floorNote = floors.length
        ? `; floor proxy ×${Math.max(...floors.map((o) => o.surfaces.floor!.medianRatio!))} / ×${Math.max(...floors.map((o) => o.surfaces.floor!.p99Ratio!))}`
        : '';
      out.push({
        target: `Overhead median ratio ≤ ${TARGET.medianRatio} at ${c} client(s), ${TARGET.upstreamLatencyMs} ms upstream`,
        figure: `worst ×${worstMed.f.medianRatio} (${worstMed.s}, ${worstMed.o.tool})${floorNote}`,
        pass: worstMed.f.medianRatio! <= TARGET.medianRatio,
      });
      out.push({
        target: `Overhead p99 ratio ≤ ${TARGET.p99Ratio} at ${c} client(s), ${TARGET.upstreamLatencyMs} ms upstream`,
        figure: `worst ×${worstP99.f.p99Ratio} (${worstP99.s}, ${worstP99.o.tool})${floorNote}`,
        pass: worstP99.f.p99Ratio! <= TARGET.p99Ratio,
      });
    }
  }
  if (r.throughput?.length) {
    const errors = r.throughput.reduce((a, t) => a + t.errors, 0);
    out.push({
      target: 'Throughput at 50 and 200 sessions with zero errors',
      figure: `${errors} errors`,
      pass: errors === 0,
    });
  }
  if (r.sessions?.length) {
    const worst = Math.max(...r.sessions.flatMap((s) => [s.heapBytesPerSession, s.rssBytesPerSession]));
    out.push({
      target: 'Idle session under 50 KB (heap and RSS)',
      figure: `worst ${kb(worst)}`,
      pass: worst < SESSION_TARGET_BYTES,
    });
    const unanswered = r.sessions.reduce((a, s) => a + (s.sessions - s.answered) + s.leftAfterClose, 0);
    out.push({
      target: 'All open sessions answer; none left after close',
      figure: `${unanswered} unanswered or left`,
      pass: unanswered === 0,
    });
  }
  return out;
}

export function consoleReport(r: Results): string {
  const parts = sections(r).map((s) => `\n${s.title}\n${textTable(s.head, s.rows)}`);
  const v = verdicts(r);
  if (v.length)
    parts.push(
      `\nTargets\n${textTable(
        ['Target', 'Figure', 'Result'],
        v.map((x) => [x.target, x.figure, x.pass ? 'pass' : 'FAIL']),
      )}`,
    );
  for (const [name, msg] of Object.entries(r.failed)) parts.push(`\n${name}: FAILED TO RUN: ${msg}`);
  return parts.join('\n');
}

export function markdownReport(r: Results): string {
  const m = r.machine;
  const lines = [
    `Measured ${r.date.slice(0, 16).replace('T', ' ')} UTC (${r.quick ? 'quick' : 'full'} run, ${Math.round(r.seconds)} s, server log level ${r.logLevel}) on ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.os}. ` +
      `1-minute load average ${m.loadAtStart} at the start and ${m.loadAtEnd ?? '?'} at the end (the machine is shared; a load above the core count means the figures include waiting for a CPU).`,
    '',
  ];
  const v = verdicts(r);
  if (v.length)
    lines.push(
      '### Targets',
      '',
      mdTable(
        ['Target', 'Figure', 'Result'],
        v.map((x) => [x.target, x.figure, passText(x.pass)]),
      ),
      '',
    );
  for (const s of sections(r)) lines.push(`### ${s.title}`, '', mdTable(s.head, s.rows), '');
  for (const [name, msg] of Object.entries(r.failed))
    lines.push(`- **${name} failed to run:** ${msg.replace(/\n/g, ' ').slice(0, 300)}`);
  return lines.join('\n').trimEnd() + '\n';
}

export const BEGIN = '<!-- bench:results:begin (generated by npm run bench; edit the text around it) -->';
export const END = '<!-- bench:results:end -->';

/** Replaces the generated block of the document (appends one when the markers are missing). */
export function spliceResults(doc: string, generated: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a === -1 || b === -1 || b < a) return `${doc.trimEnd()}\n\n${BEGIN}\n${generated}${END}\n`;
  return `${doc.slice(0, a + BEGIN.length)}\n${generated}${doc.slice(b)}`;
}

/**
 * `npm run bench`: measures the server against the sandbox on loopback, prints a table, writes
 * bench/results/latest.json and the figures in docs/benchmarks.md. Three kinds of process: the
 * sandbox and the server under test each in a child of their own, this one generating the load.
 *
 *   --quick           a smoke run: fewer calls, 200 sessions, 1,000 analytics projects
 *                     (writes bench/results/quick.json; docs untouched unless --docs)
 *   --only a,b        sections: tools, factory, overhead, profile, throughput, sessions, startup, analytics,
 *                     search
 *                     (profile: where the server's CPU goes per call, per surface)
 *   --docs / --no-docs  write docs/benchmarks.md or not (default: only after a full run)
 *   --log-level L     the server's log level (default info, as deployed; for finding its cost)
 *   --surfaces a,b    overhead: measure only these (direct, floor, streamable, sse, rest; direct
 *                     is always measured, as the baseline)
 *   --upstream-ms N   overhead: only the run with N ms added to every sandbox request (default
 *                     the target's latency), without the zero-latency context run
 *
 * Exits 1 when a section could not run; a missed target is reported (FAIL), not an exit code.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFloorChild, startSandboxChild, startServerChild } from './lib/env.js';
import { currentLoad, machine } from './lib/machine.js';
import { repoRoot } from './lib/procs.js';
import { consoleReport, markdownReport, spliceResults, type Results } from './lib/report.js';
import { recordTarget } from './lib/targets.js';
import { runAnalytics } from './sections/analytics-scale.js';
import { benchArtworkSearch } from './artwork-search.js';
import { runFactory } from './sections/factory.js';
import { MEASURED, runOverhead, type Measured } from './sections/overhead.js';
import { runProfile, upstreamClientCost } from './sections/profile.js';
import { runSessions } from './sections/sessions.js';
import { runStartup } from './sections/startup.js';
import { runThroughput } from './sections/throughput.js';
import { runToolsList } from './sections/tools-list.js';

import { TARGET } from './sections/overhead.js';

const SECTIONS = [
  'tools',
  'factory',
  'overhead',
  'profile',
  'throughput',
  'sessions',
  'startup',
  'analytics',
  'search',
] as const;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    docs: { type: 'boolean' },
    'log-level': { type: 'string', default: 'info' },
    'no-docs': { type: 'boolean' },
    surfaces: { type: 'string' },
    'upstream-ms': { type: 'string' },
  },
});
const surfaces = values.surfaces?.split(',').map((s) => s.trim()) as Measured[] | undefined;
for (const s of surfaces ?? [])
  if (!(MEASURED as readonly string[]).includes(s))
    throw new Error(`unknown surface ${s}; choose from ${MEASURED.join(', ')}`);
const upstreamOnly = values['upstream-ms'] === undefined ? undefined : Number(values['upstream-ms']);
if (upstreamOnly !== undefined && !(Number.isFinite(upstreamOnly) && upstreamOnly >= 0))
  throw new Error('--upstream-ms takes a number of milliseconds');
const quick = values.quick!;
const only = new Set(values.only ? values.only.split(',').map((s) => s.trim()) : SECTIONS);
for (const s of only)
  if (!(SECTIONS as readonly string[]).includes(s))
    throw new Error(`unknown section ${s}; choose from ${SECTIONS.join(', ')}`);
const writeDocs = values['no-docs'] ? false : (values.docs ?? (!quick && only.size === SECTIONS.length));

const plan = quick
  ? {
      rounds: 2,
      calls: (c: number) => (c === 1 ? 50 : 4),
      warmup: 5,
      profileCalls: 100,
      durationMs: 2_000,
      sessions: 200,
      startupRuns: 1,
      analyticsProjects: 1_000,
      searchProjects: 1_000,
    }
  : {
      rounds: 5,
      calls: (c: number) => (c === 1 ? 200 : 10),
      warmup: 20,
      profileCalls: 400,
      durationMs: 10_000,
      sessions: 1_000,
      startupRuns: 5,
      analyticsProjects: 10_000,
      searchProjects: 10_000,
    };

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const started = performance.now();
const results: Results = {
  date: new Date().toISOString(),
  quick,
  seconds: 0,
  logLevel: values['log-level']!,
  machine: machine(),
  failed: {},
};

async function section<T>(name: (typeof SECTIONS)[number], run: () => Promise<T>): Promise<T | undefined> {
  if (!only.has(name)) return undefined;
  try {
    return await run();
  } catch (err) {
    results.failed[name] = err instanceof Error ? (err.stack ?? err.message) : String(err);
    log(`${name} failed: ${results.failed[name]}`);
    return undefined;
  }
}

const root = repoRoot();
log(`machine: ${results.machine.cpuModel}, ${results.machine.cores} cores, load ${results.machine.loadAtStart}`);
const sandbox = await startSandboxChild();
const server = await startServerChild(sandbox.info, { logLevel: values['log-level'] });
const floor = await startFloorChild(sandbox.info);
try {
  const { target: listProjects, result } = await recordTarget(
    'list_projects',
    { pageSize: 20 },
    sandbox.info.url,
    sandbox.info.adminToken,
  );
  const firstId = (result.projects as { id: string; totalArtworks?: number }[]).find(
    (p) => (p.totalArtworks ?? 1) > 0,
  )?.id;
  if (!firstId) throw new Error('the sandbox seed lists no project');
  const { target: getProject } = await recordTarget(
    'get_project',
    { id: firstId },
    sandbox.info.url,
    sandbox.info.adminToken,
  );
  const targets = [listProjects, getProject];

  results.toolsList = await section('tools', () => runToolsList(sandbox, server, log));
  results.factory = await section('factory', async () => runFactory(quick ? 500 : 5_000));
  results.overhead = await section('overhead', () =>
    runOverhead(
      sandbox,
      server,
      floor,
      targets,
      {
        concurrency: [1, 50],
        rounds: plan.rounds,
        callsPerWorker: plan.calls,
        warmupCallsPerWorker: plan.warmup,
        upstreamLatencyMs: upstreamOnly ?? TARGET.upstreamLatencyMs,
        surfaces,
      },
      log,
    ),
  );
  const context = await section('overhead', async () => {
    if (upstreamOnly !== undefined) return undefined;
    return runOverhead(
      sandbox,
      server,
      floor,
      targets,
      {
        concurrency: [1, 50],
        rounds: 2,
        callsPerWorker: (c) => (c === 1 ? plan.calls(1) / 4 : plan.calls(50) / 2),
        warmupCallsPerWorker: 2,
        upstreamLatencyMs: 0,
        surfaces,
      },
      log,
    );
  });
  if (results.overhead && context) results.overhead.push(...context);
  results.profile = await section('profile', () =>
    runProfile(sandbox, server, targets, { calls: plan.profileCalls }, log),
  );
  results.upstreamClient = await section('profile', () =>
    upstreamClientCost(listProjects, sandbox.info.url, sandbox.info.adminToken, plan.profileCalls),
  );
  results.throughput = await section('throughput', () =>
    runThroughput(sandbox, server, listProjects, { concurrency: [50, 200], durationMs: plan.durationMs }, log),
  );
} finally {
  await Promise.all([server.stop(), floor.stop()]);
}
try {
  results.sessions = await section('sessions', () => runSessions(sandbox, { sessions: plan.sessions }, log));
  results.startup = await section('startup', () => runStartup(sandbox, { runs: plan.startupRuns }, log));
} finally {
  await sandbox.stop();
}
results.analytics = await section('analytics', () => runAnalytics(plan.analyticsProjects, log));
results.artworkSearch = await section('search', async () => {
  const figures = await benchArtworkSearch({ projects: plan.searchProjects, query: 'toothpaste' });
  log(`search (${plan.searchProjects} projects): ${JSON.stringify(figures)}`);
  return figures;
});

results.seconds = (performance.now() - started) / 1000;
results.machine.loadAtEnd = currentLoad();
process.stdout.write(consoleReport(results) + '\n');
const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const jsonPath = join(resultsDir, quick ? 'quick.json' : 'latest.json');
writeFileSync(jsonPath, JSON.stringify(results, null, 2) + '\n');
log(`results: ${jsonPath}`);
if (writeDocs) {
  const docPath = join(root, 'docs', 'benchmarks.md');
  writeFileSync(docPath, spliceResults(readFileSync(docPath, 'utf8'), markdownReport(results)));
  log(`figures written to ${docPath}`);
}
process.exitCode = Object.keys(results.failed).length ? 1 : 0;

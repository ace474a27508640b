/**
 * Analytics against the seeded sandbox, through the MCP SDK client. The seeded stories (see
 * sandbox/seed/stories.ts and docs/sandbox.md) must read as they were written: the silent project
 * raises an alert, the busy ones do not, the overdue one is flagged, waits name the approver.
 * Expected numbers are recomputed from raw GraphQL answers (plain fetch, admin token).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { startHarness, silentLog, type Harness } from './support/harness.js';
import { startSandbox } from '../sandbox/server.js';
import { CwayClient } from '../src/cway/client.js';
import { capabilities } from '../src/capabilities/index.js';
import { buildMcpServer } from '../src/surfaces/mcp/server.js';
import { createConfirmationService } from '../src/confirm/service.js';
import { AnalyticsCache } from '../src/capabilities/analytics/cache.js';

const DAY = 86_400_000;
let h: Harness;

async function raw<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown };
  assert.equal(body.errors, undefined);
  return body.data;
}

interface RawProject {
  id: string;
  name: string;
  state: string;
  lastActivity: string | null;
  endDate: string | null;
  artworks: {
    name: string;
    state: string;
    approvers: { username: string; approver: { undecided: boolean } | null }[];
    teamApprovers: {
      approvalState: string;
      memberApprovals: { user: { username: string }; approved: boolean | null }[];
    }[];
  }[];
}

const RAW_PROJECTS = `query { projects(paging: { page: 0, pageSize: 500 }) { totalHits projects {
  id name state lastActivity endDate
  artworks { name state approvers { username approver { undecided } }
    teamApprovers { approvalState memberApprovals { user { username } approved } } } } } }`;

let projects: RawProject[];
const byName = (prefix: string) => {
  const p = projects.find((x) => x.name.startsWith(prefix));
  assert.ok(p, `seeded project "${prefix}…" not found`);
  return p;
};
const usernameOf = (first: string) => h.sandbox.users.find((u) => u.username.startsWith(`${first}.`))!.username;

/**
 * Who each artwork waiting for approval (FOR_REVIEW) of a project waits for, counted per person.
 * COMMENTED and REJECTED artworks wait for a new revision from their supplier instead.
 */
function waitsPerPerson(p: RawProject): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of p.artworks) {
    if (a.state !== 'FOR_REVIEW') continue;
    const who = new Set(a.approvers.filter((x) => !x.approver || x.approver.undecided).map((x) => x.username));
    for (const t of a.teamApprovers)
      if (t.approvalState === 'UNDECIDED')
        for (const m of t.memberApprovals) if (m.approved === null) who.add(m.user.username);
    for (const u of who) out.set(u, (out.get(u) ?? 0) + 1);
  }
  return out;
}

before(async () => {
  h = await startHarness();
  projects = (await raw<{ projects: { projects: RawProject[] } }>(h.sandbox.url, h.sandbox.adminToken, RAW_PROJECTS))
    .projects.projects;
});
after(async () => {
  await h?.close();
});

interface Alert {
  name: string;
  onHold: boolean;
  urgency: number;
  daysSinceActivity: number;
  thresholdDays: number;
  blocking: { kind: string; who: string[] };
  recommendedAction: string;
}

test('the silent projects raise stagnation alerts; the busy ones do not', async () => {
  const all = await h.data<{ alerts: Alert[]; considered: number }>('get_stagnation_alerts', { minUrgencyScore: 1 });
  const names = all.alerts.map((a) => a.name);
  assert.ok(names.includes('Hand Cream Seasonal Edition'), names.join(', '));
  for (const busy of ['Skin Pure', 'Baby Soft', 'Oral Care', 'SunShield', "Men's Care"]) {
    assert.ok(!names.some((n) => n.startsWith(busy)), `${busy} should not be stagnant`);
  }
  assert.ok(
    !names.some((n) => n.startsWith('Shampoo') || n.startsWith('Christmas')),
    'finished projects are never alerted',
  );
  const inFlight = projects.filter((p) => p.state === 'IN_PROGRESS' || p.state === 'STAND_BY').length;
  assert.equal(all.considered, inFlight);

  const hand = all.alerts.find((a) => a.name.startsWith('Hand Cream'))!;
  const raw = byName('Hand Cream');
  assert.equal(hand.daysSinceActivity, Math.floor((Date.now() - Date.parse(`${raw.lastActivity}Z`)) / DAY));
  assert.ok(hand.daysSinceActivity >= hand.thresholdDays);
  assert.equal(hand.onHold, false);
  // Its tube was rejected and its gift box commented: the supplier owes new revisions.
  assert.equal(hand.blocking.kind, 'new_revision');
  assert.deepEqual(hand.blocking.who, [usernameOf('sofia')]);
  assert.match(hand.recommendedAction, /upload a new revision of .*Hand Cream 75 ml tube/);

  const deo = all.alerts.find((a) => a.name.startsWith('Deodorant'));
  assert.ok(deo, 'the stand-by project is listed');
  assert.equal(deo.onHold, true);
  assert.match(deo.recommendedAction, /resume or close/);

  // A higher minUrgencyScore keeps the urgent alert and drops the on-hold one.
  const urgent = await h.data<{ alerts: Alert[] }>('get_stagnation_alerts', { minUrgencyScore: 5 });
  assert.ok(urgent.alerts.every((a) => a.urgency >= 5));
  assert.ok(urgent.alerts.some((a) => a.name === hand.name));
  assert.ok(!urgent.alerts.some((a) => a.name === deo.name), `stand-by urgency ${deo.urgency} is below 5`);
});

interface Health {
  name: string;
  score: number | null;
  status: string;
  stateLabel: string;
  flags: string[];
  reasons: string[];
  components: { key: string; value: number | null; score: number | null; weight: number }[];
}

test('an artwork waiting on one approver names that approver and the wait', async () => {
  const oral = byName('Oral Care');
  const waits = waitsPerPerson(oral);
  const lars = usernameOf('lars');
  assert.equal(waits.get(lars), 3, 'seed: three artworks wait for lars');
  const health = await h.data<Health>('get_project_health', { projectId: oral.id });
  assert.ok(health.flags.includes('waiting_on_approver'));
  assert.ok(
    health.reasons.some((r) => r.startsWith(`3 artworks have waited`) && r.includes(lars)),
    health.reasons.join('\n'),
  );
  assert.ok(!health.reasons.join(' ').includes(usernameOf('maria')), 'maria already approved');

  const baby = byName('Baby Soft');
  const ingrid = usernameOf('ingrid');
  assert.deepEqual([...waitsPerPerson(baby).keys()], [ingrid], 'seed: the display carton waits for ingrid only');
  const bh = await h.data<Health>('get_project_health', { projectId: baby.id });
  assert.ok(
    bh.reasons.some((r) => r.includes('"Baby Soft Wipes display carton"') && r.includes(ingrid)),
    bh.reasons.join('\n'),
  );
});

test('the overdue project is flagged with its days overdue; stand-by and healthy ones are read as such', async () => {
  const sun = byName('SunShield');
  const overdueDays = Math.floor((Date.now() - Date.parse(`${sun.endDate}T00:00:00Z`)) / DAY);
  assert.ok(overdueDays > 0, 'seed: SunShield is past its end date');
  const health = await h.data<Health>('get_project_health', { projectId: sun.id });
  assert.ok(health.flags.includes('overdue'));
  const schedule = health.components.find((c) => c.key === 'schedule')!;
  assert.equal(schedule.value, overdueDays);
  assert.notEqual(health.status, 'good');
  assert.ok(health.reasons.some((r) => r.includes(`Overdue by ${overdueDays} days`)));

  const deo = await h.data<Health>('get_project_health', { projectId: byName('Deodorant').id });
  assert.equal(deo.stateLabel, 'on_hold');
  assert.equal(deo.components.find((c) => c.key === 'activity')!.score, null);

  const list = await h.data<{ projects: Health[]; total: number }>('list_project_health', { limit: 200 });
  assert.equal(list.total, projects.filter((p) => ['IN_PROGRESS', 'STAND_BY', 'PLANNED'].includes(p.state)).length);
  const scores = list.projects.map((p) => p.score ?? 101);
  assert.deepEqual(
    scores,
    [...scores].sort((a, b) => a - b),
    'worst first',
  );
  for (const healthy of ['Skin Pure', 'Baby Soft']) {
    const p = list.projects.find((x) => x.name.startsWith(healthy))!;
    assert.equal(p.status, 'good', `${healthy}: ${p.score} ${p.reasons.join(' | ')}`);
  }
  const hand = list.projects.find((p) => p.name.startsWith('Hand Cream'))!;
  assert.equal(hand.status, 'critical');
  assert.ok(hand.flags.includes('stagnant'));
  const critical = await h.data<{ projects: Health[] }>('list_project_health', { status: 'critical' });
  assert.ok(critical.projects.length > 0 && critical.projects.every((p) => p.status === 'critical'));
});

interface Kpi {
  key: string;
  value: number | null;
  direction: string;
  status: string;
  source: string;
  breakdown: { key: string; value: number }[];
}

test('dashboard KPIs match numbers recomputed from raw GraphQL', async () => {
  const d = await h.data<{ kpis: Kpi[]; projects: { total: number } }>('get_kpi_dashboard');
  const k = (key: string) => d.kpis.find((x) => x.key === key)!;
  assert.equal(d.projects.total, projects.length);

  const done = projects.filter((p) => p.state === 'DELIVERED' || p.state === 'CLOSED').length;
  assert.equal(k('completion_rate').value, Math.round((done / projects.length) * 1000) / 10);

  const stats = await raw<{
    statistics: {
      approvalStats: { averageApprovalTime: string };
      onTimeDeliveriesPerMonth: { total: number; onTime: number }[];
    };
  }>(
    h.sandbox.url,
    h.sandbox.adminToken,
    'query { statistics { approvalStats { averageApprovalTime } onTimeDeliveriesPerMonth { total onTime } } }',
  );
  const total = stats.statistics.onTimeDeliveriesPerMonth.reduce((s, m) => s + m.total, 0);
  const onTime = stats.statistics.onTimeDeliveriesPerMonth.reduce((s, m) => s + m.onTime, 0);
  assert.ok(total > 0, 'seed: deliveries in the past year');
  assert.deepEqual(
    [k('on_time_delivery').value, k('on_time_delivery').source],
    [Math.round((onTime / total) * 1000) / 10, 'statistics'],
  );

  const hours = /^PT(\d+)H/.exec(stats.statistics.approvalStats.averageApprovalTime);
  assert.ok(hours, `sandbox approval time "${stats.statistics.approvalStats.averageApprovalTime}"`);
  assert.equal(k('average_approval_time').value, Math.round((Number(hours[1]) / 24) * 10) / 10);
  assert.equal(k('average_approval_time').direction, 'lower_is_better');

  const load = new Map<string, number>();
  for (const p of projects.filter((x) => x.state === 'IN_PROGRESS' || x.state === 'STAND_BY')) {
    for (const [u, n] of waitsPerPerson(p)) load.set(u, (load.get(u) ?? 0) + n);
  }
  const busiest = Math.max(...load.values());
  assert.equal(k('workload_per_approver').value, busiest);
  assert.equal(load.get(k('workload_per_approver').breakdown[0]!.key), busiest);

  for (const key of [
    'stalled_rate',
    'average_approval_time',
    'rejection_rate',
    'workload_per_project_manager',
    'workload_per_approver',
  ]) {
    assert.equal(k(key).direction, 'lower_is_better', key);
  }
  for (const key of ['completion_rate', 'on_time_delivery', 'throughput_per_month'])
    assert.equal(k(key).direction, 'higher_is_better', key);
});

test('velocity of one project counts its project and artwork events once each', async () => {
  const skin = byName('Skin Pure');
  const ids = (
    await raw<{ project: { artworks: { id: string }[] } }>(
      h.sandbox.url,
      h.sandbox.adminToken,
      'query($id: UUID!) { project(id: $id) { artworks { id } } }',
      { id: skin.id },
    )
  ).project.artworks;
  const keys = new Set<string>();
  const ph = await raw<{ projectHistory: { timestamp: number; name: string }[] }>(
    h.sandbox.url,
    h.sandbox.adminToken,
    'query($id: UUID!) { projectHistory(projectId: $id) { timestamp name } }',
    { id: skin.id },
  );
  for (const e of ph.projectHistory) keys.add(`${e.timestamp}|${e.name}`);
  for (const a of ids) {
    const ah = await raw<{ artworkHistory: { timestamp: number; name: string }[] }>(
      h.sandbox.url,
      h.sandbox.adminToken,
      'query($id: UUID!) { artworkHistory(artworkId: $id) { timestamp name } }',
      { id: a.id },
    );
    for (const e of ah.artworkHistory) keys.add(`${e.timestamp}|${e.name}`);
  }
  const v = await h.data<{
    eventsAnalysed: number;
    velocity: { weekly: unknown[]; trend: { direction: string } };
    idlePeriods: { days: number }[];
    forecast: { date: string | null; reason: string; references: number };
  }>('analyze_project_velocity', { projectId: skin.id, weeks: 8 });
  assert.equal(v.eventsAnalysed, keys.size);
  assert.equal(v.velocity.weekly.length, 8);
  assert.ok(v.idlePeriods.every((p) => p.days >= 3));
  // Seed: its night-cream carton has been in review longer than all but one of the
  // organisation's finished artworks took, so it says so instead of guessing.
  assert.equal(v.forecast.date, null);
  assert.match(v.forecast.reason, /^No forecast: "Skin Pure Night Cream 50 ml carton" has been in review/);
  assert.ok(v.forecast.references > 0);
});

test('chart and temporal dashboard agree with the dashboard', async () => {
  const d = await h.data<{ healthDistribution: Record<string, number> }>('get_kpi_dashboard');
  const c = await h.data<{
    svg: string;
    mimeType: string;
    healthDistribution: Record<string, number>;
    summary: string;
  }>('get_dashboard_chart', { format: 'svg' });
  assert.deepEqual(c.healthDistribution, d.healthDistribution);
  assert.equal(c.mimeType, 'image/svg+xml');
  assert.match(c.svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(c.svg, new RegExp(`<title>critical: ${d.healthDistribution.critical}</title>`));
  const raw = await h.call('get_dashboard_chart', { format: 'svg' });
  const image = raw.content.find((item) => item.type === 'image');
  assert.ok(image && image.type === 'image', 'the chart is also an MCP image item');
  assert.equal(image.mimeType, 'image/svg+xml');
  assert.equal(Buffer.from(image.data, 'base64').toString('utf8'), (raw.structuredContent as { svg: string }).svg);
  const t = await h.data<{
    projectsAnalysed: number;
    stagnant: number;
    projects: { name: string; stagnant: boolean }[];
  }>('get_temporal_dashboard', { weeks: 12, limit: 50 });
  assert.equal(t.projectsAnalysed, projects.filter((p) => p.state === 'IN_PROGRESS' || p.state === 'STAND_BY').length);
  assert.ok(t.projects.find((p) => p.name.startsWith('Hand Cream'))!.stagnant);
});

test('an unknown project is not_found with a hint', async () => {
  const r = await h.call('get_project_health', { projectId: '00000000-0000-4000-8000-000000000000' });
  assert.equal(r.isError, true);
  assert.match((r.content as { text: string }[])[0]!.text, /not_found/);
});

test('at scale, upstream requests grow with pages and history batches, not projects; results are cached and shared', async () => {
  const sandbox = await startSandbox({ port: 0, projects: 300 });
  const dir = mkdtempSync(join(tmpdir(), 'cway-analytics-'));
  const client = new CwayClient({ url: sandbox.url, timeoutMs: 30_000 });
  const services = {
    apiUrl: sandbox.url,
    sandbox: true,
    webBaseUrl: 'https://app.cway.se',
    confirmations: createConfirmationService({ dir }),
    analyticsCache: new AnalyticsCache(),
  };
  const connect = async (token: string) => {
    const server = buildMcpServer({ capabilities, client, services, log: silentLog, token });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await server.connect(a);
    const c = new Client({ name: 'analytics-test', version: '1.0.0' });
    await c.connect(b);
    return c;
  };
  const mcp = await connect(sandbox.adminToken);
  try {
    const counts = await raw<{
      all: { totalHits: number; projects: { state: string; lastActivity: string | null; created: string }[] };
    }>(
      sandbox.url,
      sandbox.adminToken,
      'query { all: projects(paging: { page: 0, pageSize: 500 }) { totalHits projects { state lastActivity created } } }',
    );
    const pages = Math.ceil(counts.all.totalHits / 100);
    // Histories: projects in flight, and any other active since the first day of the month 11 months ago.
    const now = new Date();
    const periodStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1);
    const withHistory = counts.all.projects.filter(
      (p) =>
        p.state === 'IN_PROGRESS' ||
        p.state === 'STAND_BY' ||
        Date.parse(`${(p.lastActivity ?? p.created).slice(0, 19)}Z`) >= periodStart,
    ).length;
    const batches = Math.ceil(withHistory / 100);
    assert.ok(counts.all.totalHits >= 300 && counts.all.totalHits <= 500);

    const before = sandbox.stats().requests;
    const r = (await mcp.callTool({ name: 'get_kpi_dashboard', arguments: {} })) as CallToolResult;
    assert.ok(!r.isError, JSON.stringify(r.content));
    const used = sandbox.stats().requests - before;
    assert.equal(used, pages + batches + 1, 'pages + history batches + statistics');
    assert.ok(used <= 2 * pages + 1, `${used} requests for ${counts.all.totalHits} projects in ${pages} pages`);
    assert.deepEqual((r.structuredContent as Record<string, unknown>).dataUsed, {
      projects: counts.all.totalHits,
      pages,
      historyBatches: batches,
    });

    // Within the TTL, other org views reuse the same load.
    const cached = sandbox.stats().requests;
    for (const name of [
      'get_stagnation_alerts',
      'list_project_health',
      'get_temporal_dashboard',
      'get_dashboard_chart',
    ]) {
      const x = (await mcp.callTool({ name, arguments: {} })) as CallToolResult;
      assert.ok(!x.isError, name);
    }
    assert.equal(sandbox.stats().requests, cached);

    // Two concurrent requests of another caller share one load.
    const pmMcp = await connect(sandbox.users.find((u) => u.role === 'project_manager')!.token);
    const start = sandbox.stats().requests;
    const [one, two] = (await Promise.all([
      pmMcp.callTool({ name: 'get_kpi_dashboard', arguments: {} }),
      pmMcp.callTool({ name: 'get_kpi_dashboard', arguments: {} }),
    ])) as CallToolResult[];
    const du = (one!.structuredContent as Record<string, unknown>).dataUsed as {
      pages: number;
      historyBatches: number;
    };
    assert.deepEqual((two!.structuredContent as Record<string, unknown>).dataUsed, du);
    assert.equal(sandbox.stats().requests - start, du.pages + du.historyBatches + 1);
    await pmMcp.close();

    // Progress reaches an MCP client that asks for it, rising to done = total.
    const approverMcp = await connect(sandbox.users.find((u) => u.role === 'approver')!.token);
    const seen: { progress: number; total?: number }[] = [];
    const res = (await approverMcp.callTool(
      { name: 'get_kpi_dashboard', arguments: {} },
      {
        onprogress: (p: { progress: number; total?: number; message?: string }) => seen.push(p),
      },
    )) as CallToolResult;
    await approverMcp.close();
    const mine = (res.structuredContent as Record<string, unknown>).dataUsed as {
      pages: number;
      historyBatches: number;
    };
    assert.ok(seen.length >= mine.pages + mine.historyBatches, `${seen.length} progress notifications`);
    assert.ok(
      seen.every((p, i) => i === 0 || p.progress > seen[i - 1]!.progress),
      'progress only rises',
    );
    assert.deepEqual(seen.at(-1), {
      progress: mine.pages + mine.historyBatches + 1,
      total: mine.pages + mine.historyBatches + 1,
      message: 'Loaded',
    });
  } finally {
    await mcp.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

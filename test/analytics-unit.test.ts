/**
 * Pins every analytics formula on hand-made projects with a fixed `now` (Tuesday 2026-11-24 12:00 UTC).
 * The expected numbers are worked out by hand in the comments, from docs/analytics.md.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArtworkFact, Decision, EventFact, ProjectFact } from '../src/analytics/types.js';
import { parseInstant } from '../src/analytics/time.js';
import { linearFit, median, stdev } from '../src/analytics/stats.js';
import { rate } from '../src/analytics/status.js';
import { cadenceOf, lastActivityOf } from '../src/analytics/cadence.js';
import { activityScore, readActivity } from '../src/analytics/activity.js';
import { scheduleOf } from '../src/analytics/schedule.js';
import { projectHealth } from '../src/analytics/health.js';
import { parseApprovalTime } from '../src/analytics/approval-time.js';
import { averageApprovalTime, rejectionRate } from '../src/analytics/kpi-approvals.js';
import { onTimeDelivery, throughput, throughputSeries } from '../src/analytics/kpi-delivery.js';
import type { OrgStatistics } from '../src/analytics/kpi.js';
import { completionRate, kpiDashboard, stalledRate } from '../src/analytics/dashboard.js';
import { approverWorkload, pmWorkload } from '../src/analytics/workload.js';
import { velocityOf, weeklyCounts } from '../src/analytics/velocity.js';
import { activityPeriods } from '../src/analytics/periods.js';
import { cycleReferences, forecastCompletion } from '../src/analytics/forecast.js';
import { backtestForecasts } from '../src/analytics/forecast-backtest.js';
import { stagnationAlerts, stagnationOf } from '../src/analytics/stagnation.js';
import { blockingOf } from '../src/analytics/blocking.js';
import { teamPatterns } from '../src/analytics/patterns.js';
import { mergeEvents } from '../src/analytics/temporal.js';
import { dashboardChart, monthLabel, projectTimelineChart } from '../src/analytics/chart.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const DAY = 86_400_000;
/** `LocalDateTime` d days before now. */
const ago = (d: number) => new Date(NOW - d * DAY).toISOString().slice(0, 19);
/** `Date` (YYYY-MM-DD) d days before now; negative d is in the future. */
const day = (d: number) => new Date(NOW - d * DAY).toISOString().slice(0, 10);
const events = (...daysAgo: number[]): EventFact[] =>
  daysAgo.map((d) => ({ at: NOW - d * DAY, name: 'Artwork updated' })).sort((a, b) => a.at - b.at);
const approver = (username: string, decision: Decision = 'undecided') => ({ username, name: username, decision });
const ANNA = 'anna.berg@example.com';

function artwork(over: Partial<ArtworkFact> = {}): ArtworkFact {
  return {
    id: over.name ?? 'a1',
    name: 'Carton front',
    state: 'APPROVED',
    endDate: null,
    approvalDate: null,
    deliveryDate: null,
    revisionNo: 1,
    revisionCreated: day(20),
    firstRevisionCreated: day(20),
    approvers: [],
    teams: [],
    suppliers: ['sofia@example.com'],
    ...over,
  };
}

/** In progress, half done and half way (start 30 days ago, end in 30 days), active yesterday. */
function project(over: Partial<ProjectFact> = {}): ProjectFact {
  return {
    id: 'p1',
    name: 'Launch',
    state: 'IN_PROGRESS',
    created: day(30),
    startDate: day(30),
    endDate: day(-30),
    planningStart: null,
    planningEnd: null,
    lastActivity: ago(1),
    totalArtworks: 2,
    artworksDone: 1,
    percentageDone: 50,
    projectManager: { username: 'pm@example.com', name: 'Pia Manager' },
    artworks: [
      artwork({ name: 'A' }),
      artwork({ name: 'B', state: 'FOR_REVIEW', approvers: [approver(ANNA)], revisionCreated: day(2) }),
    ],
    ...over,
  };
}

const component = (h: ReturnType<typeof projectHealth>, key: string) => h.components.find((c) => c.key === key)!;

test('dates are read defensively, in UTC', () => {
  assert.equal(parseInstant('2026-11-02'), Date.parse('2026-11-02T00:00:00Z'));
  assert.equal(parseInstant('2026-11-02T10:30:00'), Date.parse('2026-11-02T10:30:00Z'));
  assert.equal(parseInstant('2026-11-02T10:30:00+02:00'), Date.parse('2026-11-02T08:30:00Z'));
  assert.equal(parseInstant(1_700_000_000_000), 1_700_000_000_000);
  assert.equal(parseInstant('1700000000000'), 1_700_000_000_000);
  for (const bad of ['', 'soon', '02/11/2026', null, undefined, Number.NaN]) assert.equal(parseInstant(bad), null);
});

test('median, standard deviation and least squares', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([]), null);
  assert.equal(stdev([2, 4, 4, 4, 5, 5, 7, 9]), 2);
  assert.deepEqual(linearFit([1, 3, 5, 7]), { slope: 2, intercept: 1, r2: 1 });
  assert.deepEqual(linearFit([4, 4, 4]), { slope: 0, intercept: 4, r2: 0 });
  assert.equal(linearFit([1]), null);
});

test('status follows the direction: lower-is-better values are good when small', () => {
  const t = { good: 3, warning: 7 };
  assert.equal(rate(2, 'lower_is_better', t), 'good');
  assert.equal(rate(3, 'lower_is_better', t), 'good');
  assert.equal(rate(7, 'lower_is_better', t), 'warning');
  assert.equal(rate(7.1, 'lower_is_better', t), 'critical');
  const h = { good: 90, warning: 75 };
  assert.equal(rate(95, 'higher_is_better', h), 'good');
  assert.equal(rate(80, 'higher_is_better', h), 'warning');
  assert.equal(rate(7.1, 'higher_is_better', h), 'critical');
});

test('cadence is the median gap between active days, with a 14-day floor on the silence limit', () => {
  // Three events on day 0 count once: active days 0, 2, 4, 6 → gaps 2, 2, 2.
  const busy = cadenceOf([...events(30, 30, 30), ...events(28, 26, 24)]);
  assert.deepEqual(busy, { activeDays: 4, medianGapDays: 2, silenceLimitDays: 14 });
  // Every 10 days → limit 3 × 10 = 30.
  assert.deepEqual(cadenceOf(events(50, 40, 30, 20)), { activeDays: 4, medianGapDays: 10, silenceLimitDays: 30 });
  assert.deepEqual(cadenceOf(undefined), { activeDays: 0, medianGapDays: null, silenceLimitDays: 14 });
  assert.deepEqual(cadenceOf(events(3)), { activeDays: 1, medianGapDays: null, silenceLimitDays: 14 });
});

test('last activity: the newer of lastActivity and history, else created; never negative', () => {
  assert.deepEqual(lastActivityOf(project({ lastActivity: ago(5) }), events(9), NOW).daysSince, 5);
  const fromHistory = lastActivityOf(project({ lastActivity: ago(9) }), events(4), NOW);
  assert.equal(fromHistory.source, 'history');
  assert.equal(fromHistory.daysSince, 4);
  const fromCreated = lastActivityOf(project({ lastActivity: null, created: day(12) }), undefined, NOW);
  assert.deepEqual([fromCreated.source, fromCreated.daysSince], ['created', 12]);
  assert.equal(lastActivityOf(project({ lastActivity: ago(-2) }), undefined, NOW).daysSince, 0);
  assert.equal(lastActivityOf(project({ lastActivity: null, created: null }), undefined, NOW).source, 'none');
});

test('activity score: 100 up to U, 50 at the limit L, 0 at 2L (no history: U = 7, L = 14)', () => {
  const at = (d: number) => activityScore(readActivity(project({ lastActivity: ago(d) }), undefined, NOW));
  assert.equal(at(7), 100);
  assert.equal(at(10), 78.6); // 100 − 50 × (10 − 7) / (14 − 7)
  assert.equal(at(14), 50);
  assert.equal(at(21), 25);
  assert.equal(at(28), 0);
  assert.equal(at(60), 0);
  // Lower silence is better: the score never rises with more silence.
  for (let d = 0; d < 40; d++) assert.ok(at(d + 1)! <= at(d)!, `score rose from day ${d} to ${d + 1}`);
});

test('schedule: endDate first, planning as fallback, inclusive end day, future start', () => {
  const s = scheduleOf(project({ startDate: '2026-11-01', endDate: '2026-11-30', percentageDone: 40 }), NOW);
  // 23.5 of 30 days gone = 78.3 %; 78.3 − 40 = 38.3 points behind.
  assert.deepEqual(
    [s.endSource, s.elapsedPct, s.behindPts, s.daysToEnd, s.daysOverdue],
    ['startDate/endDate', 78.3, 38.3, 6, 0],
  );
  const planned = scheduleOf(
    project({ startDate: null, endDate: null, planningStart: '2026-11-01', planningEnd: '2026-11-30' }),
    NOW,
  );
  assert.deepEqual([planned.startSource, planned.endSource, planned.elapsedPct], ['planning', 'planning', 78.3]);
  const none = scheduleOf(project({ startDate: null, endDate: null }), NOW);
  assert.deepEqual(
    [none.endSource, none.startSource, none.elapsedPct, none.daysOverdue],
    ['none', 'created', null, null],
  );
  assert.equal(scheduleOf(project({ endDate: '2026-11-24' }), NOW).daysOverdue, 0, 'the end day itself is not overdue');
  assert.equal(scheduleOf(project({ endDate: '2026-11-20' }), NOW).daysOverdue, 4);
  assert.equal(scheduleOf(project({ startDate: day(-5) }), NOW).startsInDays, 5);
});

test('health of a project on track with nothing waiting is 100 and good', () => {
  const h = projectHealth(project({ artworks: [artwork()] }), events(20, 10, 5, 1), NOW);
  assert.equal(h.score, 100);
  assert.equal(h.status, 'good');
  assert.equal(h.stateLabel, 'active');
  assert.deepEqual(h.flags, []);
  assert.equal(
    h.components.reduce((s, c) => s + c.weight, 0),
    1,
  );
});

test('health: lower-is-better components lose points as their value grows', () => {
  // Behind: 50 % elapsed, 10 % done → B = 40 → 100 − 2 × (40 − 20) = 60.
  const behind = projectHealth(project({ percentageDone: 10, artworks: [artwork()] }), undefined, NOW);
  assert.deepEqual([component(behind, 'schedule').value, component(behind, 'schedule').score], [40, 60]);
  // One rejection per artwork (from history) → 0; mean revision 4 → 100 − 25 × 2 = 50.
  const messy = projectHealth(
    project({ artworks: [artwork({ revisionNo: 4 }), artwork({ name: 'B', revisionNo: 4 })] }),
    [
      ...events(20, 10, 1),
      { at: NOW - 3 * DAY, name: 'Artwork rejected' },
      { at: NOW - 2 * DAY, name: 'Artwork rejected' },
      { at: NOW - 2 * DAY, name: 'Rejection revoked' },
    ],
    NOW,
  );
  assert.deepEqual([component(messy, 'rejections').value, component(messy, 'rejections').score], [1, 0]);
  assert.deepEqual([component(messy, 'revisions').value, component(messy, 'revisions').score], [4, 50]);
  // 0.35·100 + 0.25·100 + 0.2·100 + 0.1·0 + 0.1·50 = 85.
  assert.equal(messy.score, 85);
});

test('health: approval waits name the approver, the count and the days', () => {
  const waiting = (name: string, days: number) =>
    artwork({
      name,
      state: 'FOR_REVIEW',
      approvers: [approver(ANNA), approver('bo@example.com', 'approved')],
      revisionCreated: day(days),
    });
  const h = projectHealth(
    project({ artworks: [waiting('A', 12), waiting('B', 14), waiting('C', 20), artwork({ name: 'D' })] }),
    undefined,
    NOW,
  );
  // Penalty 4 × (12−5) + 4 × (14−5) + min(40, 4 × 15) = 28 + 36 + 40 = 104 → 0.
  assert.equal(component(h, 'approval_wait').score, 0);
  assert.equal(component(h, 'approval_wait').value, 3);
  assert.ok(h.flags.includes('waiting_on_approver'));
  assert.ok(
    h.reasons.includes(`3 artworks have waited 12+ days for ${ANNA} (oldest since ${day(20)}).`),
    h.reasons.join('\n'),
  );
  assert.ok(!h.reasons.join(' ').includes('bo@example.com'), 'an approver who approved is not waited for');
  // One 15-day wait: 100 − 40 = 60; an artwork in review without approver costs 20 more.
  const one = projectHealth(
    project({ artworks: [waiting('A', 15), artwork({ name: 'Orphan', state: 'FOR_REVIEW' })] }),
    undefined,
    NOW,
  );
  assert.equal(component(one, 'approval_wait').score, 40);
  assert.ok(one.reasons.some((r) => r.includes('"Orphan" is in review with no approver')));
});

test('health: a team approver is waited for through its undecided members', () => {
  const a = artwork({
    state: 'FOR_REVIEW',
    revisionCreated: day(9),
    teams: [{ team: 'Regulatory', state: 'UNDECIDED', undecidedMembers: ['ingrid@example.com'] }],
  });
  const h = projectHealth(project({ artworks: [a] }), undefined, NOW);
  assert.ok(
    h.reasons.some((r) => r.includes('has waited 9 days for ingrid@example.com')),
    h.reasons.join('\n'),
  );
});

test('health edge case: no dates → schedule not scored, the other weights fill in', () => {
  const h = projectHealth(project({ startDate: null, endDate: null, artworks: [artwork()] }), undefined, NOW);
  assert.equal(component(h, 'schedule').score, null);
  assert.equal(component(h, 'schedule').weight, 0);
  assert.ok(h.flags.includes('no_end_date'));
  assert.equal(component(h, 'activity').weight, 0.385); // 0.25 / 0.65
  assert.equal(h.score, 100);
});

test('health: no project manager and a start taken from the created date are said', () => {
  const h = projectHealth(project({ projectManager: null, startDate: null, artworks: [artwork()] }), undefined, NOW);
  assert.ok(h.flags.includes('no_project_manager'));
  assert.ok(h.reasons.includes('No project manager is assigned.'));
  assert.match(component(h, 'schedule').detail, /the start is the created date, as startDate is not set/);
});

test('health edge case: no history → the 14-day floor and current-state rejections', () => {
  const h = projectHealth(
    project({ lastActivity: ago(14), artworks: [artwork({ state: 'REJECTED' })] }),
    undefined,
    NOW,
  );
  assert.ok(h.flags.includes('no_history'));
  assert.ok(h.flags.includes('stagnant'));
  assert.equal(component(h, 'activity').score, 50);
  assert.match(component(h, 'rejections').detail, /artworks rejected now/);
});

test('health edge case: 0 artworks → approval components not scored', () => {
  const h = projectHealth(project({ artworks: [], totalArtworks: 0 }), events(9, 5, 1), NOW);
  for (const key of ['approval_wait', 'rejections', 'revisions']) assert.equal(component(h, key).score, null, key);
  assert.ok(h.flags.includes('no_artworks'));
  // Only schedule (0.35) and activity (0.25) remain: weights 0.583 and 0.417.
  assert.deepEqual([component(h, 'schedule').weight, component(h, 'activity').weight], [0.583, 0.417]);
});

test('health edge case: a future start is not late and not silent', () => {
  const h = projectHealth(
    project({ startDate: day(-10), lastActivity: ago(60), percentageDone: 0, artworks: [] }),
    undefined,
    NOW,
  );
  assert.equal(component(h, 'schedule').score, 100);
  assert.equal(component(h, 'activity').score, null);
  assert.ok(h.flags.includes('not_started'));
  assert.equal(h.score, 100);
});

test('health edge case: STAND_BY is labelled on hold and silence is not scored', () => {
  const h = projectHealth(project({ state: 'STAND_BY', lastActivity: ago(90), artworks: [artwork()] }), undefined, NOW);
  assert.equal(h.stateLabel, 'on_hold');
  assert.equal(component(h, 'activity').score, null);
  assert.ok(h.flags.includes('on_hold'));
  assert.equal(h.score, 100);
});

test('health edge case: delivered and closed projects are not scored', () => {
  for (const state of ['DELIVERED', 'CLOSED']) {
    const h = projectHealth(project({ state }), undefined, NOW);
    assert.deepEqual([h.score, h.status, h.components.length], [null, 'not_scored', 0]);
  }
});

test('health: overdue projects are capped at warning, and at critical after 14 days', () => {
  const late = projectHealth(project({ endDate: day(4), artworks: [artwork()] }), undefined, NOW);
  // schedule max(0, 40 − 2 × 4) = 32; uncapped 0.35 × 32 + 0.65 × 100 = 76.2 → capped to 60.
  assert.equal(component(late, 'schedule').score, 32);
  assert.deepEqual([late.score, late.status], [60, 'warning']);
  assert.ok(late.flags.includes('overdue'));
  assert.match(late.reasons[0]!, /Capped at 60 because it is 4 days past its end date/);
  const veryLate = projectHealth(project({ endDate: day(20), artworks: [artwork()] }), undefined, NOW);
  assert.deepEqual([veryLate.score, veryLate.status], [40, 'critical']);
});

test('averageApprovalTime strings: ISO durations, clocks and unit amounts; bare numbers refused', () => {
  const days = (s: string) => parseApprovalTime(s)?.days;
  assert.equal(days('PT418H'), 418 / 24);
  assert.equal(days('P1DT12H'), 1.5);
  assert.equal(days('36:00:00'), 1.5);
  assert.equal(days('1.12:00:00'), 1.5);
  assert.equal(days('1 day, 12:00:00'), 1.5);
  assert.equal(days('3.5 days'), 3.5);
  assert.equal(days('2d 12h'), 2.5);
  assert.equal(days('36 hours'), 1.5);
  for (const bad of ['12', '', 'N/A', 'P', 'PT', 'soon', '3 fortnights'])
    assert.equal(parseApprovalTime(bad), null, bad);
});

const stats = (over: Partial<OrgStatistics> = {}): OrgStatistics => ({
  approvalStats: { approvedArtworks: 3, averageApprovalTime: 'PT48H', averageRevisions: 1.5 },
  onTimeDeliveriesPerMonth: [],
  deliveredArtworksPerMonth: [],
  artworkRejectionsByCategoryPerMonth: [],
  openProjectsCountByMonth: [],
  ...over,
});

test('average approval time: statistics when readable, else derived from artworks; lower is better', () => {
  const fromStats = averageApprovalTime([], stats());
  assert.deepEqual(
    [fromStats.value, fromStats.source, fromStats.status, fromStats.direction],
    [2, 'statistics', 'good', 'lower_is_better'],
  );
  // approvalDate 10 days after the first revision day → 10 days → critical (> 7).
  const approved = artwork({ firstRevisionCreated: day(12), approvalDate: ago(2) });
  const derived = averageApprovalTime(
    [project({ artworks: [approved] })],
    stats({ approvalStats: { approvedArtworks: 1, averageApprovalTime: '10', averageRevisions: 1 } }),
  );
  assert.equal(derived.source, 'derived');
  assert.equal(derived.value, 10.5); // from 00:00 of the revision day to 12:00 of the approval day
  assert.equal(derived.status, 'critical');
  assert.match(derived.explanation, /"10" is not a format we accept/);
  assert.equal(averageApprovalTime([], null).status, 'unknown');
});

test('rejection rate: rejections ÷ (rejections + approvals), lower is better', () => {
  const k = rejectionRate(
    [],
    stats({ artworkRejectionsByCategoryPerMonth: [{ year: 2026, monthValue: 10, category: 'Label', count: 1 }] }),
  );
  assert.deepEqual([k.value, k.status, k.source], [25, 'warning', 'statistics']);
  const derived = rejectionRate(
    [project({ artworks: [artwork({ state: 'REJECTED' }), artwork({ approvalDate: ago(3) })] })],
    null,
  );
  assert.deepEqual([derived.value, derived.status, derived.source], [50, 'critical', 'derived']);
});

test('on-time delivery: statistics over the last 12 months, else artwork dates', () => {
  const k = onTimeDelivery(
    [],
    stats({
      onTimeDeliveriesPerMonth: [
        { year: 2026, monthValue: 10, total: 10, onTime: 9, late: 1 },
        { year: 2024, monthValue: 1, total: 10, onTime: 0, late: 10 }, // outside the window
      ],
    }),
    NOW,
  );
  assert.deepEqual([k.value, k.status], [90, 'good']);
  const arts = [
    artwork({ deliveryDate: ago(10), endDate: day(10) }), // on the end day: on time
    artwork({ deliveryDate: ago(10), endDate: day(12) }), // late
  ];
  const derived = onTimeDelivery([project({ artworks: arts })], null, NOW);
  assert.deepEqual([derived.value, derived.source, derived.status], [50, 'derived', 'critical']);
});

test('throughput: the last 6 complete months against the 6 before', () => {
  const counts = [1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 5]; // 2025-11 … 2026-11 (current, not judged)
  const months = counts.map((count, i) => ({ year: i < 2 ? 2025 : 2026, monthValue: ((10 + i) % 12) + 1, count }));
  const { series, source } = throughputSeries([], stats({ deliveredArtworksPerMonth: months }), NOW);
  assert.equal(series.length, 13);
  assert.deepEqual([series[0]!.month, series[12]!.month, source], ['2025-11', '2026-11', 'statistics']);
  const k = throughput(series, source);
  assert.deepEqual([k.value, k.thresholds.good, k.status], [2, 0.9, 'good']);
  const slower = throughput(
    series.map((m, i) => ({ ...m, count: i >= 6 ? 0.5 : 1 })),
    'derived',
  );
  assert.equal(slower.status, 'critical'); // 0.5 < 0.6 × 1
});

test('completion, stalled rate and workload', () => {
  const done = [
    project({ id: 'd', state: 'DELIVERED' }),
    project({ id: 'c', state: 'CLOSED' }),
    project({ id: 'x' }),
    project({ id: 'y', lastActivity: ago(30) }),
  ];
  assert.deepEqual([completionRate(done).value, completionRate(done).status], [50, 'good']);
  const stalled = stalledRate(done, new Map(), NOW);
  assert.deepEqual([stalled.value, stalled.status, stalled.direction], [50, 'critical', 'lower_is_better']);
  const pms = pmWorkload([
    project({ id: '1' }),
    project({ id: '2' }),
    project({ id: '3', projectManager: { username: 'bo@example.com', name: 'Bo' } }),
    project({ id: '4', projectManager: null }),
    project({ id: '5', projectManager: null }),
    project({ id: '6', projectManager: null }),
    project({ id: '7', state: 'DELIVERED' }),
  ]);
  assert.equal(pms.value, 2, 'the unmanaged projects do not count as one person');
  assert.match(pms.explanation, /3 open projects have no project manager/);
  const approvers = approverWorkload([project(), project({ id: 'p2' })], NOW);
  assert.deepEqual([approvers.value, approvers.breakdown[0]!.key], [2, ANNA]);
});

test('dashboard lists critical projects with their reasons', () => {
  const d = kpiDashboard(
    [project({ id: 'bad', name: 'Bad', endDate: day(30), percentageDone: 0 }), project()],
    new Map(),
    null,
    NOW,
  );
  assert.equal(d.kpis.length, 8);
  assert.deepEqual(
    d.criticalProjects.map((p) => p.name),
    ['Bad'],
  );
  assert.deepEqual(d.healthDistribution, { good: 1, warning: 0, critical: 1, not_scored: 0 });
  for (const k of d.kpis) assert.ok(['higher_is_better', 'lower_is_better'].includes(k.direction), k.key);
});

test('dashboard lists stay short at scale: 10 critical projects, 10 people per breakdown', () => {
  const many = Array.from({ length: 12 }, (_, i) =>
    project({
      id: `p${i}`,
      name: `P${i}`,
      endDate: day(30),
      percentageDone: 0,
      lastActivity: ago(40),
      projectManager: { username: `pm${i}@example.com`, name: `PM ${i}` },
    }),
  );
  const d = kpiDashboard(many, new Map(), null, NOW);
  assert.equal(d.healthDistribution.critical, 12);
  assert.equal(d.criticalProjects.length, 10);
  const k = (key: string) => d.kpis.find((x) => x.key === key)!;
  assert.equal(k('stalled_rate').value, 100);
  assert.equal(k('stalled_rate').breakdown.length, 10);
  assert.equal(k('workload_per_project_manager').breakdown.length, 10);
  assert.match(k('workload_per_project_manager').explanation, /12 project managers in all/);
});

test('velocity: weekly counts, least-squares trend and consistency', () => {
  assert.deepEqual(weeklyCounts(events(1, 2, 8, 20), NOW, 4), [0, 1, 1, 2]);
  const rising = velocityOf(events(...[1, 2, 3, 8, 9, 15]), NOW, 4); // weeks: 0, 1, 2, 3 events
  assert.deepEqual([rising.trend.slope, rising.trend.direction, rising.eventsPerWeek], [1, 'accelerating', 1.5]);
  const falling = velocityOf(events(...[22, 23, 24, 15, 16, 8]), NOW, 4);
  assert.equal(falling.trend.direction, 'slowing');
  const even = velocityOf(events(1, 2, 8, 9, 15, 16, 22, 23), NOW, 4);
  assert.deepEqual([even.trend.direction, even.consistency], ['steady', 1]);
  const none = velocityOf([], NOW, 4);
  assert.deepEqual([none.trend.direction, none.consistency, none.totalEvents], ['no_activity', 0, 0]);
  assert.equal(velocityOf([], NOW, 100).windowWeeks, 26, 'the window is bounded');
});

test('velocity: the window starts when the project starts, and a trend abstains on too little history', () => {
  // Six weeks old, busy at first, then quieter: 0 quiet weeks before it existed must not count.
  const young = events(40, 39, 38, 36, 33, 30, 29, 25, 24, 20, 15, 13, 6);
  const whole = velocityOf(young, NOW, 12);
  assert.equal(whole.trend.direction, 'accelerating', 'the old reading: 6 empty weeks, then activity');
  const own = velocityOf(young, NOW, 12, NOW - 40 * DAY);
  assert.deepEqual([own.windowWeeks, own.requestedWeeks, own.shortenedToLife], [5, 12, true]);
  assert.equal(own.trend.direction, 'slowing');
  assert.ok(own.trend.slope! < 0);
  // Two weeks old: no trend, and the reason says why.
  const baby = velocityOf(events(1, 2, 3, 4, 5, 8, 9, 10), NOW, 12, NOW - 16 * DAY);
  assert.deepEqual(
    [baby.windowWeeks, baby.trend.direction, baby.trend.slope, baby.consistency],
    [2, 'too_little_history', null, null],
  );
  assert.match(baby.abstainReason!, /only 2 whole weeks/);
  // Old enough but only 3 events: no trend either.
  const sparse = velocityOf(events(3, 10, 17), NOW, 8, NOW - 100 * DAY);
  assert.deepEqual([sparse.windowWeeks, sparse.trend.direction], [8, 'too_little_history']);
  assert.match(sparse.abstainReason!, /only 3 events/);
});

test('sprints and idle periods come from real gaps of 3 days or more', () => {
  const p = activityPeriods(events(20, 19.5, 19, 15, 14.5, 14), NOW);
  assert.deepEqual(
    p.sprints.map((s) => [s.events, s.days]),
    [
      [3, 1],
      [3, 1],
    ],
  );
  assert.deepEqual(
    p.idle.map((i) => [i.days, i.ongoing]),
    [
      [4, false],
      [14, true],
    ],
  );
  assert.equal(p.longestIdleDays, 14);
  assert.deepEqual(activityPeriods(events(2.5, 2, 1), NOW).idle, []);
});

test("forecast: remaining artworks against the organisation's finished ones, with an interval or no forecast", () => {
  // References: five artworks that took 10, 20, 30, 40 and 50 days from first upload to approval,
  // and 30..70 days from their project start.
  const done = [10, 20, 30, 40, 50].map((d, i) =>
    artwork({ name: `R${i}`, state: 'APPROVED', firstRevisionCreated: day(200), approvalDate: day(200 - d) }),
  );
  const finished = project({ id: 'old', state: 'DELIVERED', startDate: day(220), artworks: done });
  const refs = cycleReferences([finished]);
  assert.deepEqual(
    refs.map((r) => [r.reviewDays, r.fullDays]),
    [
      [10, 30],
      [20, 40],
      [30, 50],
      [40, 60],
      [50, 70],
    ],
  );
  // One artwork 15.5 days into review (uploaded on day(15), now is noon): comparable references
  // 20..50 → residuals 4.5, 14.5, 24.5, 34.5.
  const live = project({
    artworks: [
      artwork({ name: 'A' }),
      artwork({ name: 'B', state: 'FOR_REVIEW', firstRevisionCreated: day(15), approvers: [approver(ANNA)] }),
    ],
  });
  const f = forecastCompletion(live, NOW, refs);
  // Median 19.5 → 20 days; quartiles (linear interpolation) 12 and 27, rounded up.
  assert.deepEqual([f.daysRemaining, f.interval!.lowDays, f.interval!.highDays], [20, 12, 27]);
  assert.equal(f.date, day(-20));
  assert.equal(f.daysLate, -10, 'ten days before the end day');
  assert.equal(f.confidence, 'low', 'only 4 comparable references');
  assert.deepEqual(
    f.artworks.map((a) => [a.name, a.basis, a.references]),
    [['B', 'review', 4]],
  );
  // Parallel artworks: the slowest decides. An unstarted one 30 days after the start (full cycles
  // 40..70 → residuals 10..40, median 25) outlasts B.
  const two = forecastCompletion(
    project({
      artworks: [...live.artworks, artwork({ name: 'C', state: 'UNSTARTED', firstRevisionCreated: null })],
    }),
    NOW,
    refs,
  );
  assert.deepEqual([two.daysRemaining, two.artworks[0]!.name, two.artworks[0]!.basis], [25, 'C', 'full']);
  // 45 days in review: only one reference took longer → no forecast, and the reason says why.
  const stuck = forecastCompletion(
    project({ artworks: [artwork({ name: 'S', state: 'REJECTED', firstRevisionCreated: day(45) })] }),
    NOW,
    refs,
  );
  assert.deepEqual([stuck.date, stuck.confidence, stuck.interval], [null, null, null]);
  assert.match(stuck.reason, /No forecast: "S" has been in review for 45 days, and only 1 of the organisation's 5/);
  // Medium confidence needs 8 comparable references and a tight interval.
  const many = cycleReferences([
    project({
      id: 'many',
      state: 'DELIVERED',
      artworks: Array.from({ length: 10 }, (_, i) =>
        artwork({ name: `M${i}`, firstRevisionCreated: day(100), approvalDate: day(100 - 20 - i) }),
      ),
    }),
  ]);
  assert.equal(forecastCompletion(live, NOW, many).confidence, 'medium');
  // Abstentions that need no references.
  assert.equal(forecastCompletion(project({ state: 'STAND_BY' }), NOW, refs).date, null);
  assert.equal(forecastCompletion(project({ state: 'DELIVERED' }), NOW, refs).date, null);
  assert.equal(forecastCompletion(project({ startDate: day(-3) }), NOW, refs).date, null);
  assert.equal(forecastCompletion(project({ startDate: null, created: null }), NOW, refs).date, null);
  assert.equal(forecastCompletion(project({ artworks: [artwork()] }), NOW, refs).date, day(0), 'all done');
  assert.ok(f.assumptions.length >= 2);
});

test('forecast backtest: rewinds each finished project, leaves it out of the references, and scores the error', () => {
  // Started `ago` days ago, uploaded 10 days later, approved `cycle` days after the upload.
  const finishedProject = (id: string, ago: number, cycle: number) =>
    project({
      id,
      name: id,
      state: 'DELIVERED',
      startDate: day(ago),
      artworks: [
        artwork({ name: `${id}-a`, firstRevisionCreated: day(ago - 10), approvalDate: day(ago - 10 - cycle) }),
      ],
    });
  const all = [finishedProject('P0', 300, 10), finishedProject('P1', 500, 20), finishedProject('P2', 450, 30)];
  all.push(finishedProject('P3', 400, 40));
  const bt = backtestForecasts(all, [0.5]);
  assert.equal(bt.rows.length, 4);
  // P0 lived 20 days (300 → 280 days ago); at half (290 days ago) its artwork was just uploaded.
  // Known then: the others' review cycles 20, 30, 40 (all approved earlier) → median 30; it took 10.
  const p0 = bt.rows.find((r) => r.name === 'P0')!;
  assert.deepEqual([p0.actualDays, p0.forecastDays, p0.errorDays, p0.withinInterval], [10, 30, 20, false]);
  // P1 finished first: nothing was known before it, so it abstains (no look into the future).
  const p1 = bt.rows.find((r) => r.name === 'P1')!;
  assert.deepEqual([p1.forecastDays, p1.errorDays], [null, null]);
  assert.equal(bt.forecasts + bt.abstained, 4);
  assert.ok(bt.abstained >= 1);
});

test('stagnation is relative to the project: 20 silent days is normal for a 10-day rhythm', () => {
  const slow = events(80, 70, 60, 50, 40, 30, 20);
  assert.equal(stagnationOf(project({ lastActivity: ago(20) }), slow, NOW), null);
  assert.notEqual(stagnationOf(project({ lastActivity: ago(31) }), events(81, 71, 61, 51, 41, 31), NOW), null);
  assert.equal(stagnationOf(project({ lastActivity: ago(10) }), undefined, NOW), null);
  assert.equal(stagnationOf(project({ lastActivity: ago(60), state: 'DELIVERED' }), undefined, NOW), null);
  assert.equal(
    stagnationOf(project({ lastActivity: ago(60), startDate: day(-3) }), undefined, NOW),
    null,
    'not started yet',
  );
});

test('stagnation urgency, blocker and next action', () => {
  const stuck = project({
    lastActivity: ago(30),
    endDate: day(2),
    artworks: [
      artwork({ name: 'Carton', state: 'FOR_REVIEW', approvers: [approver(ANNA)], revisionCreated: '2026-11-02' }),
    ],
  });
  const a = stagnationOf(stuck, undefined, NOW)!;
  // 3 + 2·log2(30/14) = 5.2; overdue +2; stale approval +1 → 8.2 → 8.
  assert.equal(a.urgency, 8);
  assert.equal(a.thresholdDays, 14);
  assert.deepEqual([a.blocking.kind, a.blocking.who], ['approval', [ANNA]]);
  assert.equal(a.recommendedAction, `Remind ${ANNA}, who has 1 artwork waiting since 2026-11-02 ("Carton").`);
  const held = stagnationOf({ ...stuck, state: 'STAND_BY' }, undefined, NOW)!;
  assert.deepEqual([held.onHold, held.urgency], [true, 4]);
  assert.match(held.recommendedAction, /whether to resume or close/);
  const report = stagnationAlerts(
    [stuck, { ...stuck, id: 'p2', state: 'STAND_BY' }, project({ id: 'fine' })],
    new Map(),
    NOW,
    5,
  );
  assert.deepEqual([report.considered, report.stagnant, report.alerts.map((x) => x.projectId)], [3, 2, ['p1']]);
});

test('what blocks a project, in order', () => {
  const kind = (arts: ArtworkFact[]) => blockingOf(project({ artworks: arts }), NOW);
  assert.equal(kind([]).kind, 'no_artworks');
  const redo = kind([artwork({ state: 'REJECTED', name: 'Label' })]);
  assert.deepEqual([redo.kind, redo.who], ['new_revision', ['sofia@example.com']]);
  assert.match(redo.recommendedAction, /Ask sofia@example.com to upload a new revision of "Label"/);
  assert.equal(kind([artwork({ state: 'FOR_REVIEW' })]).kind, 'no_approver');
  assert.equal(kind([artwork({ state: 'UNSTARTED', revisionNo: null }), artwork({ name: 'X' })]).kind, 'not_started');
  assert.equal(
    kind([artwork({ state: 'FOR_REVIEW', revisionNo: null, approvers: [approver(ANNA, 'approved')] })]).kind,
    'first_upload',
  );
  assert.equal(kind([artwork(), artwork({ state: 'DELIVERED' })]).kind, 'delivery');
  const unmanaged = blockingOf(project({ projectManager: null, artworks: [] }), NOW);
  assert.deepEqual(unmanaged.who, []);
  assert.match(unmanaged.recommendedAction, /no project manager/);
});

test('team patterns by UTC weekday and month; events merged without duplicates', () => {
  const monday = Date.parse('2026-11-23T09:00:00Z');
  const p = teamPatterns(
    [
      { at: monday, name: 'x' },
      { at: monday + DAY, name: 'y' },
      { at: monday - DAY, name: 'z' },
    ],
    NOW,
  );
  assert.deepEqual(
    p.byWeekday.map((d) => d.events),
    [1, 1, 0, 0, 0, 0, 1],
  );
  assert.equal(p.busiestWeekday, 'Monday');
  assert.equal(p.weekendSharePct, 33.3);
  assert.deepEqual(p.byMonth.at(-1), { month: '2026-11', events: 3 });
  const merged = mergeEvents(
    [
      { at: 2, name: 'a' },
      { at: 1, name: 'b' },
    ],
    [
      { at: 2, name: 'a' },
      { at: 3, name: 'c' },
    ],
  );
  assert.deepEqual(
    merged.map((e) => e.name),
    ['b', 'a', 'c'],
  );
});

test('the charts are self-contained SVG with readable months, the partial month marked, a legend and alt text', () => {
  const c = dashboardChart(
    { good: 4, warning: 2, critical: 1, not_scored: 0 },
    [
      { month: '2026-10', count: 7, partial: false },
      { month: '2026-11', count: 3, partial: true },
    ],
    '2026-11-24T12:00:00.000Z',
  );
  assert.match(c.svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(c.svg, /<\/svg>$/);
  assert.match(c.svg, /<title>critical: 1<\/title>/);
  assert.match(c.svg, /<title>Oct 2026: 7<\/title>/);
  assert.match(c.svg, />Nov 2026 \(so far\)</);
  assert.match(c.svg, /<g class="legend">/);
  assert.doesNotMatch(c.svg, /<script|href=/);
  assert.doesNotMatch(c.svg, />\d\d-\d\d</, 'no date-like month labels');
  assert.match(c.alt, /4 good, 2 warning, 1 critical/);
  assert.match(c.alt, /Nov 2026 is not over \(3 so far\)/);
  assert.deepEqual(
    c.legend.map((l) => l.key),
    ['good', 'warning', 'critical', 'not_scored', 'delivered', 'partial'],
  );
  const critical = c.bars.find((b) => b.key === 'critical')!;
  const good = c.bars.find((b) => b.key === 'good')!;
  assert.equal(good.height, 4 * critical.height, 'bars are to scale');
  assert.equal(monthLabel('2026-01'), 'Jan 2026');

  const t = projectTimelineChart(
    {
      name: 'Launch & co',
      start: NOW - 30 * DAY,
      end: day(-10),
      events: events(29, 20, 3, 1),
      approvals: [NOW - 5 * DAY],
    },
    NOW,
    '2026-11-24T12:00:00.000Z',
  );
  assert.match(t.svg, /Launch &#38; co/);
  assert.match(t.svg, /class="approval"/);
  assert.match(t.svg, />today</);
  assert.match(t.svg, />end 2026-12-04</);
  assert.equal(t.bars.length, 5, 'five weeks since the start');
  assert.match(
    t.svg,
    /first week, began mid-week/,
    'its first week began before the project (30 days = 4 weeks + 2 days)',
  );
  assert.match(t.alt, /4 events over 5 weeks/);
});

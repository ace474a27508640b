/**
 * Stagnation alerts: projects in flight whose silence is long *for them*, i.e. days since their
 * last activity ≥ max(14, 3 × their median gap between active days) (see cadence.ts).
 * Urgency (1-10) = round(3 + 2·log2(silence ÷ limit)) + 2 if overdue, + 1 if the end date is
 * within 14 days, + 1 if an artwork has waited > 5 days for approval; clamped to 1-10.
 * STAND_BY projects are flagged `onHold` and their urgency is halved (rounded up).
 */
import { readActivity } from './activity.js';
import { STALE_WAIT_DAYS, waitingArtworks } from './approvals.js';
import { blockingOf, type Blocking } from './blocking.js';
import { scheduleOf } from './schedule.js';
import { clamp, round } from './stats.js';
import type { EventFact, Histories, ProjectFact } from './types.js';

export const DEADLINE_SOON_DAYS = 14;
/** 1 lists every stalled project: a default above 1 silently hides some of them. */
export const DEFAULT_MIN_URGENCY = 1;

export interface StagnationAlert {
  projectId: string;
  name: string;
  state: string;
  onHold: boolean;
  projectManager: string | null;
  daysSinceActivity: number;
  lastActivity: string;
  activitySource: string;
  usualGapDays: number | null;
  thresholdDays: number;
  urgency: number;
  urgencyFactors: string[];
  endDate: string | null;
  daysOverdue: number | null;
  blocking: Omit<Blocking, 'recommendedAction'>;
  recommendedAction: string;
}

export function stagnationOf(
  p: ProjectFact,
  history: readonly EventFact[] | undefined,
  now: number,
): StagnationAlert | null {
  if (p.state !== 'IN_PROGRESS' && p.state !== 'STAND_BY') return null;
  const s = scheduleOf(p, now);
  if (s.startsInDays !== null) return null;
  const act = readActivity(p, history, now);
  if (!act.silent || act.last.at === null || act.last.daysSince === null) return null;
  const days = act.last.daysSince;
  const limit = act.cadence.silenceLimitDays;
  const ratio = days / limit;
  const factors = [
    `silent ${days} days, ${round(ratio)}× its limit of ${round(limit)} days: +${round(3 + 2 * Math.log2(ratio))}`,
  ];
  let u = 3 + 2 * Math.log2(ratio);
  if (s.daysOverdue) {
    u += 2;
    factors.push(`overdue by ${s.daysOverdue} days: +2`);
  } else if (s.daysToEnd !== null && s.daysToEnd <= DEADLINE_SOON_DAYS) {
    u += 1;
    factors.push(`end date in ${s.daysToEnd} days: +1`);
  }
  if (waitingArtworks(p, now).some((w) => (w.days ?? 0) > STALE_WAIT_DAYS)) {
    u += 1;
    factors.push(`approvals waiting more than ${STALE_WAIT_DAYS} days: +1`);
  }
  let urgency = clamp(Math.round(u), 1, 10);
  const onHold = p.state === 'STAND_BY';
  if (onHold) {
    urgency = Math.max(1, Math.ceil(urgency / 2));
    factors.push('on stand-by: halved');
  }
  const { recommendedAction, ...blocking } = blockingOf(p, now);
  const pm = p.projectManager?.username;
  return {
    projectId: p.id,
    name: p.name,
    state: p.state,
    onHold,
    projectManager: pm ?? null,
    daysSinceActivity: days,
    lastActivity: new Date(act.last.at).toISOString(),
    activitySource: act.last.source,
    usualGapDays: act.cadence.medianGapDays,
    thresholdDays: limit,
    urgency,
    urgencyFactors: factors,
    endDate: s.end,
    daysOverdue: s.daysOverdue || null,
    blocking,
    recommendedAction: onHold
      ? `On stand-by and silent for ${days} days: ask ${pm ?? 'the orderer'} whether to resume or close it. If resumed: ${recommendedAction}`
      : recommendedAction,
  };
}

export interface StagnationReport {
  /** Projects in IN_PROGRESS or STAND_BY that were checked. */
  considered: number;
  /** All stagnant ones, before the urgency filter. */
  stagnant: number;
  alerts: StagnationAlert[];
}

export function stagnationAlerts(
  projects: readonly ProjectFact[],
  histories: Histories,
  now: number,
  minUrgency = DEFAULT_MIN_URGENCY,
): StagnationReport {
  const inFlight = projects.filter((p) => p.state === 'IN_PROGRESS' || p.state === 'STAND_BY');
  const all = inFlight
    .map((p) => stagnationOf(p, histories.get(p.id), now))
    .filter((a): a is StagnationAlert => a !== null);
  return {
    considered: inFlight.length,
    stagnant: all.length,
    alerts: all
      .filter((a) => a.urgency >= minUrgency)
      .sort((a, b) => b.urgency - a.urgency || b.daysSinceActivity - a.daysSinceActivity),
  };
}

/**
 * Health score of one project (0-100, higher is better): a weighted mean of five components,
 * each 0-100. Components that cannot be scored (no end date, no artworks, on stand-by …) drop out
 * and the remaining weights are scaled to sum to 1. Overdue projects are capped. Finished
 * projects (DELIVERED, CLOSED) are not scored. Every number is explained in `reasons`.
 */
import { activityScore, activitySentence, readActivity } from './activity.js';
import { approvalComponents, revisionSentences } from './health-approvals.js';
import { scheduleComponent } from './health-schedule.js';
import { HEALTH_THRESHOLDS, rate } from './status.js';
import { round } from './stats.js';
import type { Direction, EventFact, ProjectFact, Status } from './types.js';

export const HEALTH_WEIGHTS = {
  schedule: 0.35,
  activity: 0.25,
  approval_wait: 0.2,
  rejections: 0.1,
  revisions: 0.1,
} as const;
export type ComponentKey = keyof typeof HEALTH_WEIGHTS;
/** Overdue caps: at most warning when overdue, at most critical after OVERDUE_CRITICAL_DAYS. */
export const OVERDUE_CAP = 60;
export const OVERDUE_CRITICAL_DAYS = 14;
export const OVERDUE_CRITICAL_CAP = 40;

export interface HealthComponent {
  key: ComponentKey;
  value: number | null;
  unit: string;
  direction: Direction;
  /** Effective weight (the scored components' weights sum to 1); 0 when not scored. */
  weight: number;
  score: number | null;
  detail: string;
}

export type StateLabel = 'active' | 'on_hold' | 'planned' | 'delivered' | 'closed' | 'unknown_state';

export interface ProjectHealth {
  projectId: string;
  name: string;
  state: string;
  stateLabel: StateLabel;
  score: number | null;
  status: Status | 'not_scored';
  flags: string[];
  components: HealthComponent[];
  reasons: string[];
  projectManager: string | null;
  endDate: string | null;
  lastActivity: string | null;
  daysSinceActivity: number | null;
}

const LABELS: Record<string, StateLabel> = {
  IN_PROGRESS: 'active',
  STAND_BY: 'on_hold',
  PLANNED: 'planned',
  DELIVERED: 'delivered',
  CLOSED: 'closed',
};

export function projectHealth(p: ProjectFact, history: readonly EventFact[] | undefined, now: number): ProjectHealth {
  const stateLabel = LABELS[p.state] ?? 'unknown_state';
  const act = readActivity(p, history, now);
  const base = {
    projectId: p.id,
    name: p.name,
    state: p.state,
    stateLabel,
    projectManager: p.projectManager?.username ?? null,
    endDate: p.endDate ?? p.planningEnd,
    lastActivity: act.last.at === null ? null : new Date(act.last.at).toISOString(),
    daysSinceActivity: act.last.daysSince,
  };
  if (stateLabel === 'delivered' || stateLabel === 'closed') {
    return {
      ...base,
      score: null,
      status: 'not_scored',
      flags: [stateLabel],
      components: [],
      reasons: [
        `${stateLabel === 'delivered' ? 'Delivered' : 'Closed'}: health is scored only for projects still in flight.`,
      ],
    };
  }

  const flags: string[] = [];
  const { component: schedule, schedule: sched } = scheduleComponent(p, now);
  if (sched.endSource === 'none') flags.push('no_end_date');
  if (sched.daysOverdue) flags.push('overdue');
  if (sched.startsInDays !== null) flags.push('not_started');
  if (!history) flags.push('no_history');
  if (p.artworks.length === 0) flags.push('no_artworks');
  if (!p.projectManager) flags.push('no_project_manager');

  let activityDetail: string;
  let activity: number | null = null;
  if (stateLabel === 'on_hold') activityDetail = 'On stand-by: silence is expected, so activity is not scored.';
  else if (sched.startsInDays !== null)
    activityDetail = `Starts in ${sched.startsInDays} days, so silence is not scored yet.`;
  else if (stateLabel === 'planned') activityDetail = 'Planned, not started: activity is not scored.';
  else {
    activity = activityScore(act);
    activityDetail = activitySentence(act);
    if (act.silent) flags.push('stagnant');
  }
  const approvals = approvalComponents(p, history, now);
  if (approvals.waitingOn.length) flags.push('waiting_on_approver');
  if (approvals.revisions.length) flags.push('waiting_on_supplier');

  const raw: Omit<HealthComponent, 'weight'>[] = [
    schedule,
    {
      key: 'activity',
      value: act.last.daysSince,
      unit: 'days since activity',
      direction: 'lower_is_better',
      score: activity,
      detail: activityDetail,
    },
    ...approvals.components,
  ];
  const scoredWeight = raw.reduce((s, c) => s + (c.score === null ? 0 : HEALTH_WEIGHTS[c.key]), 0);
  const components = raw.map((c) => ({
    ...c,
    weight: c.score === null || scoredWeight === 0 ? 0 : round(HEALTH_WEIGHTS[c.key] / scoredWeight, 3),
  }));
  let score: number | null =
    scoredWeight === 0
      ? null
      : round(raw.reduce((s, c) => s + (c.score ?? 0) * HEALTH_WEIGHTS[c.key], 0) / scoredWeight);

  const reasons: string[] = [];
  if (score !== null && sched.daysOverdue) {
    const cap = sched.daysOverdue > OVERDUE_CRITICAL_DAYS ? OVERDUE_CRITICAL_CAP : OVERDUE_CAP;
    if (score > cap) {
      reasons.push(`Capped at ${cap} because it is ${sched.daysOverdue} days past its end date (${sched.end}).`);
      score = cap;
    }
  }
  // Reasons are problems only: components that cost points, weakest first. A component at 100 or
  // not scored explains itself in `components`, not here.
  const ordered = components.filter((c) => c.score !== null && c.score < 100).sort((a, b) => a.score! - b.score!);
  reasons.push(...ordered.map((c) => c.detail));
  if (stateLabel === 'active' || stateLabel === 'on_hold') reasons.push(...revisionSentences(approvals.revisions));
  if (!p.projectManager) reasons.push('No project manager is assigned.');
  if (stateLabel === 'on_hold') flags.push('on_hold');
  return {
    ...base,
    score,
    status: score === null ? 'not_scored' : rate(score, 'higher_is_better', HEALTH_THRESHOLDS),
    flags,
    components,
    reasons,
  };
}

/**
 * Turns a value into good / warning / critical with its direction. For a higher-is-better
 * metric `good` and `warning` are lower bounds; for a lower-is-better metric they are upper
 * bounds. The thresholds themselves live next to each metric and in docs/analytics.md.
 */
import type { Direction, Status } from './types.js';

export interface Thresholds {
  /** Good at or beyond this (above for higher-is-better, below for lower-is-better). */
  good: number;
  /** Warning at or beyond this; critical past it. */
  warning: number;
}

export function rate(value: number, direction: Direction, t: Thresholds): Status {
  if (direction === 'higher_is_better') return value >= t.good ? 'good' : value >= t.warning ? 'warning' : 'critical';
  return value <= t.good ? 'good' : value <= t.warning ? 'warning' : 'critical';
}

/** Health score (0-100, higher is better) → status. */
export const HEALTH_THRESHOLDS: Thresholds = { good: 75, warning: 50 };

/**
 * Defensive readers for Cway's date scalars. Every instant becomes epoch milliseconds in UTC:
 * `Date`/`LocalDate` (`YYYY-MM-DD`) is 00:00 UTC of that day, `LocalDateTime` (no offset) is read
 * as UTC, `DateTime` keeps its offset, and a number (or digit string) is epoch milliseconds.
 * Anything else is `null`, never an exception.
 */
export const DAY_MS = 86_400_000;

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const OFFSET_RE = /^\d{4}-\d{2}-\d{2}T.+(Z|[+-]\d{2}:?\d{2})$/;

export function parseInstant(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const s = value.trim();
  let ms = NaN;
  if (/^\d{10,}$/.test(s)) ms = Number(s);
  else if (DAY_RE.test(s)) ms = Date.parse(`${s}T00:00:00Z`);
  else if (LOCAL_RE.test(s)) ms = Date.parse(`${s}Z`);
  else if (OFFSET_RE.test(s)) ms = Date.parse(s);
  return Number.isFinite(ms) ? ms : null;
}

/** `YYYY-MM-DD` (UTC) of an instant. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (fractional days rounded down; negative when `to` is earlier). */
export function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / DAY_MS);
}

/** `YYYY-MM` (UTC) of an instant. */
export function isoMonth(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The `count` calendar months ending with the month of `now`, oldest first, as `YYYY-MM`. */
export function lastMonths(now: number, count: number): string[] {
  const d = new Date(now);
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    out.push(isoMonth(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1)));
  }
  return out;
}

/**
 * Wire formats of the Cway date scalars and the sandbox clock. Every instant is stored as epoch
 * milliseconds and every calendar day as `YYYY-MM-DD`; all formatting is in UTC.
 */
export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (the `Date` and `LocalDate` scalars). */
export function toDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:mm:ss`, UTC without an offset (the `LocalDateTime` scalar). */
export function toLocalDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** ISO-8601 with a `Z` offset (the `DateTime` scalar). */
export function toDateTime(ms: number): string {
  return new Date(ms).toISOString();
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar day written `YYYY-MM-DD`. */
export function isDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** Epoch ms of 00:00 UTC of a `YYYY-MM-DD` day. */
export function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** Epoch ms of the first instant of the UTC month containing `ms`, shifted by `offset` months. */
export function monthStart(ms: number, offset = 0): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
}

/**
 * The sandbox clock: it starts at `start` (the seed's "now") and advances with real time, so
 * mutations made after a back-dated seed still land after every seeded event.
 */
export function makeClock(start: number): () => number {
  const origin = Date.now();
  return () => start + (Date.now() - origin);
}

/**
 * `statistics.approvalStats.averageApprovalTime` is an undocumented String. Accepted (→ days):
 * - ISO-8601 durations: `P2D`, `PT36H`, `P1DT12H30M`, `P1W`, fractions allowed (`PT1.5H`);
 * - clock times with optional days: `36:00:00`, `1.12:00:00` (.NET TimeSpan), `1 day, 12:00:00`, `2 days 03:00`;
 * - amounts with units, alone or combined: `3.5 days`, `36 hours`, `2d 4h 30m`, `90 min`, `1 week`, `45s`.
 * A bare number is ambiguous (days? hours? ms?) and is refused, as is anything else: the caller
 * then derives the value from artwork data and says so.
 */

const UNIT_DAYS: Record<string, number> = {
  w: 7,
  week: 7,
  weeks: 7,
  wk: 7,
  wks: 7,
  d: 1,
  day: 1,
  days: 1,
  h: 1 / 24,
  hr: 1 / 24,
  hrs: 1 / 24,
  hour: 1 / 24,
  hours: 1 / 24,
  m: 1 / 1440,
  min: 1 / 1440,
  mins: 1 / 1440,
  minute: 1 / 1440,
  minutes: 1 / 1440,
  s: 1 / 86400,
  sec: 1 / 86400,
  secs: 1 / 86400,
  second: 1 / 86400,
  seconds: 1 / 86400,
  ms: 1 / 86_400_000,
  millis: 1 / 86_400_000,
  milliseconds: 1 / 86_400_000,
};

export interface ParsedDuration {
  days: number;
  format: 'iso8601' | 'clock' | 'units';
}

const ISO =
  /^P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;
const CLOCK = /^(?:(\d+)(?:\.|\s*days?,?\s+))?(\d+):(\d{2})(?::(\d{2}(?:\.\d+)?))?$/i;
const AMOUNT = /(\d+(?:[.,]\d+)?)\s*([a-z]+)/gi;

const num = (s: string | undefined) => (s ? Number(s.replace(',', '.')) : 0);

export function parseApprovalTime(raw: string | null | undefined): ParsedDuration | null {
  if (typeof raw !== 'string') return null;
  const s = raw.trim();
  if (!s) return null;
  const iso = ISO.exec(s);
  if (iso && s.length > 1 && !/T$/i.test(s)) {
    const [, w, d, h, m, sec] = iso;
    return { days: num(w) * 7 + num(d) + num(h) / 24 + num(m) / 1440 + num(sec) / 86400, format: 'iso8601' };
  }
  const clock = CLOCK.exec(s);
  if (clock) {
    const [, d, h, m, sec] = clock;
    return { days: num(d) + num(h) / 24 + num(m) / 1440 + num(sec) / 86400, format: 'clock' };
  }
  const rest = s.replace(AMOUNT, '').replace(/[\s,]|and/gi, '');
  if (rest.length) return null;
  let days = 0;
  let parts = 0;
  for (const [, amount, unit] of s.matchAll(AMOUNT)) {
    const f = UNIT_DAYS[unit!.toLowerCase()];
    if (f === undefined) return null;
    days += num(amount) * f;
    parts++;
  }
  return parts ? { days, format: 'units' } : null;
}

/**
 * Self-contained SVG charts (no scripts, no external references, one font family), built as plain
 * strings so they are pure functions of their data. Each chart also returns the layout of its bars
 * and legend swatches (so a test can check pixels of the rendered PNG) and an alt text.
 * - Months read "Jan 2026"; the current month is drawn lighter and labelled "(so far)", because
 *   it is not over and its count would otherwise read as a collapse.
 * - Every chart has a legend; every bar a `<title>` tooltip with its exact value.
 */
import type { HealthDistribution } from './dashboard.js';
import { DAY_MS, isoDay, parseInstant } from './time.js';
import type { EventFact } from './types.js';

export const FONT_FAMILY = 'Inter';
const COLORS = {
  good: '#2e7d32',
  warning: '#f9a825',
  critical: '#c62828',
  not_scored: '#9e9e9e',
  delivered: '#1565c0',
  partial: '#90caf9',
  events: '#1565c0',
  approval: '#2e7d32',
  end: '#c62828',
  today: '#424242',
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `YYYY-MM` → "Jan 2026". */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  const name = MONTHS[Number(m) - 1];
  return name && y ? `${name} ${y}` : month;
}

export interface BarBox {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface LegendItem {
  key: string;
  label: string;
  color: string;
  /** Top-left corner of its swatch (10×10 px). */
  x: number;
  y: number;
}
export interface Chart {
  svg: string;
  width: number;
  height: number;
  /** A sentence describing the picture, for people who cannot see it. */
  alt: string;
  bars: BarBox[];
  legend: LegendItem[];
}

interface Bar {
  key: string;
  label: string;
  title: string;
  value: number;
  color: string;
  /** Drawn with a dashed outline (a period that is not over). */
  partial?: boolean;
}

function panel(
  x0: number,
  width: number,
  top: number,
  base: number,
  title: string,
  bars: readonly Bar[],
  rotate: boolean,
  out: BarBox[],
): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = width / Math.max(1, bars.length);
  const bw = Math.max(4, Math.round(slot * 0.7));
  const parts = [
    `<text x="${x0 + width / 2}" y="${top - 22}" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${x0}" y1="${base}" x2="${x0 + width}" y2="${base}" stroke="#555"/>`,
  ];
  bars.forEach((b, i) => {
    const h = Math.round(((base - top) * b.value) / max);
    const x = Math.round(x0 + i * slot + (slot - bw) / 2);
    const cx = x + bw / 2;
    out.push({ key: b.key, x, y: base - h, width: bw, height: h });
    const stroke = b.partial ? ` stroke="${COLORS.delivered}" stroke-dasharray="3 2"` : '';
    parts.push(
      `<rect class="bar-${esc(b.key)}" x="${x}" y="${base - h}" width="${bw}" height="${h}" fill="${b.color}"${stroke}><title>${esc(`${b.title}: ${b.value}`)}</title></rect>`,
      `<text x="${cx}" y="${base - h - 4}" text-anchor="middle" font-size="11">${b.value}</text>`,
      rotate
        ? `<text x="${cx}" y="${base + 12}" text-anchor="end" font-size="10" transform="rotate(-40 ${cx} ${base + 12})">${esc(b.label)}</text>`
        : `<text x="${cx}" y="${base + 16}" text-anchor="middle" font-size="11">${esc(b.label)}</text>`,
    );
  });
  return parts.join('');
}

function legendRow(items: readonly Omit<LegendItem, 'x' | 'y'>[], x0: number, y: number, out: LegendItem[]): string {
  let x = x0;
  const parts = [`<g class="legend">`];
  for (const it of items) {
    out.push({ ...it, x, y });
    parts.push(
      `<rect x="${x}" y="${y}" width="10" height="10" fill="${it.color}"/>`,
      `<text x="${x + 14}" y="${y + 9}" font-size="11">${esc(it.label)}</text>`,
    );
    x += 24 + Math.round(it.label.length * 6.2);
  }
  parts.push('</g>');
  return parts.join('');
}

export interface MonthCount {
  month: string;
  count: number;
  /** The current month, not over yet. */
  partial: boolean;
}

const W = 900;
const H = 400;

export function dashboardChart(health: HealthDistribution, throughput: readonly MonthCount[], asOf: string): Chart {
  const bars: BarBox[] = [];
  const legend: LegendItem[] = [];
  const healthBars: Bar[] = [
    { key: 'good', label: 'good', title: 'good', value: health.good, color: COLORS.good },
    { key: 'warning', label: 'warning', title: 'warning', value: health.warning, color: COLORS.warning },
    { key: 'critical', label: 'critical', title: 'critical', value: health.critical, color: COLORS.critical },
    {
      key: 'not_scored',
      label: 'not scored',
      title: 'not scored',
      value: health.not_scored,
      color: COLORS.not_scored,
    },
  ];
  const monthBars: Bar[] = throughput.map((m) => ({
    key: m.month,
    label: m.partial ? `${monthLabel(m.month)} (so far)` : monthLabel(m.month),
    title: m.partial ? `${monthLabel(m.month)}, so far (month not over)` : monthLabel(m.month),
    value: m.count,
    color: m.partial ? COLORS.partial : COLORS.delivered,
    partial: m.partial,
  }));
  const total = throughput.reduce((s, m) => s + m.count, 0);
  const current = throughput.at(-1);
  const first = throughput[0];
  const alt =
    `Two bar charts as of ${asOf.slice(0, 10)}. Left: health of projects in flight: ${health.good} good, ${health.warning} warning, ${health.critical} critical, ${health.not_scored} not scored. ` +
    (first && current
      ? `Right: artworks delivered per month from ${monthLabel(first.month)} to ${monthLabel(current.month)}, ${total} in all; ` +
        `the busiest month was ${monthLabel(throughput.reduce((a, b) => (b.count > a.count ? b : a)).month)}` +
        (current.partial ? `, and ${monthLabel(current.month)} is not over (${current.count} so far).` : '.')
      : 'Right: no delivery months.');
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT_FAMILY}, sans-serif" role="img" aria-label="${esc(alt)}">`,
    `<title>${esc(alt)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    panel(30, 300, 70, 290, 'Health of projects in flight', healthBars, false, bars),
    panel(380, 500, 70, 290, 'Artworks delivered per month', monthBars, true, bars),
    legendRow(
      [
        { key: 'good', label: 'good', color: COLORS.good },
        { key: 'warning', label: 'warning', color: COLORS.warning },
        { key: 'critical', label: 'critical', color: COLORS.critical },
        { key: 'not_scored', label: 'not scored', color: COLORS.not_scored },
        { key: 'delivered', label: 'artworks delivered', color: COLORS.delivered },
        { key: 'partial', label: 'current month, so far', color: COLORS.partial },
      ],
      30,
      H - 30,
      legend,
    ),
    `<text x="${W - 10}" y="${H - 8}" text-anchor="end" font-size="10" fill="#555">as of ${esc(asOf)}</text>`,
    '</svg>',
  ].join('');
  return { svg, width: W, height: H, alt, bars, legend };
}

export interface TimelineInput {
  name: string;
  /** Project start (epoch ms) and end day (`YYYY-MM-DD`), either may be unknown. */
  start: number | null;
  end: string | null;
  events: readonly EventFact[];
  /** Approval days of its artworks (epoch ms). */
  approvals: readonly number[];
}

const WEEK_MS = 7 * DAY_MS;
/** At most this many weeks are drawn (the most recent ones). */
export const TIMELINE_MAX_WEEKS = 52;

/**
 * A project's life week by week: events per 7-day week ending now (bars), approvals of its
 * artworks (green ticks), its end date and today (vertical lines). The weeks are counted back
 * from now, so the oldest one usually begins before the project did: that partial first week is
 * drawn lighter and said so in the legend, as its lower count is not a slow start.
 */
export function projectTimelineChart(t: TimelineInput, now: number, asOf: string): Chart {
  const bars: BarBox[] = [];
  const legend: LegendItem[] = [];
  const firstEvent = t.events.length ? Math.min(...t.events.map((e) => e.at)) : null;
  const since = Math.min(t.start ?? Infinity, firstEvent ?? Infinity, now);
  const weeks = Math.min(TIMELINE_MAX_WEEKS, Math.max(1, Math.ceil((now - since) / WEEK_MS)));
  const from = now - weeks * WEEK_MS;
  const endMs = parseInstant(t.end);
  // The axis reaches the end date when it lies ahead (at most a year).
  const axisEnd = endMs !== null && endMs + DAY_MS > now ? Math.min(endMs + DAY_MS, now + 365 * DAY_MS) : now;
  const x0 = 50;
  const plotW = W - 80;
  const top = 70;
  const base = 300;
  const xOf = (ms: number) => Math.round(x0 + ((ms - from) / (axisEnd - from)) * plotW);
  const counts = new Array<number>(weeks).fill(0);
  for (const e of t.events) if (e.at >= from && e.at < now) counts[Math.floor((e.at - from) / WEEK_MS)]!++;
  const max = Math.max(1, ...counts);
  const parts = [
    `<text x="${W / 2}" y="32" text-anchor="middle" font-size="15" font-weight="bold">${esc(t.name)}: activity per week</text>`,
    `<line x1="${x0}" y1="${base}" x2="${x0 + plotW}" y2="${base}" stroke="#555"/>`,
  ];
  counts.forEach((n, i) => {
    const ws = from + i * WEEK_MS;
    const x = xOf(ws) + 1;
    const w = Math.max(2, xOf(ws + WEEK_MS) - xOf(ws) - 2);
    const h = Math.round(((base - top) * n) / max);
    const partial = i === 0 && since > ws;
    bars.push({ key: isoDay(ws), x, y: base - h, width: w, height: h });
    parts.push(
      `<rect class="bar-week" x="${x}" y="${base - h}" width="${w}" height="${h}" fill="${partial ? COLORS.partial : COLORS.events}"><title>${esc(`Week of ${isoDay(ws)}${partial ? ` (the project began ${isoDay(since)})` : ''}: ${n} events`)}</title></rect>`,
    );
    if (w >= 14)
      parts.push(`<text x="${x + w / 2}" y="${base - h - 4}" text-anchor="middle" font-size="10">${n}</text>`);
  });
  // Month ticks on the axis, labelled "Jan 2026".
  const d = new Date(from);
  for (let m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1); m <= axisEnd;) {
    const x = xOf(m);
    parts.push(
      `<line x1="${x}" y1="${base}" x2="${x}" y2="${base + 5}" stroke="#555"/>`,
      `<text x="${x}" y="${base + 18}" text-anchor="middle" font-size="10">${monthLabel(isoDay(m).slice(0, 7))}</text>`,
    );
    const n = new Date(m);
    m = Date.UTC(n.getUTCFullYear(), n.getUTCMonth() + 1, 1);
  }
  for (const a of t.approvals) {
    if (a < from || a > now) continue;
    const x = xOf(a);
    parts.push(
      `<line class="approval" x1="${x}" y1="${base + 24}" x2="${x}" y2="${base + 36}" stroke="${COLORS.approval}" stroke-width="3"><title>Artwork approved ${isoDay(a)}</title></line>`,
    );
  }
  if (endMs !== null && endMs >= from && endMs <= axisEnd) {
    const x = xOf(endMs + DAY_MS);
    parts.push(
      `<line x1="${x}" y1="${top - 10}" x2="${x}" y2="${base}" stroke="${COLORS.end}" stroke-width="2" stroke-dasharray="6 4"/>`,
      `<text x="${x}" y="${top - 14}" text-anchor="${x > W - 120 ? 'end' : 'middle'}" font-size="10" fill="${COLORS.end}">end ${esc(t.end!)}</text>`,
    );
  }
  const xt = xOf(now);
  parts.push(
    `<line x1="${xt}" y1="${top - 10}" x2="${xt}" y2="${base}" stroke="${COLORS.today}" stroke-width="2"/>`,
    `<text x="${xt}" y="${top - 24}" text-anchor="${xt > W - 60 ? 'end' : 'middle'}" font-size="10">today</text>`,
  );
  const total = counts.reduce((a, b) => a + b, 0);
  const alt = `Bar chart of ${t.name}: ${total} events over ${weeks} week${weeks === 1 ? '' : 's'} from ${isoDay(from)} to ${isoDay(now)}, busiest week ${Math.max(...counts)} events, last 7 days ${counts.at(-1)}; ${t.approvals.filter((a) => a >= from && a <= now).length} artwork approvals marked${t.end ? `; end date ${t.end}` : '; no end date'}.`;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT_FAMILY}, sans-serif" role="img" aria-label="${esc(alt)}">`,
    `<title>${esc(alt)}</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    ...parts,
    legendRow(
      [
        { key: 'events', label: 'events per week', color: COLORS.events },
        ...(since > from ? [{ key: 'partial', label: 'first week, began mid-week', color: COLORS.partial }] : []),
        { key: 'approval', label: 'artwork approved', color: COLORS.approval },
        { key: 'end', label: 'end date', color: COLORS.end },
        { key: 'today', label: 'today', color: COLORS.today },
      ],
      x0,
      H - 30,
      legend,
    ),
    `<text x="${W - 10}" y="${H - 8}" text-anchor="end" font-size="10" fill="#555">as of ${esc(asOf)}</text>`,
    '</svg>',
  ].join('');
  return { svg, width: W, height: H, alt, bars, legend };
}

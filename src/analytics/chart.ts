/**
 * A self-contained SVG (no scripts, no external references) with two bar charts: the health
 * distribution of projects in flight and artworks delivered per month. Pure string building.
 */
import type { HealthDistribution } from './dashboard.js';
import type { MonthlyThroughput } from './kpi-delivery.js';

const W = 760;
const H = 320;
const PANEL_W = 340;
const TOP = 50;
const BASE = 260;
const COLORS = { good: '#2e7d32', warning: '#f9a825', critical: '#c62828', not_scored: '#9e9e9e', bar: '#1565c0' };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Bar {
  label: string;
  /** Tooltip name; defaults to the label. */
  title?: string;
  value: number;
  color: string;
}

function panel(x0: number, title: string, bars: readonly Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = PANEL_W / Math.max(1, bars.length);
  const bw = Math.max(4, slot * 0.7);
  const parts = [
    `<text x="${x0 + PANEL_W / 2}" y="30" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  parts.push(`<line x1="${x0}" y1="${BASE}" x2="${x0 + PANEL_W}" y2="${BASE}" stroke="#555"/>`);
  bars.forEach((b, i) => {
    const h = Math.round(((BASE - TOP) * b.value) / max);
    const x = Math.round(x0 + i * slot + (slot - bw) / 2);
    parts.push(
      `<rect x="${x}" y="${BASE - h}" width="${Math.round(bw)}" height="${h}" fill="${b.color}"><title>${esc(`${b.title ?? b.label}: ${b.value}`)}</title></rect>`,
    );
    parts.push(`<text x="${x + bw / 2}" y="${BASE - h - 4}" text-anchor="middle" font-size="11">${b.value}</text>`);
    parts.push(
      `<text x="${x + bw / 2}" y="${BASE + 16}" text-anchor="middle" font-size="${bars.length > 6 ? 9 : 11}">${esc(b.label)}</text>`,
    );
  });
  return parts.join('');
}

export function dashboardChartSvg(
  health: HealthDistribution,
  throughput: readonly MonthlyThroughput[],
  generatedAt: string,
): string {
  const healthBars: Bar[] = [
    { label: 'good', value: health.good, color: COLORS.good },
    { label: 'warning', value: health.warning, color: COLORS.warning },
    { label: 'critical', value: health.critical, color: COLORS.critical },
    { label: 'not scored', value: health.not_scored, color: COLORS.not_scored },
  ];
  const monthBars: Bar[] = throughput
    .slice(-12)
    .map((m) => ({ label: m.month.slice(2), title: m.month, value: m.count, color: COLORS.bar }));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" role="img">`,
    `<title>Cway dashboard: project health and monthly throughput (${esc(generatedAt.slice(0, 10))})</title>`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    panel(20, 'Health of projects in flight', healthBars),
    panel(400, 'Artworks delivered per month', monthBars),
    `<text x="${W - 10}" y="${H - 8}" text-anchor="end" font-size="10" fill="#777">as of ${esc(generatedAt)}</text>`,
    '</svg>',
  ].join('');
}

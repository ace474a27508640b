/** Small formatting helpers for Cway's wire values; candidates for ../shared.ts. */

/**
 * ISO-8601 from a Cway `Long` timestamp (epoch milliseconds; the format is inferred, so parse
 * defensively: strings are accepted, and a value too small to be milliseconds after 1973 is
 * read as seconds). Null for missing or unreadable values.
 */
export function isoFromEpoch(value: number | string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return null;
  const ms = Math.abs(n) < 1e11 ? n * 1000 : n;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Epoch milliseconds from a Cway `Long` timestamp (same reading as isoFromEpoch); 0 when unreadable. */
export function epochMs(value: number | string | null | undefined): number {
  const iso = isoFromEpoch(value);
  return iso ? Date.parse(iso) : 0;
}

/** A sentence telling how many items a capped list left out, or null when nothing was left out. */
export function truncationNote(
  shown: number,
  total: number,
  what: string,
  which: string,
  raise?: string,
): string | null {
  if (total <= shown) return null;
  const more = raise ? ` Raise ${raise} to see more.` : '';
  return `Showing ${which} ${shown} of ${total} ${what}; ${total - shown} left out.${more}`;
}

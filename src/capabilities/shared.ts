/** Schema pieces and helpers shared by capabilities of several domains. */
import { z } from 'zod';

/**
 * A UUID's shape, in any letter case: short enough that every id argument does not carry zod's
 * 150-character pattern in each tools/list (Cway itself answers not_found for an unknown id).
 */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/** A UUID string; `message` is the error when it is not one. */
export const uuidString = (message = 'must be a UUID (e.g. 0b9d6f4e-1c2a-4f7e-9a51-3c8f0e2d7b10)') =>
  z.string().regex(UUID_PATTERN, { message });

/** Cway ids are UUIDs. */
export const uuid = (what: string) =>
  uuidString(`${what} must be a UUID (e.g. 0b9d6f4e-1c2a-4f7e-9a51-3c8f0e2d7b10)`).describe(`${what} (UUID)`);

/** An e-mail address, checked loosely (Cway decides what it accepts); zod's own pattern is 130 characters. */
export const emailString = (message = 'must be an e-mail address') =>
  z
    .string()
    .trim()
    .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message });

/** Offset paging, as Cway does it (0-based pages). */
export const pagingInput = {
  page: z.number().int().min(0).max(100_000).default(0).describe('From 0.'),
  pageSize: z.number().int().min(1).max(100).default(25),
};

/** Paging facts returned with every paged list. */
export const pageOutput = z.object({
  page: z.number().int(),
  pageSize: z.number().int(),
  totalHits: z.number().int(),
  nextPage: z.number().int().nullable().describe('Null on the last page.'),
});

export function pageInfo(page: number, pageSize: number, totalHits: number): z.infer<typeof pageOutput> {
  return { page, pageSize, totalHits, nextPage: (page + 1) * pageSize < totalHits ? page + 1 : null };
}

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Epoch milliseconds (Cway `Long`) to ISO; null when absent or not a plausible instant. */
export function isoFromMs(ms: number | string | null | undefined): string | null {
  const n = typeof ms === 'string' ? Number(ms) : ms;
  if (n === null || n === undefined || !Number.isFinite(n)) return null;
  const d = new Date(n);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

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

/**
 * Control characters (Unicode Cc) a name may not hold; text fields may still hold tab and newlines.
 * Matching control characters is the point of these patterns.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * A name or free-text field as typed by a person: control characters (NUL, escape, bell, …) are
 * refused with an error naming the field, instead of being stored in Cway. `multiline` allows
 * tab, line feed and carriage return. A refinement rather than a `pattern`: the rule is checked on
 * every call but does not add a regular expression to each field of every tools/list (27 fields,
 * about 700 tokens), since no model means to send a control character.
 */
export const plainText = (what: string, opts: { multiline?: boolean } = {}) => {
  const control = opts.multiline ? CONTROL_BUT_LINES : CONTROL;
  return z.string().refine((text) => !control.test(text), {
    message: opts.multiline
      ? `${what} must not contain control characters other than tab and line breaks`
      : `${what} must not contain control characters (such as NUL, tab or line breaks)`,
  });
};

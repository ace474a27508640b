/**
 * Keeps a REST answer under a size cap (GPT Actions refuse responses of 100,000 characters or
 * more). The longest lists are cut first, keeping as many items as fit; then, if need be, the
 * longest strings. What was cut is said in a `truncatedBySize` note beside the result (a name no
 * capability output uses), which the OpenAPI document declares on every response.
 */

export const DEFAULT_MAX_RESPONSE_CHARS = 90_000;
export const TRUNCATION_KEY = 'truncatedBySize';

export interface TruncationNote {
  note: string;
  lists: { path: string; returned: number; total: number }[];
}

/** The JSON Schema of the note, added to every 200 response in the OpenAPI document. */
export const TRUNCATION_SCHEMA = {
  type: 'object',
  description: 'Present only when the answer was cut to fit the size limit.',
  required: ['note', 'lists'],
  properties: {
    note: { type: 'string' },
    lists: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'returned', 'total'],
        properties: { path: { type: 'string' }, returned: { type: 'integer' }, total: { type: 'integer' } },
      },
    },
  },
} as const;

interface Found<T> {
  path: string;
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  value: T;
  size: number;
}

function walk(
  node: unknown,
  path: string,
  visit: (holder: Found<unknown>['holder'], key: string | number, value: unknown, path: string) => void,
  depth = 0,
): void {
  if (depth > 6 || node === null || typeof node !== 'object') return;
  const entries: [string | number, unknown][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
  for (const [key, value] of entries) {
    const p = typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    visit(node as Found<unknown>['holder'], key, value, p);
    walk(value, p, visit, depth + 1);
  }
}

const size = (v: unknown): number => JSON.stringify(v)?.length ?? 0;

function setAt(holder: Found<unknown>['holder'], key: string | number, value: unknown): void {
  (holder as Record<string | number, unknown>)[key] = value;
}

/**
 * Returns the result unchanged when it fits; otherwise a copy with lists (then strings) cut
 * and a `truncatedBySize` note. `max` counts characters of the JSON text.
 */
export function capResponse(
  result: Record<string, unknown>,
  max = DEFAULT_MAX_RESPONSE_CHARS,
): Record<string, unknown> {
  if (size(result) <= max) return result;
  const copy = structuredClone(result);
  const note: TruncationNote = {
    note: `The answer was cut to stay under ${max} characters. Ask for a smaller page or narrow the request to see the rest.`,
    lists: [],
  };
  const out = (): Record<string, unknown> => ({ ...copy, [TRUNCATION_KEY]: note });

  const lists: Found<unknown[]>[] = [];
  walk(copy, '', (holder, key, value, path) => {
    if (Array.isArray(value) && value.length > 0) lists.push({ path, holder, key, value, size: size(value) });
  });
  lists.sort((a, b) => b.size - a.size);
  const dropped = (path: string) =>
    note.lists.some((cut) => {
      const m = path.startsWith(`${cut.path}[`) ? /^\[(\d+)\]/.exec(path.slice(cut.path.length)) : null;
      return m !== null && Number(m[1]) >= cut.returned;
    });
  for (const list of lists) {
    if (size(out()) <= max) break;
    if (dropped(list.path)) continue; // it sat in an item already cut away
    const full = list.value;
    const entry = { path: list.path, returned: full.length, total: full.length };
    note.lists.push(entry);
    // The most items that still fit, by bisection.
    let lo = 0;
    let hi = full.length;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      setAt(list.holder, list.key, full.slice(0, mid));
      entry.returned = mid;
      if (size(out()) <= max) lo = mid;
      else hi = mid - 1;
    }
    setAt(list.holder, list.key, full.slice(0, lo));
    entry.returned = lo;
  }

  if (size(out()) > max) {
    const strings: Found<string>[] = [];
    walk(copy, '', (holder, key, value, path) => {
      if (typeof value === 'string' && value.length > 200)
        strings.push({ path, holder, key, value, size: value.length });
    });
    strings.sort((a, b) => b.size - a.size);
    for (const s of strings) {
      const excess = size(out()) - max;
      if (excess <= 0) break;
      const keep = Math.max(100, s.value.length - excess - 20);
      setAt(s.holder, s.key, `${s.value.slice(0, keep)}… [cut]`);
    }
  }
  return out();
}

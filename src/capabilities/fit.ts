/**
 * Keeps a tool result within a size a model can take in. A result whose JSON is longer than the
 * cap is cut rather than failed: the largest lists lose items from their end, then (rarely) very
 * long strings are shortened, and a note says what was left out and how to get the rest.
 */

/** The default cap on a result's JSON text, in characters. */
export const MAX_RESULT_CHARS = 100_000;

/** The output field that carries the note (a capability that already uses it gets `resultTruncated`). */
export const TRUNCATED_KEY = 'truncated';

export interface Fitted {
  value: Record<string, unknown>;
  /** Set when something was cut. */
  note?: string;
  /** The value's JSON, when it fitted as it was (saves serializing it twice). */
  text?: string;
}

interface FoundArray {
  path: string;
  items: unknown[];
  size: number;
}

function collectArrays(value: unknown, path: string, out: FoundArray[]): void {
  if (Array.isArray(value)) {
    out.push({ path: path || '(root)', items: value, size: JSON.stringify(value).length });
    value.forEach((v, i) => collectArrays(v, `${path}[${i}]`, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectArrays(v, path ? `${path}.${k}` : k, out);
  }
}

/** Shortens the longest strings (over 2,000 characters) until `excess` characters are gone. */
function cutStrings(value: unknown, excess: number): number {
  const found: { holder: Record<string, unknown> | unknown[]; key: string | number; length: number }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => (typeof x === 'string' ? found.push({ holder: v, key: i, length: x.length }) : walk(x)));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string') found.push({ holder: v as Record<string, unknown>, key: k, length: x.length });
        else walk(x);
      }
    }
  };
  walk(value);
  let removed = 0;
  for (const f of found.filter((x) => x.length > 2000).sort((a, b) => b.length - a.length)) {
    if (removed >= excess) break;
    const s = (f.holder as Record<string | number, string>)[f.key]!;
    const keep = Math.max(1000, s.length - (excess - removed) - 20);
    (f.holder as Record<string | number, string>)[f.key] = `${s.slice(0, keep)}… [cut]`;
    removed += s.length - keep;
  }
  return removed;
}

/**
 * Returns the value unchanged when its JSON fits in `max` characters; otherwise a cut copy and a
 * note. `noteKey` is where the note will be added (its length is reserved).
 */
export function fitResult(value: Record<string, unknown>, max = MAX_RESULT_CHARS): Fitted {
  let text = JSON.stringify(value);
  if (text.length <= max) return { value, text };
  const copy = JSON.parse(text) as Record<string, unknown>;
  const reserve = 600; // room for the note itself
  const cut = new Map<string, { kept: number; total: number }>();
  for (let round = 0; round < 50 && text.length > max - reserve; round++) {
    const arrays: FoundArray[] = [];
    collectArrays(copy, '', arrays);
    const target = arrays.filter((a) => a.items.length > 0).sort((a, b) => b.size - a.size)[0];
    if (!target) break;
    const total = cut.get(target.path)?.total ?? target.items.length;
    let excess = text.length - (max - reserve);
    let n = target.items.length;
    while (n > 0 && excess > 0) {
      n--;
      excess -= JSON.stringify(target.items[n]).length + 1;
    }
    target.items.length = n;
    cut.set(target.path, { kept: n, total });
    text = JSON.stringify(copy);
  }
  const parts = [...cut].map(([path, c]) => `${path}: ${c.kept} of ${c.total} items`);
  if (text.length > max - reserve) {
    const removed = cutStrings(copy, text.length - (max - reserve));
    if (removed > 0) parts.push(`long text fields shortened by ${removed} characters`);
    text = JSON.stringify(copy);
  }
  const note =
    `Result cut to fit ${max.toLocaleString('en-US')} characters (${parts.join('; ')}). ` +
    'Ask for a smaller pageSize, a later page, or narrower filters to see the rest.';
  return { value: copy, note };
}

/** True when a zod output schema contains an array anywhere (only those can be cut meaningfully). */
export function hasArray(jsonSchema: unknown): boolean {
  if (!jsonSchema || typeof jsonSchema !== 'object') return false;
  if ((jsonSchema as { type?: unknown }).type === 'array') return true;
  return Object.values(jsonSchema).some((v) => (Array.isArray(v) ? v.some(hasArray) : hasArray(v)));
}

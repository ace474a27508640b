/** Deterministic randomness: a seeded PRNG and ids/tokens derived from the seed by hashing. */
import { createHash } from 'node:crypto';

/** A small, fast seeded PRNG (mulberry32). Returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Helpers over a PRNG. */
export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

function hashHex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable UUID (version-5 layout) for `key` under `seed`: same inputs, same id. */
export function stableUuid(seed: number, key: string): string {
  const h = hashHex(`${seed}:${key}`);
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The bearer token of a seeded user: `sbx-<role>-<16 hex>`, derived from the seed and username. */
export function stableToken(seed: number, role: string, username: string): string {
  return `sbx-${role}-${hashHex(`${seed}:token:${username}`).slice(0, 16)}`;
}

/** Hex digest helper for signatures. */
export function digest(text: string): string {
  return hashHex(text);
}

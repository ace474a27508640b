/**
 * Held refusals. A client that floods in a closed loop sends its next request as soon as the last
 * one is answered, so refusing it quickly only makes it send faster, and every refusal costs the
 * one event loop a turn that other callers wait for. Holding a refusal for `delayMs` before
 * answering it turns such a flood into one request per connection per `delayMs`.
 *
 * Bound: at most `maxHeld` refusals are held at once; beyond that they are answered at once, so
 * holding never becomes a queue that grows (each held refusal is one timer and one open request).
 */
export interface HoldOptions {
  /** How long a refusal is held (default 1,000 ms; 0 answers at once). */
  delayMs?: number;
  /** Refusals held at once (default 1,000). */
  maxHeld?: number;
}

export class RefusalHold {
  readonly delayMs: number;
  readonly maxHeld: number;
  private held = 0;

  constructor(opts: HoldOptions = {}) {
    this.delayMs = opts.delayMs ?? 1_000;
    this.maxHeld = opts.maxHeld ?? 1_000;
  }

  /** Resolves after `delayMs`, or at once when `maxHeld` refusals are already waiting. */
  async wait(): Promise<void> {
    if (this.delayMs <= 0 || this.held >= this.maxHeld) return;
    this.held++;
    try {
      await new Promise((r) => setTimeout(r, this.delayMs));
    } finally {
      this.held--;
    }
  }
}

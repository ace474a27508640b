/**
 * Rate-limited log lines for events an attacker can cause at will (failed token checks, refused
 * requests): at most `perWindow` lines per kind per window; the rest are counted, and the first
 * line of the next window says how many were left out. Memory: one counter per kind, and kinds
 * are a small fixed set chosen by the code, never by a request.
 */
export interface ThrottleOptions {
  /** Lines per kind per window (default 10). */
  perWindow?: number;
  /** Window length in ms (default 10 s). */
  windowMs?: number;
  clock?: () => number;
}

interface Window {
  start: number;
  written: number;
  suppressed: number;
}

export class LogThrottle {
  private readonly perWindow: number;
  private readonly windowMs: number;
  private readonly clock: () => number;
  private readonly windows = new Map<string, Window>();

  constructor(opts: ThrottleOptions = {}) {
    this.perWindow = opts.perWindow ?? 10;
    this.windowMs = opts.windowMs ?? 10_000;
    this.clock = opts.clock ?? (() => performance.now());
  }

  /**
   * Calls `write(suppressedBefore)` when a line of this kind may be written now, where
   * `suppressedBefore` counts the lines left out since the last one written; otherwise counts it.
   */
  line(kind: string, write: (suppressedBefore: number) => void): void {
    const now = this.clock();
    let w = this.windows.get(kind);
    if (!w) {
      w = { start: now, written: 0, suppressed: 0 };
      this.windows.set(kind, w);
    }
    if (now - w.start >= this.windowMs) {
      w.start = now;
      w.written = 0;
    }
    if (w.written >= this.perWindow) {
      w.suppressed++;
      return;
    }
    w.written++;
    const suppressed = w.suppressed;
    w.suppressed = 0;
    write(suppressed);
  }
}

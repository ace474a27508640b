/**
 * The table of open MCP sessions: 2025-era Streamable HTTP sessions and legacy SSE streams (the
 * 2026-07-28 era has none). Bounded in total and per caller; a full table refuses the new session
 * (the caller gets 503 with Retry-After) rather than dropping a live one. Sessions idle for
 * `idleMs` are closed by a sweep.
 */
export interface Session {
  id: string;
  kind: 'streamable' | 'sse';
  callerId: string;
  lastSeen: number;
  close(): Promise<void>;
}

export interface SessionLimits {
  /** Open sessions in all (default 2,000). */
  maxTotal?: number;
  /** Open sessions of one caller (default 50). */
  maxPerCaller?: number;
  /** Idle time after which a session is closed (default 30 minutes). */
  idleMs?: number;
}

export class Sessions<S extends Session = Session> {
  private readonly all = new Map<string, S>();
  private readonly perCaller = new Map<string, number>();
  private readonly maxTotal: number;
  private readonly maxPerCaller: number;
  private readonly idleMs: number;
  private readonly sweep: NodeJS.Timeout;

  constructor(limits: SessionLimits = {}) {
    this.maxTotal = limits.maxTotal ?? 2_000;
    this.maxPerCaller = limits.maxPerCaller ?? 50;
    this.idleMs = limits.idleMs ?? 30 * 60_000;
    this.sweep = setInterval(() => this.closeIdle(), Math.min(60_000, this.idleMs)).unref();
  }

  /** Why a new session of this caller cannot open now, or null when it can. */
  refusal(callerId: string): string | null {
    if (this.all.size >= this.maxTotal) return 'The server has as many open sessions as it allows; try again shortly.';
    if ((this.perCaller.get(callerId) ?? 0) >= this.maxPerCaller) {
      return `This credential already has ${this.maxPerCaller} open sessions; close one (DELETE /mcp) or wait for it to expire.`;
    }
    return null;
  }

  add(session: S): void {
    this.all.set(session.id, session);
    this.perCaller.set(session.callerId, (this.perCaller.get(session.callerId) ?? 0) + 1);
  }

  get(id: string, kind: Session['kind']): S | undefined {
    const s = this.all.get(id);
    if (!s || s.kind !== kind) return undefined;
    s.lastSeen = Date.now();
    return s;
  }

  remove(id: string): void {
    const s = this.all.get(id);
    if (!s) return;
    this.all.delete(id);
    const n = (this.perCaller.get(s.callerId) ?? 1) - 1;
    if (n <= 0) this.perCaller.delete(s.callerId);
    else this.perCaller.set(s.callerId, n);
  }

  counts(): { streamable: number; sse: number } {
    let streamable = 0;
    for (const s of this.all.values()) if (s.kind === 'streamable') streamable++;
    return { streamable, sse: this.all.size - streamable };
  }

  private closeIdle(): void {
    const before = Date.now() - this.idleMs;
    for (const s of [...this.all.values()]) {
      if (s.lastSeen < before) {
        this.remove(s.id);
        void s.close().catch(() => {});
      }
    }
  }

  async closeAll(): Promise<void> {
    clearInterval(this.sweep);
    const open = [...this.all.values()];
    this.all.clear();
    this.perCaller.clear();
    await Promise.allSettled(open.map((s) => s.close()));
  }
}

/**
 * The live MCP sessions of the HTTP transports (Streamable HTTP and legacy SSE): one session
 * server and one transport each, bound to the credential that opened it. Sessions leave the table
 * when their transport closes; Streamable HTTP sessions idle for too long are closed by a sweeper whose
 * timer never keeps the process alive.
 */
import type { Logger } from '../../capabilities/define.js';

export type SessionKind = 'streamable' | 'sse';

export interface Session<T = unknown> {
  id: string;
  kind: SessionKind;
  /** Hash of the credential that opened the session; later requests must present the same. */
  callerId: string;
  transport: T;
  lastSeen: number;
  /** Closes the transport (which removes the session). */
  close(): Promise<void>;
}

export interface SessionsOptions {
  /** Streamable HTTP sessions unused this long are closed (default 30 minutes). */
  idleMs?: number;
  /** How often to look for idle sessions (default: half the idle time, between 1 and 60 s). */
  sweepMs?: number;
  log: Logger;
}

export class Sessions {
  private readonly byId = new Map<string, Session>();
  private readonly idleMs: number;
  private readonly timer: NodeJS.Timeout;
  private readonly log: Logger;

  constructor(opts: SessionsOptions) {
    this.idleMs = opts.idleMs ?? 30 * 60_000;
    this.log = opts.log;
    this.timer = setInterval(
      () => void this.sweep(),
      opts.sweepMs ?? Math.min(60_000, Math.max(1_000, this.idleMs / 2)),
    );
    this.timer.unref();
  }

  add(s: Session): void {
    this.byId.set(s.id, s);
    this.log.info({ session: s.id.slice(0, 8), kind: s.kind, open: this.counts() }, 'mcp session opened');
  }

  get<T>(id: string, kind: SessionKind): Session<T> | undefined {
    const s = this.byId.get(id);
    return s && s.kind === kind ? (s as Session<T>) : undefined;
  }

  touch(s: Session): void {
    s.lastSeen = Date.now();
  }

  remove(id: string): void {
    const s = this.byId.get(id);
    if (!s) return;
    this.byId.delete(id);
    this.log.info({ session: id.slice(0, 8), kind: s.kind, open: this.counts() }, 'mcp session closed');
  }

  counts(): { streamable: number; sse: number } {
    let streamable = 0;
    let sse = 0;
    for (const s of this.byId.values()) {
      if (s.kind === 'sse') sse++;
      else streamable++;
    }
    return { streamable, sse };
  }

  /** Closes Streamable HTTP sessions idle longer than the limit (SSE sessions live as long as their stream). */
  async sweep(now = Date.now()): Promise<number> {
    const idle = [...this.byId.values()].filter((s) => s.kind === 'streamable' && now - s.lastSeen > this.idleMs);
    for (const s of idle) {
      this.log.info({ session: s.id.slice(0, 8), idleMs: now - s.lastSeen }, 'closing idle mcp session');
      await s.close().catch(() => {});
      this.remove(s.id);
    }
    return idle.length;
  }

  async closeAll(): Promise<void> {
    clearInterval(this.timer);
    const all = [...this.byId.values()];
    await Promise.all(all.map((s) => s.close().catch(() => {})));
    for (const s of all) this.remove(s.id);
  }
}

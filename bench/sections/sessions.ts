/**
 * Memory per idle session: a fresh server process per kind, a warm-up (so lazily built state is
 * not charged to the sessions), a full GC and a reading, then N sessions opened and left idle,
 * another full GC and reading; the difference divided by N. Then every session must still answer
 * a ping, and after they are closed the server must hold none.
 */
import type { Child } from '../lib/procs.js';
import { sleep } from '../lib/procs.js';
import { startServerChild, type SandboxInfo } from '../lib/env.js';
import { mapLimit } from '../lib/load.js';
import { round } from '../lib/stats.js';
import { openSse, openStreamable, type RpcSession } from '../lib/wire.js';

export const SESSION_TARGET_BYTES = 50 * 1024;

export const SESSION_KINDS = ['sse', 'streamable', 'streamable+stream'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export interface SessionRow {
  kind: SessionKind;
  sessions: number;
  heapBytesPerSession: number;
  rssBytesPerSession: number;
  /** Sessions the server counted while they were open. */
  serverCounted: number;
  answered: number;
  /** Sessions the server still held after all were closed. */
  leftAfterClose: number;
  pass: boolean;
}

function opener(kind: SessionKind, url: string): () => Promise<RpcSession> {
  if (kind === 'sse') return () => openSse(url);
  return () => openStreamable(url, { getStream: kind === 'streamable+stream' });
}

export async function runSessions(
  sandbox: Child<SandboxInfo>,
  opts: { sessions: number },
  progress: (msg: string) => void,
): Promise<SessionRow[]> {
  const rows: SessionRow[] = [];
  for (const kind of SESSION_KINDS) {
    const server = await startServerChild(sandbox.info);
    try {
      const open = opener(kind, server.info.url);
      const warm = await mapLimit(Array.from({ length: 20 }), 10, () => open());
      await Promise.all(warm.map((s) => s.request('ping')));
      await Promise.all(warm.map((s) => s.close()));
      await sleep(500);
      const before = await server.ask<NodeJS.MemoryUsage>('mem');
      const sessions = await mapLimit(Array.from({ length: opts.sessions }), 50, () => open());
      await sleep(1000);
      const after = await server.ask<NodeJS.MemoryUsage>('mem');
      const counted = await server.ask<{ streamable: number; sse: number }>('sessions');
      const answers = await mapLimit(sessions, 50, (s) =>
        s.request('ping').then(
          () => true,
          () => false,
        ),
      );
      await mapLimit(sessions, 50, (s) => s.close());
      let left = Infinity;
      for (let i = 0; i < 50 && left > 0; i++) {
        await sleep(100);
        const c = await server.ask<{ streamable: number; sse: number }>('sessions');
        left = c.streamable + c.sse;
      }
      const heap = (after.heapUsed - before.heapUsed) / opts.sessions;
      const rss = (after.rss - before.rss) / opts.sessions;
      const answered = answers.filter(Boolean).length;
      const row: SessionRow = {
        kind,
        sessions: opts.sessions,
        heapBytesPerSession: round(heap, 0),
        rssBytesPerSession: round(rss, 0),
        serverCounted: counted.streamable + counted.sse,
        answered,
        leftAfterClose: left,
        pass: heap < SESSION_TARGET_BYTES && rss < SESSION_TARGET_BYTES && answered === opts.sessions && left === 0,
      };
      rows.push(row);
      progress(
        `sessions ${kind}: ${round(heap / 1024, 1)} KB heap, ${round(rss / 1024, 1)} KB RSS per session; ${answered}/${opts.sessions} answered; ${left} left after close`,
      );
    } finally {
      await server.stop();
    }
  }
  return rows;
}

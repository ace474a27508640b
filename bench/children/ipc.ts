/** The child side of bench/lib/procs.ts: announce readiness, answer requests by type. */
type Handler = (payload: unknown) => unknown;

export function serveIpc(info: unknown, handlers: Record<string, Handler>): void {
  if (!process.send) throw new Error('bench children run under fork() with an IPC channel');
  process.on('message', (m: { id: number; type: string; payload?: unknown }) => {
    const handler = handlers[m.type];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no handler for ${m.type}`);
        return handler(m.payload);
      })
      .then(
        (value) => process.send!({ id: m.id, ok: true, value }),
        (err: unknown) =>
          process.send!({ id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
      );
  });
  process.send({ type: 'ready', info });
}

/** Heap and RSS after a full collection (needs --expose-gc; without it, without collecting). */
export function memoryAfterGc(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage();
}

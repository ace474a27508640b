/**
 * A bound on one server-sent-event stream (legacy SSE, or any long-lived response), through the
 * public `Writable` surface of node's ServerResponse only: `writableLength` (bytes written but not
 * yet taken by the socket) and `destroy()`.
 *
 * - A stream holding more than `maxBufferedBytes` is not draining: new requests for it are refused
 *   (the caller gets 503 + Retry-After) instead of answered into a buffer nobody reads.
 * - At most `maxPending` requests per stream may be accepted and not yet answered; beyond that,
 *   refused the same way.
 * - A stream that has stayed over its byte bound for `closeAfterMs`, or holds more than
 *   `hardLimitBytes` at any check, is closed (destroyed), which frees its buffer; its client must
 *   reconnect.
 *
 * The guard holds two numbers and a timestamp per stream; it never buffers anything itself.
 */
export interface StreamGuardOptions {
  /** Buffered bytes above which a stream counts as not draining (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Buffered bytes at which a stream is closed at once (default 8 MiB). */
  hardLimitBytes?: number;
  /** How long a stream may stay over maxBufferedBytes before it is closed (default 30 s). */
  closeAfterMs?: number;
  /** Requests accepted and not yet answered, per stream (default 32). */
  maxPending?: number;
  clock?: () => number;
}

/** The part of a ServerResponse (or any Writable) the guard looks at. */
export interface GuardedStream {
  readonly writableLength: number;
  readonly destroyed: boolean;
  destroy(error?: Error): unknown;
}

export type StreamVerdict =
  { ok: true } | { ok: false; status: 503; retryAfterSeconds: number; message: string; closed: boolean };

export class StreamGuard {
  readonly maxBufferedBytes: number;
  readonly hardLimitBytes: number;
  readonly closeAfterMs: number;
  readonly maxPending: number;
  private readonly clock: () => number;
  private pending = 0;
  private overSince: number | undefined;
  /** Requests refused and streams closed, for the figures. */
  readonly stats = { refused: 0, closed: 0 };

  constructor(
    private readonly stream: GuardedStream,
    opts: StreamGuardOptions = {},
  ) {
    this.maxBufferedBytes = opts.maxBufferedBytes ?? 1024 * 1024;
    this.hardLimitBytes = opts.hardLimitBytes ?? 8 * 1024 * 1024;
    this.closeAfterMs = opts.closeAfterMs ?? 30_000;
    this.maxPending = opts.maxPending ?? 32;
    this.clock = opts.clock ?? (() => performance.now());
  }

  /**
   * Whether a new request may be accepted on this stream now. When it may, the caller must call
   * the returned verdict's pair `done()` once the request has been answered (or has failed).
   */
  admit(): StreamVerdict {
    const buffered = this.stream.writableLength;
    const now = this.clock();
    if (buffered > this.maxBufferedBytes) this.overSince ??= now;
    else this.overSince = undefined;
    const stale = this.overSince !== undefined && now - this.overSince >= this.closeAfterMs;
    if (buffered >= this.hardLimitBytes || stale) {
      this.close();
      return this.refuse('The event stream was closed because its client is not reading it; reconnect.', true);
    }
    if (buffered > this.maxBufferedBytes) {
      return this.refuse(
        `The event stream is not being read (${Math.round(buffered / 1024)} KiB waiting); read it before sending more.`,
        false,
      );
    }
    if (this.pending >= this.maxPending) {
      return this.refuse(`At most ${this.maxPending} requests may wait for an answer on one stream.`, false);
    }
    this.pending++;
    return { ok: true };
  }

  /** One admitted request has been answered (or failed). */
  done(): void {
    if (this.pending > 0) this.pending--;
  }

  get inFlight(): number {
    return this.pending;
  }

  private close(): void {
    if (this.stream.destroyed) return;
    this.stats.closed++;
    this.stream.destroy();
  }

  private refuse(message: string, closed: boolean): StreamVerdict {
    this.stats.refused++;
    return { ok: false, status: 503, retryAfterSeconds: closed ? 1 : 5, message, closed };
  }
}

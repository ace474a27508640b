/** Reading a request body with a bound (REST). */
import type { IncomingMessage } from 'node:http';

export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly rpcCode: number,
    message: string,
    /** The body was left (partly) unread: the connection cannot be reused. */
    readonly closeConnection = false,
  ) {
    super(message);
  }
}

/** How much of an oversized body is read and thrown away before answering 413, and for how long. */
export const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
export const DRAIN_MAX_MS = 5_000;

/**
 * Reads a request body, up to `limit` bytes. An oversized body is refused with 413, but only after
 * the rest of it has been read and discarded (up to DRAIN_MAX_BYTES more, for at most DRAIN_MAX_MS):
 * answering while the client is still sending makes it see a reset connection instead of the
 * answer. When even the drain gives up, the 413 asks to close the connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    let timer: NodeJS.Timeout | undefined;
    const cleanup = () => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const tooLarge = (drained: boolean) => {
      cleanup();
      if (!drained) req.pause();
      reject(new BodyError(413, -32000, `Request body larger than ${limit} bytes.`, !drained));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > limit + DRAIN_MAX_BYTES) tooLarge(false);
        return;
      }
      if (size > limit) {
        over = true;
        chunks.length = 0;
        timer = setTimeout(() => tooLarge(false), DRAIN_MAX_MS);
        timer.unref();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (over) return tooLarge(true);
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      if (req.readableEnded) return;
      cleanup();
      reject(new BodyError(400, -32000, 'The request body was cut off.', true));
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit + DRAIN_MAX_BYTES && !req.headers['transfer-encoding']) {
      // Too large even to drain: refuse at once and close.
      reject(new BodyError(413, -32000, `Request body larger than ${limit} bytes.`, true));
      return;
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Temporary file links, like the real `tempFileDownloadUrl` / `tempFileUploadUrl`: a sandbox URL
 * with an expiry and an HMAC signature. The sandbox holds no file bytes: a valid download link
 * serves a small text placeholder, a valid upload link accepts and discards the body.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const LINK_TTL_MS = 15 * 60_000;
export const FILES_PATH = '/__sandbox/files/';

export type LinkOp = 'download' | 'upload';

export class FileLinks {
  constructor(
    private readonly secret: string,
    private readonly origin: () => string,
  ) {}

  private sign(fileId: string, op: LinkOp, expires: number): string {
    return createHmac('sha256', this.secret).update(`${op}:${fileId}:${expires}`).digest('hex');
  }

  make(fileId: string, op: LinkOp, now: number): string {
    const expires = now + LINK_TTL_MS;
    const q = new URLSearchParams({ op, expires: String(expires), signature: this.sign(fileId, op, expires) });
    return `${this.origin()}${FILES_PATH}${fileId}?${q}`;
  }

  /** Checks a link's query against the file id; `now` is the sandbox clock. */
  verify(fileId: string, query: URLSearchParams, now: number): 'ok' | 'expired' | 'invalid' {
    const op = query.get('op');
    const expires = Number(query.get('expires'));
    const signature = query.get('signature') ?? '';
    if ((op !== 'download' && op !== 'upload') || !Number.isSafeInteger(expires)) return 'invalid';
    const expected = Buffer.from(this.sign(fileId, op, expires));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
    return expires < now ? 'expired' : 'ok';
  }
}

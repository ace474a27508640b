/**
 * The HTTP exchange under the Cway client: one POST with a JSON body over keep-alive sockets
 * (node:http/https; leaner per call than `fetch`), one timer per attempt, cancellable by the
 * caller, and a bounded response size.
 */
import http from 'node:http';
import https from 'node:https';

export interface RawRequest {
  url: URL;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface RawResponse {
  status: number;
  retryAfter: string | undefined;
  text: string;
}

/** Why an exchange failed before a response arrived. */
export class TransportError extends Error {
  constructor(
    readonly reason: 'timeout' | 'network' | 'too_large',
    /** Whether the request had been handed to the network: if so, Cway may have acted on it. */
    readonly sent = true,
  ) {
    super(`transport ${reason}`);
  }
}

/** A response larger than this is refused (the API pages its big lists). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 128 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 128 }),
};

export type Send = (req: RawRequest) => Promise<RawResponse>;

export const httpSend: Send = (req) =>
  new Promise<RawResponse>((resolve, reject) => {
    const { signal } = req;
    if (signal?.aborted) return reject(signal.reason);
    const secure = req.url.protocol === 'https:';
    const request = (secure ? https : http).request(req.url, {
      method: 'POST',
      agent: agents[secure ? 'https:' : 'http:'],
      headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
    });
    let settled = false;
    let sent = false;
    request.once('finish', () => {
      sent = true;
    });
    const finish = (err: unknown, value?: RawResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err !== undefined) reject(err);
      else resolve(value!);
    };
    const timer = setTimeout(() => {
      finish(new TransportError('timeout', sent));
      request.destroy();
    }, req.timeoutMs);
    const onAbort = () => {
      finish(signal!.reason);
      request.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    request.on('error', () => finish(new TransportError('network', sent)));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) {
          finish(new TransportError('too_large'));
          request.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        finish(undefined, {
          status: res.statusCode ?? 0,
          retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', () => finish(new TransportError('network')));
    });
    request.end(req.body);
  });

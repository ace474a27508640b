/**
 * The load generator's HTTP client: node:http with one keep-alive agent. On the benchmark machine
 * it spends about a third of the CPU per request that fetch does, so the load generator takes less
 * of the shared cores from the processes it measures; the baseline and every surface use it alike.
 */
import { Agent, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';

const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text (empty when `binary` was asked for). */
  text: string;
  body: Buffer;
}

export function http(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; binary?: boolean } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const req = request(url, { method: opts.method ?? 'GET', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          text: opts.binary ? '' : body.toString('utf8'),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Opens a long-lived response (an event stream) on its own connection; `close` cuts it. */
export function openStream(
  url: string,
  headers: Record<string, string>,
): Promise<{ res: IncomingMessage; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers, agent: false }, (res) =>
      resolve({ res, close: () => req.destroy() }),
    );
    req.on('error', reject);
    req.end();
  });
}

/** The first value of a response header. */
export const header = (h: IncomingHttpHeaders, name: string): string => {
  const v = h[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
};

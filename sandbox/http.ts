/** Small node:http helpers: bounded body reading and JSON responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest accepted request body. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Oversized bodies are read and dropped up to this size, so the client sees the 413; beyond it the socket is cut. */
const DRAIN_LIMIT = 16 * MAX_BODY_BYTES;

export type Body = { kind: 'ok'; text: string } | { kind: 'tooLarge' };

export function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) req.destroy();
    });
    req.on('end', () =>
      resolve(
        size > MAX_BODY_BYTES ? { kind: 'tooLarge' } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') },
      ),
    );
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** `{errors: [{message, extensions?}]}`, the shape of every non-GraphQL error the sandbox sends. */
export function errorBody(message: string, code?: string) {
  return { errors: [code ? { message, extensions: { code } } : { message }] };
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

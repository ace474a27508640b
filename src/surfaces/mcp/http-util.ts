/** Small HTTP helpers shared by the MCP transports and the server's own routes. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A JSON-RPC error as an HTTP answer (what MCP clients expect from the MCP endpoints). */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

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

/** Reads and parses a JSON request body, up to `limit` bytes (see readBody for oversized ones). */
export async function readJsonBody(req: IncomingMessage, limit = 4 * 1024 * 1024): Promise<unknown> {
  const text = (await readBody(req, limit)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, -32700, 'Parse error: the body is not valid JSON.');
  }
}

/** Sends a BodyError as a JSON-RPC error; asks to close the connection when the body was left unread. */
export function sendBodyError(res: ServerResponse, err: BodyError): void {
  sendRpcError(res, err.status, err.rpcCode, err.message, err.closeConnection ? { connection: 'close' } : {});
}

/**
 * The parsed JSON body of a POST to an MCP endpoint, or `undefined` when it has already been refused
 * here (415 for another content type; 400 or 413 for a body that cannot be read or parsed).
 */
export async function readRpcBody(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown } | undefined> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    sendRpcError(res, 415, -32000, 'Unsupported Media Type: Content-Type must be application/json.');
    return undefined;
  }
  try {
    return { body: await readJsonBody(req) };
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    sendBodyError(res, err);
    return undefined;
  }
}

/** How often an open event stream gets a comment line, so proxies do not cut it while it is idle. */
const KEEPALIVE_MS = 25_000;

/** Writes a comment line to an event stream every 25 s until it closes (the timer never holds the process). */
export function keepAlive(res: ServerResponse): void {
  const timer = setInterval(() => {
    if (!res.writableEnded) res.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  timer.unref();
  res.once('close', () => clearInterval(timer));
}

/** The deepest nesting accepted in a JSON-RPC message (real ones stay far below). */
export const MAX_JSON_DEPTH = 64;

/** True when a parsed JSON value nests arrays/objects deeper than `max` levels (checked without recursion). */
export function nestsDeeperThan(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * A JSON-RPC body's shape, checked before a transport sees it: an object or a non-empty batch of
 * objects, nested at most MAX_JSON_DEPTH levels. Returns the refusal's message, or null when fine.
 * The message never repeats the body.
 */
export function rpcShapeProblem(body: unknown): string | null {
  const msgs = Array.isArray(body) ? body : [body];
  if (msgs.length === 0) return 'Invalid Request: an empty batch.';
  if (!msgs.every((m) => m !== null && typeof m === 'object' && !Array.isArray(m))) {
    return 'Invalid Request: the body must be a JSON-RPC message object or a batch of them.';
  }
  if (nestsDeeperThan(body)) return `Invalid Request: the message nests deeper than ${MAX_JSON_DEPTH} levels.`;
  return null;
}

/** True when a parsed JSON-RPC body (single or batch) contains an `initialize` request. */
export function isInitialize(body: unknown): boolean {
  const msgs = Array.isArray(body) ? body : [body];
  return msgs.some((m) => !!m && typeof m === 'object' && (m as { method?: unknown }).method === 'initialize');
}

/**
 * The server side of MCP Streamable HTTP (spec 2025-06-18, stateful sessions; older versions the SDK
 * supports are accepted too), written on plain node:http. It exists for speed: the SDK's transport
 * answers through web Request/Response objects and a ReadableStream, so every answer costs several
 * socket writes (headers, each event, the chunked terminator). Here a POST's answer is chosen lazily:
 * when its responses are ready and nothing else had to go out first, they are sent as one
 * `application/json` body in ONE write; only when a message related to one of its requests (progress,
 * a log message, an elicitation request...) must go out before the answer does the POST become a
 * `text/event-stream`, ended once every request of that POST has its response. GET opens the one
 * standalone stream for messages related to no request; DELETE closes the session.
 * Not supported: resumability (event ids, Last-Event-ID replay) and stateless mode.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  isInitializeRequest,
  JSONRPCMessageSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { keepAlive, sendRpcError } from './http-util.js';

/** The most messages one POST may carry. */
const MAX_BATCH = 100;
const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
} as const;

/** A POST that carried requests: where their answers go, and in which form. */
interface Exchange {
  res: ServerResponse;
  /** A batch is answered with an array, a single request with one object. */
  batch: boolean;
  /** Its requests still without an answer. */
  pending: Set<RequestId>;
  /** Responses held back while the whole answer can still be one JSON body. */
  held: JSONRPCMessage[];
  /** The answer became an event stream (its headers are written). */
  streaming: boolean;
  /** Answered in full, or the client went away: nothing more is written. */
  over: boolean;
}

const sseEvent = (m: JSONRPCMessage): string => `event: message\ndata: ${JSON.stringify(m)}\n\n`;
const isResponse = (m: JSONRPCMessage): m is JSONRPCMessage & { id?: RequestId } => 'result' in m || 'error' in m;
const isRequest = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId; method: string } =>
  'method' in m && 'id' in m;

/** The refusal's message when the request names a protocol version we do not speak (never echoing it). */
function versionProblem(req: IncomingMessage): string | null {
  const v = req.headers['mcp-protocol-version'];
  if (v === undefined || (typeof v === 'string' && SUPPORTED_PROTOCOL_VERSIONS.includes(v))) return null;
  return `Bad Request: unsupported MCP-Protocol-Version (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}).`;
}

export interface StreamableTransportOptions {
  /** Called when an initialize is accepted and the session has its id, before anything is answered. */
  onsessioninitialized?(sessionId: string): void;
}

export class StreamableTransport implements Transport {
  sessionId?: string;
  onmessage?: Transport['onmessage'];
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private initialized = false;
  private closed = false;
  /** The POST waiting for each client request's answer. */
  private readonly byRequest = new Map<RequestId, Exchange>();
  private standalone?: ServerResponse;

  constructor(private readonly options: StreamableTransportOptions = {}) {}

  async start(): Promise<void> {}

  /** Handles one HTTP request of this session; `body` is the parsed JSON of a POST. Never throws. */
  handleRequest(req: IncomingMessage, res: ServerResponse, body?: unknown): void {
    if (this.closed) return sendRpcError(res, 404, -32001, 'Session not found; initialize a new session.');
    if (req.method === 'POST') return this.post(req, res, body);
    if (!this.initialized) return sendRpcError(res, 400, -32000, 'Bad Request: the session is not initialized.');
    const problem = versionProblem(req);
    if (problem) return sendRpcError(res, 400, -32000, problem);
    if (req.method === 'GET') return this.openStandalone(req, res);
    if (req.method === 'DELETE') {
      void this.close(); // the session is gone before the client sees the 200
      res.writeHead(200, this.headers()).end();
      return;
    }
    sendRpcError(res, 405, -32000, 'Method not allowed.', { allow: 'GET, POST, DELETE' });
  }

  private post(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    const accept = req.headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      const msg = 'Not Acceptable: the client must accept both application/json and text/event-stream.';
      return sendRpcError(res, 406, -32000, msg);
    }
    const raw = Array.isArray(body) ? body : [body];
    if (raw.length === 0 || raw.length > MAX_BATCH) {
      return sendRpcError(res, 400, -32600, `Invalid Request: a batch holds 1 to ${MAX_BATCH} messages.`);
    }
    const messages: JSONRPCMessage[] = [];
    for (const m of raw) {
      const parsed = JSONRPCMessageSchema.safeParse(m);
      if (!parsed.success) {
        const msg = 'Invalid Request: not a JSON-RPC 2.0 request, notification or response.';
        return sendRpcError(res, 400, -32600, msg);
      }
      messages.push(parsed.data);
    }
    const init = messages.some((m) => 'method' in m && m.method === 'initialize' && isInitializeRequest(m));
    if (init) {
      if (this.initialized)
        return sendRpcError(res, 400, -32600, 'Invalid Request: the session is already initialized.');
      if (messages.length > 1) return sendRpcError(res, 400, -32600, 'Invalid Request: send initialize on its own.');
    } else {
      if (!this.initialized) return sendRpcError(res, 400, -32000, 'Bad Request: the session is not initialized.');
      const problem = versionProblem(req);
      if (problem) return sendRpcError(res, 400, -32000, problem);
    }
    // Answers are matched to their POST by request id: an id still in flight cannot be taken again.
    const ids = new Set<RequestId>();
    for (const m of messages) {
      if (!isRequest(m)) continue;
      if (ids.has(m.id) || this.byRequest.has(m.id)) {
        return sendRpcError(res, 400, -32600, 'Invalid Request: a request id is already in use in this session.');
      }
      ids.add(m.id);
    }
    if (init) {
      this.sessionId = randomUUID();
      this.initialized = true;
      this.options.onsessioninitialized?.(this.sessionId);
    }
    const extra: MessageExtraInfo = { requestInfo: { headers: req.headers } };
    if (ids.size === 0) {
      res.writeHead(202, this.headers()).end();
    } else {
      const ex: Exchange = { res, batch: Array.isArray(body), pending: ids, held: [], streaming: false, over: false };
      for (const id of ids) this.byRequest.set(id, ex);
      // A client that goes away before its answer: forget the POST; late answers are dropped.
      res.once('close', () => {
        if (!ex.over) this.forget(ex);
      });
    }
    for (const m of messages) {
      if ('method' in m && m.method === 'notifications/cancelled' && !('id' in m)) {
        const id = (m.params as { requestId?: unknown } | undefined)?.requestId;
        if (typeof id === 'string' || typeof id === 'number') this.cancelled(id);
      }
      try {
        this.onmessage?.(m, extra);
      } catch (err) {
        this.onerror?.(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  private openStandalone(req: IncomingMessage, res: ServerResponse): void {
    if (!(req.headers.accept ?? '').includes('text/event-stream')) {
      return sendRpcError(res, 406, -32000, 'Not Acceptable: the client must accept text/event-stream.');
    }
    if (this.standalone) {
      return sendRpcError(res, 409, -32000, 'Conflict: this session already has its GET stream open.');
    }
    res.writeHead(200, this.headers(SSE_HEADERS));
    res.flushHeaders();
    keepAlive(res);
    this.standalone = res;
    res.once('close', () => {
      if (this.standalone === res) this.standalone = undefined;
    });
  }

  /**
   * Sends a message: a response to its request's POST, a message related to a request to that POST
   * (making its answer an event stream), any other message to the standalone stream. Messages for a
   * POST whose client went away, or when no standalone stream is open, are dropped; only a request
   * to the client that cannot be delivered fails, so that its caller does not wait for a timeout.
   */
  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if (this.closed) return;
    const response = isResponse(message);
    const id = response ? message.id : options?.relatedRequestId;
    if (id === undefined) {
      const s = this.standalone;
      if (!response && s && !s.writableEnded) s.write(sseEvent(message));
      return;
    }
    const ex = this.byRequest.get(id);
    if (ex) return this.answer(ex, message, response ? id : undefined);
    if (isRequest(message)) throw new Error('The client request this message relates to is no longer connected.');
  }

  /** Writes or holds `message` for the POST `ex`; `answered` is the request id it answers, if any. */
  private answer(ex: Exchange, message: JSONRPCMessage, answered?: RequestId): void {
    if (answered !== undefined) {
      this.byRequest.delete(answered);
      ex.pending.delete(answered);
    }
    const last = ex.pending.size === 0;
    if (!ex.streaming && answered !== undefined) {
      ex.held.push(message);
      if (last) this.finish(ex);
      return;
    }
    let text = sseEvent(message);
    if (!ex.streaming) {
      // Something must go out before the answer: from now on this POST is an event stream.
      ex.streaming = true;
      ex.res.writeHead(200, this.headers(SSE_HEADERS));
      text = ex.held.map(sseEvent).join('') + text;
      ex.held = [];
    }
    if (last) {
      ex.over = true;
      ex.res.end(text);
    } else {
      ex.res.write(text);
    }
  }

  /** Ends the answer of a POST whose requests are all settled. */
  private finish(ex: Exchange): void {
    ex.over = true;
    const { res, held } = ex;
    if (ex.streaming) {
      res.end();
    } else if (held.length === 0) {
      res.writeHead(200, this.headers(SSE_HEADERS)).end(); // every request was cancelled: an empty stream
    } else {
      const text = JSON.stringify(ex.batch ? held : held[0]);
      res.writeHead(
        200,
        this.headers({ 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }),
      );
      res.end(text);
    }
  }

  /** A request the client cancelled gets no answer (the SDK sends none); its POST ends when the rest are done. */
  private cancelled(id: RequestId): void {
    const ex = this.byRequest.get(id);
    if (!ex) return;
    this.byRequest.delete(id);
    ex.pending.delete(id);
    if (ex.pending.size === 0) this.finish(ex);
  }

  private forget(ex: Exchange): void {
    ex.over = true;
    for (const id of ex.pending) if (this.byRequest.get(id) === ex) this.byRequest.delete(id);
    ex.pending.clear();
    ex.held = [];
  }

  private headers(extra: Record<string, string | number> = {}): Record<string, string | number> {
    return this.sessionId ? { ...extra, 'mcp-session-id': this.sessionId } : extra;
  }

  /** Ends every open stream; requests still unanswered get a "connection closed" error. Fires onclose once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const open = new Set(this.byRequest.values());
    for (const ex of open) {
      for (const id of [...ex.pending]) {
        const error = { code: ErrorCode.ConnectionClosed, message: 'Connection closed: the session ended first.' };
        this.answer(ex, { jsonrpc: '2.0', id, error }, id);
      }
    }
    this.byRequest.clear();
    const s = this.standalone;
    this.standalone = undefined;
    s?.end();
    this.onclose?.();
  }
}

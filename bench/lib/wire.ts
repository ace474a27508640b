/**
 * Lean protocol clients for the load generator: JSON-RPC over Streamable HTTP and over legacy SSE,
 * on the same HTTP client (lib/http.ts) as the direct GraphQL baseline. The SDK client would charge
 * its own schema validation to every call; these do only what the protocol needs, and still check
 * every answer (a tool error or a JSON-RPC error fails the call).
 */
import { header, http, openStream } from './http.js';

const PROTOCOL_VERSION = '2025-06-18';
const CLIENT_INFO = { name: 'cway-bench', version: '1' };

export interface RpcSession {
  /** Sends a request and resolves with its `result`; rejects on a JSON-RPC error. */
  request(method: string, params?: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

interface RpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  result?: unknown;
  error?: { code: number; message: string };
}

class RpcError extends Error {}

function resultOf(msg: RpcMessage): unknown {
  if (msg.error) throw new RpcError(`JSON-RPC ${msg.error.code}: ${msg.error.message}`);
  return msg.result;
}

/** Splits server-sent events out of a text buffer; returns the complete events and the rest. */
export function splitEvents(buffer: string): { events: { event: string; data: string }[]; rest: string } {
  const events: { event: string; data: string }[] = [];
  const parts = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = parts.pop() ?? '';
  for (const part of parts) {
    let event = 'message';
    const data: string[] = [];
    for (const line of part.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

const authHeaders = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** A Streamable HTTP session at `${base}/mcp`. */
export async function openStreamable(
  base: string,
  opts: { token?: string; getStream?: boolean } = {},
): Promise<RpcSession> {
  const endpoint = `${base}/mcp`;
  let sessionId = '';
  let nextId = 1;
  let stream: { close(): void } | undefined;
  const headers = () => ({
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL_VERSION } : {}),
    ...authHeaders(opts.token),
  });
  async function post(message: RpcMessage): Promise<RpcMessage | undefined> {
    const res = await http(endpoint, { method: 'POST', headers: headers(), body: JSON.stringify(message) });
    if (res.status === 202) return undefined;
    if (res.status !== 200) throw new RpcError(`HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    if (!sessionId) sessionId = header(res.headers, 'mcp-session-id');
    if (header(res.headers, 'content-type').includes('text/event-stream')) {
      const { events } = splitEvents(res.text + '\n\n');
      for (const e of events) {
        const m = JSON.parse(e.data) as RpcMessage;
        if (m.id === message.id) return m;
      }
      throw new RpcError('the event stream ended without the answer');
    }
    return JSON.parse(res.text) as RpcMessage;
  }
  const init = await post({
    jsonrpc: '2.0',
    id: nextId++,
    method: 'initialize',
    params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO },
  } as RpcMessage);
  resultOf(init!);
  if (!sessionId) throw new RpcError('initialize answered without Mcp-Session-Id');
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
  if (opts.getStream) {
    const opened = await openStream(endpoint, { ...headers(), accept: 'text/event-stream' });
    if (opened.res.statusCode !== 200) throw new RpcError(`GET stream: HTTP ${opened.res.statusCode}`);
    opened.res.resume();
    stream = opened;
  }
  return {
    async request(method, params = {}) {
      return resultOf((await post({ jsonrpc: '2.0', id: nextId++, method, params } as RpcMessage))!);
    },
    async close() {
      stream?.close();
      await http(endpoint, { method: 'DELETE', headers: headers() }).catch(() => {});
    },
  };
}

const MODERN_VERSION = '2026-07-28';

/**
 * A 2026-07-28 client at `${base}/mcp`: no handshake and no session; every request carries the
 * `_meta` envelope and the MCP-Protocol-Version, Mcp-Method and Mcp-Name headers, as ChatGPT's
 * connector and the v2 SDK client in `auto` mode send them.
 */
export async function openModern(base: string, opts: { token?: string } = {}): Promise<RpcSession> {
  const endpoint = `${base}/mcp`;
  let nextId = 1;
  const envelope = {
    'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
    'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  async function request(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = nextId++;
    const name = typeof params.name === 'string' ? params.name : undefined;
    const res = await http(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': MODERN_VERSION,
        'mcp-method': method,
        ...(name ? { 'mcp-name': name } : {}),
        ...authHeaders(opts.token),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, _meta: envelope } }),
    });
    if (res.status !== 200) throw new RpcError(`HTTP ${res.status}: ${res.text.slice(0, 200)}`);
    if (header(res.headers, 'content-type').includes('text/event-stream')) {
      const { events } = splitEvents(res.text + '\n\n');
      for (const e of events) {
        const m = JSON.parse(e.data) as RpcMessage;
        if (m.id === id) return resultOf(m);
      }
      throw new RpcError('the event stream ended without the answer');
    }
    return resultOf(JSON.parse(res.text) as RpcMessage);
  }
  await request('server/discover');
  return { request, close: async () => {} };
}

/** A legacy SSE session: the stream at `${base}/sse`, messages POSTed to the endpoint it names. */
export async function openSse(base: string, opts: { token?: string } = {}): Promise<RpcSession> {
  const { res, close } = await openStream(`${base}/sse`, { accept: 'text/event-stream', ...authHeaders(opts.token) });
  if (res.statusCode !== 200) {
    close();
    throw new RpcError(`GET /sse: HTTP ${res.statusCode}`);
  }
  const pending = new Map<number, (m: RpcMessage) => void>();
  let closedWith: Error | undefined;
  const endpoint = new Promise<string>((resolveEndpoint, rejectEndpoint) => {
    let buffer = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffer += chunk;
      const { events, rest } = splitEvents(buffer);
      buffer = rest;
      for (const e of events) {
        if (e.event === 'endpoint') resolveEndpoint(new URL(e.data, base).toString());
        else if (e.event === 'message') {
          const m = JSON.parse(e.data) as RpcMessage;
          if (typeof m.id === 'number') {
            pending.get(m.id)?.(m);
            pending.delete(m.id);
          }
        }
      }
    });
    const end = (err?: Error) => {
      closedWith = err ?? new RpcError('the SSE stream ended');
      rejectEndpoint(closedWith);
      for (const [id, resolve] of pending)
        resolve({ jsonrpc: '2.0', id, error: { code: -1, message: closedWith.message } });
      pending.clear();
    };
    res.on('end', () => end());
    res.on('error', (err) => end(err));
    res.on('close', () => closedWith ?? end());
  });
  const postUrl = await endpoint;
  let nextId = 1;
  async function send(message: RpcMessage): Promise<void> {
    const r = await http(postUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(opts.token) },
      body: JSON.stringify(message),
    });
    if (r.status !== 202) throw new RpcError(`POST message: HTTP ${r.status}: ${r.text.slice(0, 200)}`);
  }
  async function request(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    if (closedWith) throw closedWith;
    const id = nextId++;
    const answer = new Promise<RpcMessage>((resolve) => pending.set(id, resolve));
    try {
      await send({ jsonrpc: '2.0', id, method, params } as RpcMessage);
    } catch (err) {
      pending.delete(id);
      throw err;
    }
    return resultOf(await answer);
  }
  await request('initialize', { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO });
  await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return {
    request,
    async close() {
      close();
    },
  };
}

/** A tools/call that must succeed: a tool error is a failed call. */
export async function callTool(session: RpcSession, name: string, args: Record<string, unknown>): Promise<unknown> {
  const result = (await session.request('tools/call', { name, arguments: args })) as {
    isError?: boolean;
    content?: { text?: string }[];
  };
  if (result?.isError) throw new Error(`${name}: ${result.content?.[0]?.text?.slice(0, 200) ?? 'tool error'}`);
  return result;
}

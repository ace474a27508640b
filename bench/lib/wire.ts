/**
 * Lean protocol clients for the load generator: JSON-RPC over Streamable HTTP and over legacy SSE,
 * on the same HTTP stack (Node's fetch) as the direct GraphQL baseline. The SDK client would charge
 * its own schema validation to every call; these do only what the protocol needs, and still check
 * every answer (a tool error or a JSON-RPC error fails the call).
 */

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
  let stream: AbortController | undefined;
  const headers = () => ({
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL_VERSION } : {}),
    ...authHeaders(opts.token),
  });
  async function post(message: RpcMessage): Promise<RpcMessage | undefined> {
    const res = await fetch(endpoint, { method: 'POST', headers: headers(), body: JSON.stringify(message) });
    const text = await res.text();
    if (res.status === 202) return undefined;
    if (!res.ok) throw new RpcError(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    if (!sessionId) sessionId = res.headers.get('mcp-session-id') ?? '';
    if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      const { events } = splitEvents(text + '\n\n');
      for (const e of events) {
        const m = JSON.parse(e.data) as RpcMessage;
        if (m.id === message.id) return m;
      }
      throw new RpcError('the event stream ended without the answer');
    }
    return JSON.parse(text) as RpcMessage;
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
    stream = new AbortController();
    const res = await fetch(endpoint, {
      method: 'GET',
      headers: { ...headers(), accept: 'text/event-stream' },
      signal: stream.signal,
    });
    if (!res.ok) throw new RpcError(`GET stream: HTTP ${res.status}`);
    void res.body?.pipeTo(new WritableStream()).catch(() => {});
  }
  return {
    async request(method, params = {}) {
      return resultOf((await post({ jsonrpc: '2.0', id: nextId++, method, params } as RpcMessage))!);
    },
    async close() {
      stream?.abort();
      await fetch(endpoint, { method: 'DELETE', headers: headers() })
        .then((r) => r.arrayBuffer())
        .catch(() => {});
    },
  };
}

/** A legacy SSE session: the stream at `${base}/sse`, messages POSTed to the endpoint it names. */
export async function openSse(base: string, opts: { token?: string } = {}): Promise<RpcSession> {
  const abort = new AbortController();
  const res = await fetch(`${base}/sse`, {
    headers: { accept: 'text/event-stream', ...authHeaders(opts.token) },
    signal: abort.signal,
  });
  if (!res.ok || !res.body) throw new RpcError(`GET /sse: HTTP ${res.status}`);
  const pending = new Map<number, (m: RpcMessage) => void>();
  let closedWith: Error | undefined;
  const endpoint = new Promise<string>((resolveEndpoint, rejectEndpoint) => {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
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
        }
        closedWith = new RpcError('the SSE stream ended');
      } catch (err) {
        closedWith = err instanceof Error ? err : new Error(String(err));
      }
      rejectEndpoint(closedWith);
      for (const [id, resolve] of pending)
        resolve({ jsonrpc: '2.0', id, error: { code: -1, message: closedWith.message } });
      pending.clear();
    })();
  });
  const postUrl = await endpoint;
  let nextId = 1;
  async function send(message: RpcMessage): Promise<void> {
    const r = await fetch(postUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(opts.token) },
      body: JSON.stringify(message),
    });
    const text = await r.text();
    if (r.status !== 202) throw new RpcError(`POST message: HTTP ${r.status}: ${text.slice(0, 200)}`);
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
      abort.abort();
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

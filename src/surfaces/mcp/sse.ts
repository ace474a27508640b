/**
 * Legacy MCP over SSE (protocol 2024-11-05), still what some ChatGPT connector setups use:
 * `GET /sse` opens the event stream (first event `endpoint`), and the client POSTs its messages
 * to `/messages?sessionId=…`. A session lives as long as its stream; a comment line every 25 s
 * keeps proxies from cutting an idle stream.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { keepAlive, readRpcBody, rpcShapeProblem, sendRpcError } from './http-util.js';
import { sameCaller, type TransportDeps } from './streamable.js';

/** The SDK's SSE transport takes one message per POST (as protocol 2024-11-05 clients send them). */
const BATCH_REFUSED = 'Invalid Request: batches are not accepted here; POST one message at a time.';

export function createSseHandlers(deps: TransportDeps, messagesPath = '/messages') {
  async function openStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET')
      return sendRpcError(res, 405, -32000, 'Method not allowed: open the stream with GET.', { allow: 'GET' });
    const auth = await deps.auth.authenticate(req);
    if (!auth.ok) return sendRpcError(res, auth.status, -32001, auth.message, auth.headers);
    const transport = new SSEServerTransport(messagesPath, res);
    const id = transport.sessionId;
    keepAlive(res);
    transport.onclose = () => deps.sessions.remove(id);
    deps.sessions.add({
      id,
      kind: 'sse',
      callerId: auth.caller.callerId,
      transport,
      lastSeen: Date.now(),
      close: () => transport.close(),
    });
    const server = deps.makeServer(auth.caller);
    await server.connect(transport); // writes the headers and the `endpoint` event
  }

  async function postMessage(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST')
      return sendRpcError(res, 405, -32000, 'Method not allowed: POST messages.', { allow: 'POST' });
    const id = url.searchParams.get('sessionId') ?? '';
    const session = deps.sessions.get<SSEServerTransport>(id, 'sse');
    if (!session) return sendRpcError(res, 404, -32001, 'Session not found; open a new stream at /sse.');
    if (!(await sameCaller(deps, req, session.callerId))) {
      return sendRpcError(res, 403, -32000, 'This session belongs to another credential.');
    }
    const read = await readRpcBody(req, res);
    if (!read) return;
    const { body } = read;
    // The SDK answers a message it cannot read with `Invalid message: ${body}`: it would echo the
    // caller's data, and for a deeply nested body that string conversion overflows the stack.
    // Check the shape here and answer a JSON-RPC error instead.
    const problem = rpcShapeProblem(body) ?? (Array.isArray(body) ? BATCH_REFUSED : null);
    if (problem) return sendRpcError(res, 400, -32600, problem);
    deps.sessions.touch(session);
    // The message goes to the transport as the SDK's own POST handling would pass it (which checks
    // the shape once, with JSONRPCMessageSchema); its answer leaves on the event stream, so this
    // POST only says it was accepted.
    try {
      await session.transport.handleMessage(body as JSONRPCMessage, { requestInfo: { headers: req.headers } });
    } catch {
      return sendRpcError(res, 400, -32600, 'Invalid Request: not a JSON-RPC 2.0 request, notification or response.');
    }
    res.writeHead(202, { 'content-type': 'text/plain', 'content-length': 8 }).end('Accepted');
  }

  return { openStream, postMessage };
}

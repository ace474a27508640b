/**
 * MCP Streamable HTTP at `/mcp` (POST, GET, DELETE), stateful: an `initialize` POST without a
 * session opens one (new session server + transport, acting as the caller's credential) and the answer
 * carries `Mcp-Session-Id`; later requests name it. This is the wiring: reading and bounding the body,
 * finding the session and checking its credential. Our own transport (streamable-transport.ts, on
 * plain node:http) does the protocol: a JSON answer in one write unless something must be streamed
 * first, 202 for notifications, the GET stream, DELETE, Accept and protocol-version checks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Logger } from '../../capabilities/define.js';
import type { Authenticator, Caller } from './auth.js';
import { isInitialize, MAX_JSON_DEPTH, nestsDeeperThan, readRpcBody, sendRpcError } from './http-util.js';
import type { Sessions } from './sessions.js';
import { StreamableTransport } from './streamable-transport.js';

export interface TransportDeps {
  sessions: Sessions;
  auth: Authenticator;
  /** Builds the server of a new session acting as this caller. */
  makeServer(caller: Caller): Server;
  log: Logger;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Checks that a request for an existing session presents the credential that opened it. */
export async function sameCaller(deps: TransportDeps, req: IncomingMessage, callerId: string): Promise<boolean> {
  return (await deps.auth.presented(req))?.callerId === callerId;
}

export function createStreamableHandler(deps: TransportDeps) {
  async function open(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const auth = await deps.auth.authenticate(req);
    if (!auth.ok) return sendRpcError(res, auth.status, -32001, auth.message, auth.headers);
    const caller = auth.caller;
    const transport: StreamableTransport = new StreamableTransport({
      onsessioninitialized: (id) => {
        deps.sessions.add({
          id,
          kind: 'streamable',
          callerId: caller.callerId,
          transport,
          lastSeen: Date.now(),
          close: () => transport.close(),
        });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) deps.sessions.remove(transport.sessionId);
    };
    const server = deps.makeServer(caller);
    await server.connect(transport);
    transport.handleRequest(req, res, body);
    // An initialize the transport refused (bad Accept, a malformed message...) leaves no session: drop it.
    if (!transport.sessionId || !deps.sessions.get(transport.sessionId, 'streamable')) await server.close();
  }

  return async function handleMcp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = header(req, 'mcp-session-id');
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readRpcBody(req, res);
      if (!read) return;
      body = read.body;
      // The transport checks the JSON-RPC shape itself (without echoing); bound the nesting first.
      if (nestsDeeperThan(body)) {
        return sendRpcError(
          res,
          400,
          -32600,
          `Invalid Request: the message nests deeper than ${MAX_JSON_DEPTH} levels.`,
        );
      }
      if (!sessionId) {
        if (isInitialize(body)) return open(req, res, body);
        return sendRpcError(res, 400, -32000, 'Bad Request: no Mcp-Session-Id header; send initialize first.');
      }
    } else if (req.method !== 'GET' && req.method !== 'DELETE') {
      return sendRpcError(res, 405, -32000, 'Method not allowed.', { allow: 'GET, POST, DELETE' });
    }
    if (!sessionId) return sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required.');
    const session = deps.sessions.get<StreamableTransport>(sessionId, 'streamable');
    if (!session) return sendRpcError(res, 404, -32001, 'Session not found; initialize a new session.');
    if (!(await sameCaller(deps, req, session.callerId))) {
      return sendRpcError(res, 403, -32000, 'This session belongs to another credential.');
    }
    deps.sessions.touch(session);
    session.transport.handleRequest(req, res, body);
  };
}

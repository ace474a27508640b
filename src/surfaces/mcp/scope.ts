/**
 * The MCP session a request is served for. The request handlers are shared by every session of
 * the process (server.ts); each session server runs them with its own state in scope.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';

/** What a request handler knows of the session it serves. */
export interface McpSession {
  /** The session's own SDK server (client capabilities, elicitation). */
  server: Server;
  /** The Cway token the session acts with. */
  token: string;
}

export const inSession = new AsyncLocalStorage<McpSession>();

/** The session the current MCP request belongs to (set around every shared handler). */
export function currentSession(): McpSession {
  const s = inSession.getStore();
  if (!s) throw new Error('No MCP session in scope: the handler ran outside a session server.');
  return s;
}

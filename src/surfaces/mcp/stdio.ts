/**
 * MCP over stdio (Claude Desktop and other local clients): the SDK's serveStdio over the one
 * server factory, acting with the configured token. It serves either era on the connection.
 * stdout carries only protocol messages; logs and the banner go to stderr.
 */
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import type { Caller } from '../../auth/caller.js';
import type { McpSurface } from './server.js';

export interface StdioSession {
  /** Resolves when the client goes away (stdin ends) or close() is called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

export function runStdio(surface: McpSurface, caller: Caller): StdioSession {
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const handle = serveStdio(() => surface.buildServer(caller));
  process.stdin.once('end', () => resolveClosed());
  process.stdin.once('close', () => resolveClosed());
  return {
    closed,
    async close() {
      await handle.close();
      resolveClosed();
    },
  };
}

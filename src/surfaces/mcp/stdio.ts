/**
 * MCP over stdio (Claude Desktop and other local clients): one server acting with the configured
 * token. stdout carries only protocol messages; logs and the banner go to stderr.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Runtime } from '../../server.js';

export interface StdioSession {
  /** Resolves when the client goes away (stdin ends) or close() is called. */
  closed: Promise<void>;
  close(): Promise<void>;
}

export async function runStdio(runtime: Runtime): Promise<StdioSession> {
  if (!runtime.defaultToken) throw new Error('stdio mode needs CWAY_API_TOKEN (or demo mode).');
  const server = runtime.buildMcp(runtime.defaultToken);
  const transport = new StdioServerTransport();
  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  transport.onclose = () => resolveClosed();
  process.stdin.once('end', () => resolveClosed());
  await server.connect(transport);
  return {
    closed,
    async close() {
      await server.close();
      resolveClosed();
    },
  };
}

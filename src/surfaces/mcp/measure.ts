/**
 * Measures what a client receives from `tools/list` (count and JSON bytes) by asking a real
 * in-process client, so the number logged at start is the number a model pays for.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { buildMcpServer, type McpDeps } from './server.js';

export interface ToolsListSize {
  tools: number;
  /** The whole `tools/list` result as JSON. */
  bytes: number;
  /** Without output schemas: roughly what a model is shown (name, title, description, input schema, hints). */
  modelBytes: number;
}

export async function measureToolsList(deps: McpDeps): Promise<ToolsListSize> {
  if (deps.capabilities.length === 0) return { tools: 0, bytes: 12, modelBytes: 12 };
  const server = buildMcpServer(deps);
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'measure', version: '1' });
  try {
    await server.connect(a);
    await client.connect(b);
    const { tools } = await client.listTools();
    const withoutOutput = tools.map(({ outputSchema: _, ...rest }) => rest);
    return {
      tools: tools.length,
      bytes: Buffer.byteLength(JSON.stringify({ tools })),
      modelBytes: Buffer.byteLength(JSON.stringify({ tools: withoutOutput })),
    };
  } finally {
    await client.close();
    await server.close();
  }
}

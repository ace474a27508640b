/**
 * The `tools/list` a client gets for a set of capabilities, asked by a real MCP SDK client of an
 * in-process server built the way the product builds it. Nothing is called upstream (listing
 * tools needs no Cway), so the client points at an address nothing listens on.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import type { Capability, Logger } from '../../src/capabilities/define.js';
import { CwayClient } from '../../src/cway/client.js';
import { buildMcpServer } from '../../src/surfaces/mcp/server.js';
import { createConfirmationService } from '../../src/confirm/service.js';
import type { ListedTool } from './budget.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export async function listToolsOf(capabilities: readonly Capability[], registry?: readonly Capability[]) {
  const stateDir = mkdtempSync(join(tmpdir(), 'cway-mcp-list-'));
  const server = buildMcpServer({
    capabilities,
    registry,
    client: new CwayClient({ url: 'http://127.0.0.1:9/graphql' }),
    services: {
      apiUrl: 'http://127.0.0.1:9/graphql',
      sandbox: true,
      webBaseUrl: 'https://app.cway.se',
      confirmations: createConfirmationService({ dir: stateDir }),
    },
    log: quiet,
    token: 'listing-only',
  });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'tools-list-budget', version: '1' });
  try {
    await server.connect(a);
    await client.connect(b);
    const { tools } = await client.listTools();
    return tools as ListedTool[];
  } finally {
    await client.close();
    await server.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

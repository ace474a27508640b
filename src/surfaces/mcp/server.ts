/**
 * capabilities -> McpServer. One factory; the same server shape is handed to stdio,
 * Streamable HTTP and legacy SSE (one server per session). Tools are a loop over the registry
 * (tools.ts); resources and prompts sit beside it; errors are mapped once (toolError).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CwayClient } from '../../cway/client.js';
import type { Capability, Logger, Toolset } from '../../capabilities/define.js';
import type { Services } from '../../capabilities/services.js';
import { VERSION } from '../../config.js';
import { buildInstructions } from './instructions.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { DEFAULT_TOOLSETS } from './select.js';
import { registerTools } from './tools.js';

export { toolError } from './tools.js';

export interface McpDeps {
  /** The capabilities served as tools (already filtered by toolsets and read-only mode). */
  capabilities: readonly Capability[];
  /** The whole registry, for resources and completions (default: `capabilities`). */
  registry?: readonly Capability[];
  client: CwayClient;
  services: Services;
  log: Logger;
  /** The Cway token this MCP session acts with. */
  token: string;
  now?: () => Date;
  /** Toolsets served, for the instructions (default: those of `capabilities`). */
  toolsets?: readonly Toolset[];
  readOnly?: boolean;
  /** Cap on a result's JSON text (default 100,000 characters). */
  maxResultChars?: number;
  /** Serve tools/list from a per-capability cache (default true; false = the SDK's own listing). */
  cacheToolsList?: boolean;
}

export function buildMcpServer(deps: McpDeps): McpServer {
  const toolsets = deps.toolsets ?? [...new Set(deps.capabilities.map((c) => c.toolset))];
  const server = new McpServer(
    { name: 'cway-mcp', title: 'Cway', version: VERSION },
    {
      capabilities: { logging: {} },
      instructions: buildInstructions({
        toolsets: toolsets.length ? toolsets : DEFAULT_TOOLSETS,
        readOnly: deps.readOnly ?? false,
        sandbox: deps.services.sandbox,
      }),
    },
  );
  registerTools(server, deps, { cacheList: deps.cacheToolsList });
  registerResources(server, deps);
  registerPrompts(server);
  return server;
}

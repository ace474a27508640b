/**
 * capabilities -> McpServer. One factory; the same server shape is handed to stdio,
 * Streamable HTTP and legacy SSE. Tools are a loop over the registry; errors are mapped once.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { CwayClient } from '../../cway/client.js';
import type { Capability, Logger } from '../../capabilities/define.js';
import { makeContext } from '../../capabilities/context.js';
import type { Services } from '../../capabilities/services.js';
import { DEFAULT_HINTS, toCapabilityError } from '../../errors.js';

export interface McpDeps {
  capabilities: readonly Capability[];
  client: CwayClient;
  services: Services;
  log: Logger;
  /** The Cway token this MCP session acts with. */
  token: string;
  now?: () => Date;
}

export function toolError(err: unknown): CallToolResult {
  const e = toCapabilityError(err);
  const lines = [`Error (${e.code}): ${e.message}`];
  if (e.details.field) lines.push(`Field: ${e.details.field}`);
  if (e.details.candidates?.length) lines.push(`Candidates: ${e.details.candidates.join(', ')}`);
  if (e.details.retryAfterSeconds !== undefined) lines.push(`Retry after: ${e.details.retryAfterSeconds} s`);
  lines.push(`Next: ${e.details.hint ?? DEFAULT_HINTS[e.code]}`);
  return { isError: true, content: [{ type: 'text', text: lines.join('\n') }] };
}

export function buildMcpServer(deps: McpDeps): McpServer {
  const server = new McpServer({ name: 'cway-mcp', version: '0.1.0' }, { capabilities: { logging: {} } });
  for (const cap of deps.capabilities) {
    server.registerTool(
      cap.name,
      {
        title: cap.title,
        description: cap.description,
        inputSchema: cap.input,
        outputSchema: cap.output,
        annotations: { title: cap.title, ...cap.hints },
      },
      async (args: unknown, extra): Promise<CallToolResult> => {
        const ctx = makeContext({
          client: deps.client,
          token: deps.token,
          services: deps.services,
          log: deps.log,
          signal: extra.signal,
          now: deps.now,
        });
        try {
          const result = (await cap.handler(args as never, ctx)) as Record<string, unknown>;
          return { structuredContent: result, content: [{ type: 'text', text: JSON.stringify(result) }] };
        } catch (err) {
          return toolError(err);
        }
      },
    );
  }
  return server;
}

/**
 * The one MCP server factory. `createMcpSurface` does the per-process work once (tool list
 * entries and their schemas, instructions, the request-state codec); `buildServer(caller)` then
 * makes the cheap per-request (or per-session) McpServer that every transport serves: stdio,
 * Streamable HTTP in both protocol eras, and legacy SSE. The caller is passed in explicitly: every
 * capability context is built from it, never from ambient state.
 *
 * Tools are answered by our own `tools/list` and `tools/call` handlers on the server's low-level
 * `server` (the SDK's documented escape hatch for a tool set computed from an external registry):
 * the list is prebuilt and shared, and calls go through the one capability pipeline. Resources,
 * prompts and completions use McpServer's own registration.
 */
import { createRequestStateCodec, McpServer, type ServerContext } from '@modelcontextprotocol/server';
import { callerOf, type Caller } from '../../auth/caller.js';
import type { Capability, CapabilityContext, Logger, Toolset } from '../../capabilities/define.js';
import { makeContext } from '../../capabilities/context.js';
import type { Services } from '../../capabilities/services.js';
import { MAX_RESULT_CHARS } from '../../capabilities/fit.js';
import { VERSION } from '../../config.js';
import type { CwayClient } from '../../cway/client.js';
import { buildInstructions } from './instructions.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { callTool, toolCatalog, type ConfirmState, type ToolCatalog } from './tools.js';

export { toolError } from './tools.js';

export const SERVER_INFO = { name: 'cway-mcp', title: 'Cway', version: VERSION };

/** How long a confirmation asked through `input_required` may wait for the person. */
const CONFIRM_STATE_TTL_SECONDS = 5 * 60;
/** A completion callback's own deadline (it gets no request signal). */
const BACKGROUND_DEADLINE_MS = 10_000;

export interface McpSurfaceDeps {
  /** The capabilities served as tools (profile, toolsets and read-only mode applied). */
  capabilities: readonly Capability[];
  /** The whole registry (read-only mode applied), for resources and completions. */
  registry?: readonly Capability[];
  client: CwayClient;
  services: Services;
  log: Logger;
  now?: () => Date;
  /** Toolsets served, for the instructions (default: those of `capabilities`). */
  toolsets?: readonly Toolset[];
  readOnly?: boolean;
  /** Cap on a result's JSON text (default 100,000 characters). */
  maxResultChars?: number;
}

export interface McpSurface {
  catalog: ToolCatalog;
  /** A fresh McpServer acting as `caller`; cheap, so transports build one per request or session. */
  buildServer(caller: Caller): McpServer;
}

/** Form elicitation is declared as `elicitation: {}` (2025-06-18) or with a `form` member. */
function declaresForm(elicitation: unknown): boolean {
  if (!elicitation || typeof elicitation !== 'object') return false;
  return Object.keys(elicitation).length === 0 || 'form' in elicitation;
}

export function createMcpSurface(deps: McpSurfaceDeps): McpSurface {
  const catalog = toolCatalog(deps.capabilities);
  const registry = deps.registry ?? deps.capabilities;
  const toolsets = deps.toolsets ?? [...new Set(deps.capabilities.map((c) => c.toolset))];
  const instructions = buildInstructions({
    toolsets,
    readOnly: deps.readOnly ?? false,
    sandbox: deps.services.sandbox,
  });
  const codec = createRequestStateCodec<ConfirmState>({
    key: deps.services.confirmations.stateKey,
    ttlSeconds: CONFIRM_STATE_TTL_SECONDS,
  });
  const maxResultChars = deps.maxResultChars ?? MAX_RESULT_CHARS;

  function buildServer(caller: Caller): McpServer {
    const mcp = new McpServer(SERVER_INFO, {
      capabilities: { tools: {}, logging: {} },
      instructions,
      requestState: { verify: codec.verify },
    });

    const contextFor = (ctx: ServerContext, askUser?: CapabilityContext['askUser']): CapabilityContext => {
      const progressToken = ctx.mcpReq._meta?.progressToken;
      let last = -Infinity;
      return makeContext({
        client: deps.client,
        token: caller.token,
        services: deps.services,
        log: deps.log,
        signal: ctx.mcpReq.signal,
        now: deps.now,
        askUser,
        progress:
          progressToken === undefined
            ? undefined
            : (done, total, message) => {
                if (done <= last) return; // progress must increase
                last = done;
                ctx.mcpReq
                  .notify({
                    method: 'notifications/progress',
                    params: {
                      progressToken,
                      progress: done,
                      ...(total !== undefined ? { total } : {}),
                      ...(message ? { message } : {}),
                    },
                  })
                  .catch(() => {});
              },
      });
    };

    mcp.server.setRequestHandler('tools/list', () => ({ tools: catalog.list }));
    mcp.server.setRequestHandler('tools/call', async (request, ctx) =>
      callTool(catalog, request.params.name, request.params.arguments, {
        context: (askUser) => contextFor(ctx, askUser),
        // Both eras: the envelope's capabilities under 2026-07-28, the initialize ones in a session.
        canElicit: declaresForm(mcp.server.getClientCapabilities()?.elicitation),
        inputResponses: ctx.mcpReq.inputResponses,
        state: ctx.mcpReq.requestState<ConfirmState>(),
        codec,
        callerId: caller.callerId,
        maxResultChars,
      }),
    );
    registerResources(mcp, {
      registry,
      contextFor: (ctx) => contextFor(ctx),
      backgroundContext: () =>
        makeContext({
          client: deps.client,
          token: caller.token,
          services: deps.services,
          log: deps.log,
          signal: AbortSignal.timeout(BACKGROUND_DEADLINE_MS),
          now: deps.now,
        }),
    });
    registerPrompts(mcp);
    return mcp;
  }

  return { catalog, buildServer };
}

export interface McpDeps extends McpSurfaceDeps {
  /** The Cway token the server acts with. */
  token: string;
}

/** A server for one token (builds the per-process part too): tests, measurements, one-off use. */
export function buildMcpServer(deps: McpDeps): McpServer {
  return createMcpSurface(deps).buildServer(callerOf(deps.token, 'default'));
}

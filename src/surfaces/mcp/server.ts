/**
 * capabilities -> MCP. The tools, resources, prompts and completions are registered ONCE per
 * process (createMcpCore: an McpServer that is never connected, whose request handlers are kept);
 * each session (stdio, Streamable HTTP, legacy SSE) gets a low-level SDK `Server` whose handlers are
 * those shared ones, run with the session's own state (its Cway token and its Server, for client
 * capabilities and elicitation) in scope. A session then costs a Server and a few closures instead
 * of a registry of every tool. Tools are a loop over the registry (tools.ts); errors are mapped
 * once (toolError).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
  jsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';
import type { CwayClient } from '../../cway/client.js';
import type { Capability, Logger, Toolset } from '../../capabilities/define.js';
import type { Services } from '../../capabilities/services.js';
import { VERSION } from '../../config.js';
import { buildInstructions } from './instructions.js';
import { registerPrompts } from './prompts.js';
import { registerResources } from './resources.js';
import { DEFAULT_TOOLSETS } from './select.js';
import { inSession, type McpSession } from './scope.js';
import { registerTools, type Extra } from './tools.js';

export { toolError } from './tools.js';
export { currentSession, type McpSession } from './scope.js';

/** What the shared part of the MCP surface needs (everything but a session's token). */
export interface McpCoreDeps {
  /** The capabilities served as tools (already filtered by toolsets and read-only mode). */
  capabilities: readonly Capability[];
  /** The whole registry, for resources and completions (default: `capabilities`). */
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
  /** Serve tools/list from a per-capability cache (default true; false = the SDK's own listing). */
  cacheToolsList?: boolean;
}

export interface McpDeps extends McpCoreDeps {
  /** The Cway token this MCP session acts with. */
  token: string;
}

export interface McpCore {
  /** A new session server acting with `token`. */
  session(token: string): Server;
}

type SharedHandler = (request: unknown, extra: Extra) => unknown;

/** The base class's handler installer (see McpCore.session). */
const installHandler = Protocol.prototype.setRequestHandler as Server['setRequestHandler'];

/**
 * One Ajv for the process (the SDK would build one, with its formats, per session): it validates
 * elicitation answers. Validators are kept per distinct schema, a bounded number of them.
 */
class SharedSchemaValidator implements jsonSchemaValidator {
  private ajv = new AjvJsonSchemaValidator();
  private readonly compiled = new Map<string, JsonSchemaValidator<unknown>>();

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    const key = JSON.stringify(schema);
    let v = this.compiled.get(key);
    if (!v) {
      if (this.compiled.size >= 200) {
        this.compiled.clear();
        this.ajv = new AjvJsonSchemaValidator(); // Ajv keeps every schema it compiled: start afresh
      }
      v = this.ajv.getValidator<unknown>(schema);
      this.compiled.set(key, v);
    }
    return v as JsonSchemaValidator<T>;
  }
}

export function createMcpCore(deps: McpCoreDeps): McpCore {
  const toolsets = deps.toolsets ?? [...new Set(deps.capabilities.map((c) => c.toolset))];
  const info = { name: 'cway-mcp', title: 'Cway', version: VERSION };
  const instructions = buildInstructions({
    toolsets: toolsets.length ? toolsets : DEFAULT_TOOLSETS,
    readOnly: deps.readOnly ?? false,
    sandbox: deps.services.sandbox,
  });
  // The registry server: never connected; the request handlers it installs are collected.
  const registry = new McpServer(info, { capabilities: { logging: {} }, instructions });
  const inner = registry.server;
  const handlers = new Map<unknown, SharedHandler>();
  const install = inner.setRequestHandler.bind(inner);
  inner.setRequestHandler = ((schema: Parameters<typeof install>[0], handler: SharedHandler) => {
    handlers.set(schema, handler);
    return install(schema, handler as never);
  }) as typeof inner.setRequestHandler;
  try {
    registerTools(registry, deps, { cacheList: deps.cacheToolsList });
    registerResources(registry, deps);
    registerPrompts(registry);
  } finally {
    delete (inner as { setRequestHandler?: unknown }).setRequestHandler; // back to the prototype's
  }
  // What registering declared (tools, resources, prompts, completions, logging): the sessions
  // declare the same. (getCapabilities is public at run time, private in the SDK's typings.)
  const capabilities = (inner as unknown as { getCapabilities(): ServerCapabilities }).getCapabilities();
  const jsonSchemaValidator = new SharedSchemaValidator();

  return {
    session(token) {
      const server = new Server(info, { capabilities, instructions, jsonSchemaValidator });
      const state: McpSession = { server, token };
      for (const [schema, handler] of handlers) {
        // Installed as the base Protocol installs handlers (which parse the request with its schema):
        // the Server's own override would, for tools/call, parse the request a second time and the
        // result once more, a result our tools/call handler has already built in the checked form.
        installHandler.call(
          server,
          schema as never,
          ((request: unknown, extra: Extra) => inSession.run(state, () => handler(request, extra))) as never,
        );
      }
      return server;
    },
  };
}

/** A session server for one token (builds the shared part too; a process builds that once). */
export function buildMcpServer(deps: McpDeps): Server {
  return createMcpCore(deps).session(deps.token);
}

/**
 * Capabilities -> MCP tools: one loop over the served capabilities. Each call gets a context with
 * the session's Cway token, the client's cancellation signal, progress notifications when the
 * client asked for them, and elicitation when the client supports it. Results are structured JSON
 * (structuredContent plus the same JSON as text), cut to size; failures are isError results.
 */
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { toJsonSchemaCompat } from '@modelcontextprotocol/sdk/server/zod-json-schema-compat.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Capability, CapabilityContext, ElicitResult } from '../../capabilities/define.js';
import { checkOutput, makeContext } from '../../capabilities/context.js';
import { CapabilityError, DEFAULT_HINTS, fieldErrorsOf, toCapabilityError } from '../../errors.js';
import { newRequestId, withLogContext } from '../../logging.js';
import { fitResult, hasArray, MAX_RESULT_CHARS, TRUNCATED_KEY } from './fit.js';
import { currentSession } from './scope.js';
import type { McpCoreDeps } from './server.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** How long a confirmation form may wait for the person (matches the confirmation token's life). */
const ELICIT_TIMEOUT_MS = 5 * 60_000;

export function toolError(err: unknown): CallToolResult {
  const e = toCapabilityError(err);
  const lines = [`Error (${e.code}): ${e.message}`];
  if (e.details.field) lines.push(`Field: ${e.details.field}`);
  if (e.details.candidates?.length) lines.push(`Candidates: ${e.details.candidates.join(', ')}`);
  if (e.details.retryAfterSeconds !== undefined) lines.push(`Retry after: ${e.details.retryAfterSeconds} s`);
  lines.push(`Next: ${e.details.hint ?? DEFAULT_HINTS[e.code]}`);
  return { isError: true, content: [{ type: 'text', text: lines.join('\n') }] };
}

/** The key a capability's results carry their truncation note under. */
export function truncationKey(cap: Capability): string {
  return TRUNCATED_KEY in cap.output.shape ? 'resultTruncated' : TRUNCATED_KEY;
}

const published = new WeakMap<Capability, z.ZodObject>();

/**
 * The output schema as published: the capability's own, plus the truncation note where lists can
 * be cut. Computed once per capability (every session registers every tool).
 */
export function publishedOutput(cap: Capability): z.ZodObject {
  let schema = published.get(cap);
  if (!schema) published.set(cap, (schema = withTruncationNote(cap)));
  return schema;
}

function withTruncationNote(cap: Capability): z.ZodObject {
  let json: unknown;
  try {
    json = z.toJSONSchema(cap.output, { io: 'output', unrepresentable: 'any' });
  } catch {
    json = { type: 'array' }; // cannot tell: assume it may need cutting
  }
  if (!hasArray(json)) return cap.output;
  return cap.output.extend({
    [truncationKey(cap)]: z
      .string()
      .optional()
      .describe('Present only when the result was cut to fit; says what was left out and how to get the rest.'),
  });
}

/**
 * Builds a handler's context for one MCP request (tools and resources alike), acting with the
 * token of the session the request came in on.
 */
export function contextFor(deps: McpCoreDeps, extra: Extra): CapabilityContext {
  const { server, token } = currentSession();
  const progressToken = extra._meta?.progressToken;
  let last = -Infinity;
  const progress =
    progressToken === undefined
      ? undefined
      : (done: number, total?: number, message?: string) => {
          if (done <= last) return; // progress must increase
          last = done;
          extra
            .sendNotification({
              method: 'notifications/progress',
              params: {
                progressToken,
                progress: done,
                ...(total !== undefined ? { total } : {}),
                ...(message ? { message } : {}),
              },
            })
            .catch(() => {});
        };
  const elicitation = server.getClientCapabilities()?.elicitation as Record<string, unknown> | undefined;
  const formSupported = elicitation !== undefined && (Object.keys(elicitation).length === 0 || 'form' in elicitation);
  const elicit = formSupported
    ? async (message: string, requestedSchema: Record<string, unknown>): Promise<ElicitResult> => {
        const r = await server.elicitInput(
          { mode: 'form', message, requestedSchema: requestedSchema as never },
          { relatedRequestId: extra.requestId, signal: extra.signal, timeout: ELICIT_TIMEOUT_MS },
        );
        return { action: r.action, content: r.content as Record<string, unknown> | undefined };
      }
    : undefined;
  return makeContext({
    client: deps.client,
    token,
    services: deps.services,
    log: deps.log,
    signal: extra.signal,
    now: deps.now,
    progress,
    elicit,
  });
}

/**
 * A result that is a picture (an image `mimeType` beside its `svg` markup, as the dashboard chart
 * returns) is also sent as an MCP image item, so clients that render images show it.
 */
function pictureOf(result: Record<string, unknown>): CallToolResult['content'][number] | undefined {
  const { mimeType, svg } = result;
  if (typeof mimeType !== 'string' || !mimeType.startsWith('image/') || typeof svg !== 'string') return undefined;
  return { type: 'image', mimeType, data: Buffer.from(svg, 'utf8').toString('base64') };
}

/** A served tool: its capability, its published output schema and where a truncation note goes. */
interface ServedTool {
  cap: Capability;
  output: z.ZodObject;
  noteKey: string | null;
}

/** An input the tool's schema refuses, as one error naming every field at fault (up to ten). */
function invalidArguments(cap: Capability, error: z.ZodError): CapabilityError {
  const issues = fieldErrorsOf(error.issues, 10, '(arguments)');
  return new CapabilityError(
    'invalid_input',
    `Invalid arguments for ${cap.name}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}.`,
    { field: issues[0]?.field },
  );
}

/**
 * Runs one capability for an MCP call and shapes its answer; never throws. The arguments are
 * checked with the capability's input schema and the result with its published output schema, so
 * both failures come back in the same `Error (code) … Next: …` form as every other.
 */
async function runTool(tool: ServedTool, args: unknown, deps: McpCoreDeps, extra: Extra): Promise<CallToolResult> {
  const { cap, noteKey } = tool;
  const started = performance.now();
  const fields = {
    reqId: newRequestId(),
    tool: cap.name,
    rpcId: extra.requestId,
    session: extra.sessionId?.slice(0, 8),
  };
  return withLogContext(fields, async () => {
    let outcome = 'ok';
    let code: string | undefined;
    try {
      const input = cap.input.safeParse(args ?? {});
      if (!input.success) throw invalidArguments(cap, input.error);
      const result = (await cap.handler(input.data as never, contextFor(deps, extra))) as Record<string, unknown>;
      const fitted = fitResult(result, deps.maxResultChars ?? MAX_RESULT_CHARS);
      if (fitted.note) {
        outcome = 'truncated';
        if (noteKey) fitted.value[noteKey] = fitted.note;
      }
      checkOutput(cap, tool.output, fitted.value, deps.log);
      const text = fitted.note || fitted.text === undefined ? JSON.stringify(fitted.value) : fitted.text;
      const content: CallToolResult['content'] = [{ type: 'text', text }];
      if (fitted.note && !noteKey) content.push({ type: 'text', text: fitted.note });
      const picture = pictureOf(result);
      if (picture) content.push(picture);
      return { structuredContent: fitted.value, content };
    } catch (err) {
      const e = toCapabilityError(err);
      outcome = 'error';
      code = e.code;
      if (!(err instanceof CapabilityError)) deps.log.error({ err }, 'tool failed unexpectedly');
      return toolError(e);
    } finally {
      deps.log.info({ ms: Math.round(performance.now() - started), outcome, code }, 'tool call');
    }
  });
}

const listed = new WeakMap<Capability, Tool>();

/**
 * A tool's `tools/list` entry, converted from zod once per capability and reused by every
 * session (the conversion costs about a millisecond per tool, on every list). The same fields and
 * options as the SDK's own listing; test/mcp-features.test.ts checks the two stay equal.
 */
function listEntry(cap: Capability, tool: RegisteredTool): Tool {
  let entry = listed.get(cap);
  if (!entry) {
    entry = {
      name: cap.name,
      title: tool.title,
      description: tool.description,
      inputSchema: toJsonSchemaCompat(cap.input, { strictUnions: true, pipeStrategy: 'input' }) as Tool['inputSchema'],
      annotations: tool.annotations,
      execution: tool.execution,
      _meta: tool._meta,
      outputSchema: toJsonSchemaCompat(publishedOutput(cap), {
        strictUnions: true,
        pipeStrategy: 'output',
      }) as Tool['outputSchema'],
    };
    listed.set(cap, entry);
  }
  return entry;
}

/**
 * Registers every served capability as a tool. The SDK's McpServer keeps the definitions (its own
 * listing stays available for comparison), but `tools/call` is answered by our handler: one lookup,
 * our input and output checks and our error form (the SDK's handler would check both again and
 * word its validation errors its own way). `tools/list` is served from a per-capability cache.
 */
export function registerTools(server: McpServer, deps: McpCoreDeps, opts: { cacheList?: boolean } = {}): void {
  const registered: [Capability, RegisteredTool][] = [];
  const served = new Map<string, ServedTool>();
  for (const cap of deps.capabilities) {
    const output = publishedOutput(cap);
    const tool: ServedTool = { cap, output, noteKey: output === cap.output ? null : truncationKey(cap) };
    const entry = server.registerTool(
      cap.name,
      {
        title: cap.title,
        description: cap.description,
        inputSchema: cap.input,
        outputSchema: output,
        annotations: { title: cap.title, ...cap.hints },
      },
      (args: unknown, extra: Extra) => runTool(tool, args, deps, extra),
    );
    registered.push([cap, entry]);
    served.set(cap.name, tool);
  }
  if (registered.length === 0) return;
  server.server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const tool = served.get(request.params.name);
    if (!tool) {
      return toolError(
        new CapabilityError('not_found', `No tool is named ${JSON.stringify(request.params.name.slice(0, 100))}.`, {
          hint: 'Call tools/list for the tools this server offers (toolsets and read-only mode narrow them).',
        }),
      );
    }
    return runTool(tool, request.params.arguments, deps, extra);
  });
  if (opts.cacheList !== false) {
    server.server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: registered.filter(([, t]) => t.enabled).map(([cap, t]) => listEntry(cap, t)),
    }));
  }
}

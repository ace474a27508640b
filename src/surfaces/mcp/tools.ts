/**
 * Capabilities as MCP tools. The list entries are built once per capability (our one JSON Schema
 * converter) and shared by every server instance; `tools/call` runs the capability through the one
 * pipeline (src/capabilities/run.ts) and words the answer: structuredContent plus the same JSON as
 * text, or an `isError` result in our `Error (code) … Next: …` form. A destructive capability that
 * needs the person's go-ahead, on a client that can show a form, becomes an `input_required`
 * result; the SDK carries it to 2025 sessions as an elicitation request.
 */
import {
  acceptedContent,
  inputRequired,
  inputResponse,
  type CallToolResult,
  type InputRequiredResult,
  type RequestStateCodec,
  type Tool,
} from '@modelcontextprotocol/server';
import type { AskUser, Capability, CapabilityContext, ConfirmationSubject } from '../../capabilities/define.js';
import { CONFIRM_SCHEMA, NeedsConfirmation } from '../../capabilities/confirmation.js';
import { jsonSchemaOf } from '../../capabilities/json-schema.js';
import { publishedOutput, runCapability } from '../../capabilities/run.js';
import { CapabilityError, DEFAULT_HINTS, toCapabilityError } from '../../errors.js';
import { newRequestId, withLogContext } from '../../logging.js';

/** The answer key of the confirmation form inside `inputRequests` / `inputResponses`. */
const CONFIRM_KEY = 'confirm';

/** What a confirmation's signed `requestState` carries: the exact action, targets and caller asked about. */
export interface ConfirmState {
  action: string;
  targets: string[];
  callerId: string;
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

/** The served tools: their list (built once) and a lookup by name. */
export interface ToolCatalog {
  list: Tool[];
  byName: Map<string, Capability>;
}

const entries = new WeakMap<Capability, Tool>();

function listEntry(cap: Capability): Tool {
  let entry = entries.get(cap);
  if (!entry) {
    entry = {
      name: cap.name,
      title: cap.title,
      description: cap.description,
      inputSchema: jsonSchemaOf(cap.input, 'input') as Tool['inputSchema'],
      outputSchema: jsonSchemaOf(publishedOutput(cap).schema, 'output') as Tool['outputSchema'],
      annotations: { title: cap.title, ...cap.hints },
    };
    entries.set(cap, entry);
  }
  return entry;
}

export function toolCatalog(capabilities: readonly Capability[]): ToolCatalog {
  return { list: capabilities.map(listEntry), byName: new Map(capabilities.map((c) => [c.name, c])) };
}

/**
 * A picture result (an image `mimeType` beside its `svg` markup or base64 `png`, as the dashboard
 * chart returns) is also sent as an MCP image item, so clients that render images show it.
 */
function pictureOf(result: Record<string, unknown>): CallToolResult['content'][number] | undefined {
  const { mimeType, svg, png } = result;
  if (typeof png === 'string') return { type: 'image', mimeType: 'image/png', data: png };
  if (typeof mimeType !== 'string' || !mimeType.startsWith('image/') || typeof svg !== 'string') return undefined;
  return { type: 'image', mimeType, data: Buffer.from(svg, 'utf8').toString('base64') };
}

/** What one tools/call brings besides the arguments: the per-request pieces the context needs. */
export interface CallScope {
  /** Builds the capability context (the call sets `askUser` on it when the client can show a form). */
  context(askUser: AskUser | undefined): CapabilityContext;
  /** Whether the client declared form elicitation (from the request envelope or the session). */
  canElicit: boolean;
  inputResponses: Record<string, unknown> | undefined;
  /** The verified confirmation state echoed by the client, if any. */
  state: ConfirmState | undefined;
  codec: RequestStateCodec<ConfirmState>;
  callerId: string;
  maxResultChars: number;
}

const sameSubject = (s: ConfirmState | undefined, subject: ConfirmationSubject, callerId: string) =>
  s !== undefined &&
  s.callerId === callerId &&
  s.action === subject.action &&
  s.targets.length === subject.targets.length &&
  s.targets.every((t, i) => t === subject.targets[i]);

/**
 * The person's answer, as the retried request carries it: accepted only when the form was accepted
 * with the box ticked AND the signed state names this very action, these targets and this caller
 * (so an answer cannot be replayed onto another action).
 */
function askUserFor(scope: CallScope): AskUser {
  return {
    answer(subject) {
      if (!sameSubject(scope.state, subject, scope.callerId)) return 'unasked';
      const view = inputResponse(scope.inputResponses, CONFIRM_KEY);
      if (view.kind === 'elicit' && view.action !== 'accept') return 'declined';
      const content = acceptedContent<{ confirm?: unknown }>(scope.inputResponses, CONFIRM_KEY);
      if (content === undefined) return 'unasked';
      return content.confirm === true ? 'accepted' : 'declined';
    },
  };
}

/**
 * Runs one tools/call and logs one line for it (request id, tool, duration, outcome, error code);
 * the Cway calls it makes log under the same request id.
 */
export function callTool(
  catalog: ToolCatalog,
  name: string,
  args: unknown,
  scope: CallScope,
): Promise<CallToolResult | InputRequiredResult> {
  return withLogContext({ reqId: newRequestId(), tool: name }, async () => {
    const started = performance.now();
    const { result, outcome, code, log } = await answerCall(catalog, name, args, scope);
    log.info({ ms: Math.round(performance.now() - started), outcome, code }, 'tool call');
    return result;
  });
}

interface Answered {
  result: CallToolResult | InputRequiredResult;
  outcome: 'ok' | 'truncated' | 'error' | 'input_required';
  code?: string;
  log: CapabilityContext['log'];
}

async function answerCall(catalog: ToolCatalog, name: string, args: unknown, scope: CallScope): Promise<Answered> {
  const ctx = scope.context(undefined);
  const cap = catalog.byName.get(name);
  if (!cap) {
    const err = new CapabilityError('not_found', `No tool is named ${JSON.stringify(name.slice(0, 100))}.`, {
      hint: 'Call tools/list for the tools this server offers (the profile and read-only mode narrow them).',
    });
    return { result: toolError(err), outcome: 'error', code: err.code, log: ctx.log };
  }
  if (scope.canElicit) ctx.askUser = askUserFor(scope);
  try {
    const run = await runCapability(cap, args, ctx, { maxChars: scope.maxResultChars });
    const picture = pictureOf(run.value);
    // A picture travels once, as an image item: its markup and base64 stay out of the text copy
    // a model reads (structuredContent still has them, as the output schema says).
    const text = picture ? JSON.stringify({ ...run.value, png: undefined, svg: undefined }) : run.text;
    const content: CallToolResult['content'] = [{ type: 'text', text }];
    if (run.note && !run.noteKey) content.push({ type: 'text', text: run.note });
    if (picture) content.push(picture);
    return { result: { structuredContent: run.value, content }, outcome: run.note ? 'truncated' : 'ok', log: ctx.log };
  } catch (err) {
    if (err instanceof NeedsConfirmation) {
      const state: ConfirmState = { ...err.subject, callerId: scope.callerId };
      const result = inputRequired({
        inputRequests: {
          [CONFIRM_KEY]: inputRequired.elicit({ message: err.question, requestedSchema: CONFIRM_SCHEMA as never }),
        },
        requestState: await scope.codec.mint(state),
      });
      return { result, outcome: 'input_required', log: ctx.log };
    }
    if (!(err instanceof CapabilityError)) ctx.log.error({ err, tool: name }, 'tool failed unexpectedly');
    return { result: toolError(err), outcome: 'error', code: toCapabilityError(err).code, log: ctx.log };
  }
}

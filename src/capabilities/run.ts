/**
 * The one way to run a capability, used by every surface (MCP tools and resources, REST):
 *
 *   1. parse the raw input with the capability's input schema (one error shape, naming each field);
 *   2. run the handler;
 *   3. cut the result to size (one algorithm; the limit is the surface's);
 *   4. check the result against the output schema the surface publishes.
 *
 * A surface only words the answer and maps errors. Failures are thrown as CapabilityErrors (or a
 * NeedsConfirmation, which only a surface that can ask the person ever causes). Every run is
 * counted and timed for /metrics (src/metrics), by capability, surface and outcome.
 */
import { z } from 'zod';
import { CapabilityError, fieldErrorsOf } from '../errors.js';
import type { Capability, CapabilityContext } from './define.js';
import { fitResult, hasArray, MAX_RESULT_CHARS, TRUNCATED_KEY } from './fit.js';
import { jsonSchemaOf } from './json-schema.js';
import { observeCapability, outcomeOf, type Surface } from '../metrics/metrics.js';
import { defaultArtworkIndexCache } from './search/artwork-index.js';

/** At most this many fields are named in one invalid-input error. */
const MAX_FIELD_ERRORS = 20;

export interface RunOptions {
  /** Cap on the result's JSON text, in characters (default 100,000). */
  maxChars?: number;
  /** Which surface runs it, for the metrics (default mcp). */
  surface?: Surface;
}

export interface RunResult {
  /** The result, cut to size, checked against the published output schema. */
  value: Record<string, unknown>;
  /** The value's JSON text. */
  text: string;
  /** Set when something was cut: what was left out and how to get the rest. */
  note?: string;
  /** Where the note sits inside `value`; null when the output has no place for it (no lists). */
  noteKey: string | null;
}

const published = new WeakMap<Capability, { schema: z.ZodObject; noteKey: string | null }>();

/**
 * The output schema as published: the capability's own, plus an optional truncation note where
 * the result holds lists that can be cut. Built once per capability.
 */
export function publishedOutput(cap: Capability): { schema: z.ZodObject; noteKey: string | null } {
  let p = published.get(cap);
  if (!p) {
    if (!hasArray(jsonSchemaOf(cap.output, 'output'))) p = { schema: cap.output, noteKey: null };
    else {
      const noteKey = TRUNCATED_KEY in cap.output.shape ? 'resultTruncated' : TRUNCATED_KEY;
      const schema = cap.output.extend({
        [noteKey]: z
          .string()
          .optional()
          .describe('Present only when the result was cut to fit; says what was left out and how to get the rest.'),
      });
      p = { schema, noteKey };
    }
    published.set(cap, p);
  }
  return p;
}

/** An input the capability's schema refuses: one error naming every field at fault. */
export function invalidInput(cap: Capability, error: z.ZodError): CapabilityError {
  const fields = fieldErrorsOf(error.issues, MAX_FIELD_ERRORS, '(input)');
  return new CapabilityError(
    'invalid_input',
    `Invalid input for ${cap.name}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}.`,
    { field: fields[0]?.field, fields },
  );
}

export async function runCapability(
  cap: Capability,
  rawInput: unknown,
  ctx: CapabilityContext,
  opts: RunOptions = {},
): Promise<RunResult> {
  const started = performance.now();
  const surface = opts.surface ?? 'mcp';
  try {
    const result = await runSteps(cap, rawInput, ctx, opts);
    observeCapability(cap.name, surface, 'ok', (performance.now() - started) / 1000);
    return result;
  } catch (err) {
    observeCapability(cap.name, surface, outcomeOf(err), (performance.now() - started) / 1000);
    throw err;
  }
}

/** The four steps. */
async function runSteps(
  cap: Capability,
  rawInput: unknown,
  ctx: CapabilityContext,
  opts: RunOptions,
): Promise<RunResult> {
  const parsed = cap.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw invalidInput(cap, parsed.error);
  let result: Record<string, unknown>;
  try {
    result = (await cap.handler(parsed.data as never, ctx)) as Record<string, unknown>;
  } finally {
    // A write (done, refused or of unknown outcome) may change names, states or who sees what:
    // the cached artwork scans of this Cway endpoint are dropped, so the next search reads afresh.
    if (!cap.hints.readOnlyHint)
      (ctx.services.artworkIndexCache ?? defaultArtworkIndexCache).invalidate(ctx.services.apiUrl);
  }
  const { schema, noteKey } = publishedOutput(cap);
  const fitted = fitResult(result, opts.maxChars ?? MAX_RESULT_CHARS);
  if (fitted.note && noteKey) fitted.value[noteKey] = fitted.note;
  const checked = schema.safeParse(fitted.value);
  if (!checked.success) {
    ctx.log.error(
      {
        capability: cap.name,
        issues: fieldErrorsOf(checked.error.issues, MAX_FIELD_ERRORS, '(result)').map((e) => e.field),
      },
      'result does not match its output schema',
    );
    throw new CapabilityError('internal', `The result of ${cap.name} did not match its declared output schema.`);
  }
  const text = fitted.note || fitted.text === undefined ? JSON.stringify(fitted.value) : fitted.text;
  return { value: fitted.value, text, note: fitted.note, noteKey };
}

/**
 * The shape of a capability: defined once, served by every surface (MCP tools, REST routes,
 * the OpenAPI document, docs tables). A capability knows nothing of MCP or HTTP: it returns data
 * or throws a CapabilityError.
 */
import { z } from 'zod';
import type { CwaySession } from '../cway/client.js';
import type { Services } from './services.js';
import type { AiOutcome, AiWait } from '../cway/subscriptions.js';

export const TOOLSETS = ['projects', 'users', 'artworks', 'media', 'shares', 'setup', 'analytics', 'system'] as const;
export type Toolset = (typeof TOOLSETS)[number];

/** MCP tool annotations; all four are required so no tool leaves one to a client's default. */
export interface Hints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface RestRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI-style path; every `{param}` must be a key of the input schema. */
  path: string;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What a destructive action is bound to when the person is asked about it. */
export interface ConfirmationSubject {
  action: string;
  targets: readonly string[];
}

/**
 * A surface that can ask the person in the client's own UI (MCP elicitation, through an
 * `input_required` result or the SDK's shim for 2025 sessions). `answer` says what the person
 * already answered about exactly this action and these targets: `unasked` makes the capability
 * stop (NeedsConfirmation) so the surface can ask and run it again.
 */
export interface AskUser {
  answer(subject: ConfirmationSubject): 'accepted' | 'declined' | 'unasked';
}

export interface CapabilityContext {
  /** Cway, as the caller (their own token). */
  cway: CwaySession;
  /** A stable, non-reversible id of the caller's credential: for caches and confirmation binding. */
  callerId: string;
  /** The clock; injected so analytics and tokens are testable. */
  now(): Date;
  /** Aborted when the caller cancels or disconnects. */
  signal: AbortSignal;
  /** Reports progress on long calls (a no-op where the surface cannot show it). */
  progress(done: number, total?: number, message?: string): void;
  log: Logger;
  services: Services;
  /** Present only when the client can show the person a confirmation form (MCP elicitation). */
  askUser?: AskUser;
  /** Waits, as the caller, for the result of one of Cway's AI threads (src/cway/subscriptions.ts). */
  aiResult?: (w: AiWait) => Promise<AiOutcome>;
}

export interface Capability<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  /** snake_case verb_noun; the MCP tool name. */
  name: string;
  title: string;
  /** Written for a model: what it does, when to use it, what it returns. At most 300 characters. */
  description: string;
  toolset: Toolset;
  input: I;
  output: O;
  hints: Hints;
  /** REST route; null when the capability is MCP-only. */
  rest: RestRoute | null;
  handler(input: z.output<I>, ctx: CapabilityContext): Promise<z.input<O>>;
}

/**
 * Defines a capability. Its input is made strict: an argument the tool does not take is refused
 * with an error naming the one it expects (`min_urgency_score` → "did you mean minUrgencyScore?"),
 * on every surface, instead of being dropped without a word.
 */
export function defineCapability<I extends z.ZodObject, O extends z.ZodObject>(c: Capability<I, O>): Capability<I, O> {
  return { ...c, input: strictInput(c.input) };
}

/** The same object schema, refusing unknown keys with a message that names the expected key. */
export function strictInput<I extends z.ZodObject>(input: I): I {
  const expected = Object.keys(input.shape);
  const strict = z.strictObject(input.shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys as string[], expected) : undefined,
  });
  return (input.description ? strict.describe(input.description) : strict) as unknown as I;
}

/** `unknown argument "min_urgency_score"; did you mean "minUrgencyScore"?` (one clause per key). */
export function unknownKeysMessage(keys: readonly string[], expected: readonly string[]): string {
  return keys
    .map((k) => {
      const near = closestKey(k, expected);
      if (near) return `unknown argument "${k}"; did you mean "${near}"?`;
      const list = expected.length ? expected.join(', ') : 'none';
      return `unknown argument "${k}"; this tool takes: ${list}`;
    })
    .join('; ');
}

const fold = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The expected key a mistyped one most likely meant: the same letters in another case or spelling, a shortened or lengthened name, else one within a small edit distance. */
export function closestKey(key: string, expected: readonly string[]): string | undefined {
  const f = fold(key);
  const same = expected.find((e) => fold(e) === f);
  if (same) return same;
  // a shortened or lengthened name: `minUrgency` for `minUrgencyScore`, `projectIdentifier` for `projectId`
  const stem = expected.find(
    (e) => Math.min(f.length, fold(e).length) >= 4 && (fold(e).startsWith(f) || f.startsWith(fold(e))),
  );
  if (stem) return stem;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(f.length / 4));
  for (const e of expected) {
    const d = editDistance(f, fold(e));
    if (d <= bestDistance) {
      best = e;
      bestDistance = d - 1;
    }
  }
  return best;
}

/** Levenshtein distance; keys are short (at most a few dozen characters). */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Hints for the common cases, spelled out once. */
export const READ: Hints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

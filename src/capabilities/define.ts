/**
 * The shape of a capability: defined once, served by every surface (MCP tools, REST routes,
 * the OpenAPI document, docs tables). A capability knows nothing of MCP or HTTP: it returns data
 * or throws a CapabilityError.
 */
import type { z } from 'zod';
import type { CwaySession } from '../cway/client.js';
import type { Services } from './services.js';

export const TOOLSETS = [
  'projects',
  'users',
  'artworks',
  'media',
  'shares',
  'setup',
  'analytics',
  'system',
  // Issue 16's additions, kept out of the default toolsets until task profiles place them.
  'artwork_admin',
  'teams',
] as const;
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

export function defineCapability<I extends z.ZodObject, O extends z.ZodObject>(c: Capability<I, O>): Capability<I, O> {
  return c;
}

/** Hints for the common cases, spelled out once. */
export const READ: Hints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/**
 * The closed set of errors a capability can fail with. Cway failures are translated into these
 * once (in the Cway client); each surface maps them once (MCP `isError`, REST problem+json).
 */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'ambiguous',
  'unauthorized',
  'forbidden',
  'conflict',
  'rate_limited',
  'upstream_unavailable',
  'upstream_timeout',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface CapabilityErrorDetails {
  /** What the caller can do next, in one sentence. */
  hint?: string;
  /** Input field at fault (for invalid_input): the first of `fields`. */
  field?: string;
  /** Every input field at fault (for invalid_input), with what is wrong with each. */
  fields?: FieldError[];
  /** Close matches when a lookup was ambiguous or missed. */
  candidates?: string[];
  /** Seconds to wait before retrying (rate_limited). */
  retryAfterSeconds?: number;
  /** A write whose answer was lost: it may or may not have happened, so it is not retryable. */
  outcomeUnknown?: boolean;
  /** Writes that completed before this failure, in order (multi-step writes). */
  completedSteps?: string[];
}

export class CapabilityError extends Error {
  readonly code: ErrorCode;
  readonly details: CapabilityErrorDetails;
  constructor(code: ErrorCode, message: string, details: CapabilityErrorDetails = {}) {
    super(message);
    this.name = 'CapabilityError';
    this.code = code;
    this.details = details;
  }
}

/** What to try next, per error code, when the thrower gave no specific hint. */
export const DEFAULT_HINTS: Record<ErrorCode, string> = {
  invalid_input: 'Fix the named argument and call again.',
  not_found: 'Check the id; search or list to find the right one.',
  ambiguous: 'Pick one of the candidates and call again with its exact id.',
  unauthorized: 'The Cway token is missing, invalid or expired; provide a valid token.',
  forbidden: 'The Cway user lacks permission for this; ask an admin or act on something you own.',
  conflict: 'The item is not in a state that allows this; read it again and choose a valid action.',
  rate_limited: 'Cway is rate limiting; wait and retry.',
  upstream_unavailable: 'Cway is not answering properly right now; try again shortly.',
  upstream_timeout: 'Cway did not answer in time; try again, or narrow the request.',
  internal: 'An unexpected error occurred in the server; try again or report it.',
};

/** A field at fault in an input (a dotted path) and what is wrong with it. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * A schema failure's issues as fields at fault, at most `max` of them; `root` names the value itself
 * when an issue has no path.
 */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  max: number,
  root: string,
): FieldError[] {
  return issues.slice(0, max).map((i) => ({
    field: i.path.length ? i.path.map(String).join('.') : root,
    message: i.message,
  }));
}

/** Turns anything thrown into a CapabilityError, never leaking stack traces. */
export function toCapabilityError(err: unknown): CapabilityError {
  if (err instanceof CapabilityError) return err;
  return new CapabilityError('internal', 'Unexpected internal error.');
}

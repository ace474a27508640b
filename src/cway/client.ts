/**
 * The one Cway GraphQL client. Every call carries the caller's own bearer token, has a timeout per
 * attempt and one deadline across all its attempts, waits for a turn in its caller's lane (a cap
 * per caller in front of the shared sockets), and is retried with jittered backoff only when it is
 * a query. Mutations are never retried: when a mutation's answer is lost (timeout, dropped
 * connection, garbled body) the error says the outcome is unknown and names the read that shows
 * whether it happened. A session remembers the writes it completed, so a later failure in a
 * multi-step write says which steps were already done. HTTP and GraphQL failures are mapped here,
 * once, to the closed set of CapabilityError codes. Tokens never reach a log or a message.
 */
import { getOperationAST, print, type DocumentNode } from 'graphql';
import type { TadaDocumentNode } from 'gql.tada';
import { createHash } from 'node:crypto';
import { CapabilityError, type ErrorCode } from '../errors.js';
import { CallerGate, type GateOptions } from './gate.js';
import { httpSend, TransportError, type RawResponse, type Send } from './transport.js';
import { observeUpstream, outcomeOf } from '../metrics/metrics.js';

export interface CwayClientOptions {
  /** GraphQL endpoint, e.g. https://app.cway.se/graphql */
  url: string;
  /** Per-attempt timeout (default 15 s). */
  timeoutMs?: number;
  /**
   * One deadline for a whole call, retries and waits included (default: the per-attempt timeout
   * plus 5 s). No attempt is started or waited for past it.
   */
  deadlineMs?: number;
  /** Upstream concurrency per caller, separate from the shared socket pool (see gate.ts). */
  gate?: GateOptions;
  /** Extra attempts for queries after the first (default 2). Mutations get none. */
  maxRetries?: number;
  /** Base of the exponential backoff (default 200 ms). */
  backoffBaseMs?: number;
  /** A Retry-After longer than this is not waited for; the call fails as rate_limited (default 5 s). */
  maxRetryAfterMs?: number;
  /** Optional structured logger (pino-compatible `debug`/`warn`). */
  logger?: { debug(obj: object, msg?: string): void; warn(obj: object, msg?: string): void };
  /** The HTTP exchange (default: keep-alive node:http); replaceable to observe requests. */
  send?: Send;
}

export interface CallOptions {
  signal?: AbortSignal;
  /**
   * For a mutation: the read that shows whether it happened, named for the caller (e.g.
   * "get_project with id …"). Used in the "outcome unknown" answer when the reply is lost.
   */
  verify?: string;
  /** For a mutation: how this step is named in a later failure's list of completed steps. */
  step?: string;
}

/** A client bound to one caller's token. */
export interface CwaySession {
  request<R, V>(doc: TadaDocumentNode<R, V>, variables: V, opts?: CallOptions): Promise<R>;
  /** The writes this session completed so far, in order (step names, or operation names). */
  readonly completed?: readonly string[];
}

/** True when the error is a mutation whose outcome is unknown (its answer was lost). */
export function isOutcomeUnknown(err: unknown): err is CapabilityError {
  return err instanceof CapabilityError && err.details.outcomeUnknown === true;
}

interface Prepared {
  text: string;
  name: string;
  isMutation: boolean;
}

const prepared = new WeakMap<DocumentNode, Prepared>();
function prepare(doc: DocumentNode): Prepared {
  let p = prepared.get(doc);
  if (!p) {
    const op = getOperationAST(doc);
    p = { text: print(doc), name: op?.name?.value ?? 'anonymous', isMutation: op?.operation === 'mutation' };
    prepared.set(doc, p);
  }
  return p;
}

interface GraphQLErrorShape {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown };
}

const GRAPHQL_CODES: Record<string, ErrorCode> = {
  UNAUTHENTICATED: 'unauthorized',
  UNAUTHORIZED: 'unauthorized',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not_found',
  BAD_USER_INPUT: 'invalid_input',
  GRAPHQL_VALIDATION_FAILED: 'invalid_input',
  GRAPHQL_PARSE_FAILED: 'invalid_input',
  CONFLICT: 'conflict',
  NOT_IMPLEMENTED_IN_SANDBOX: 'upstream_unavailable',
  INTERNAL_SERVER_ERROR: 'upstream_unavailable',
};

/** Classifies one GraphQL error: by extensions.code first, then by the wording of the message. */
function classifyGraphQLError(e: GraphQLErrorShape): ErrorCode {
  const code = typeof e.extensions?.code === 'string' ? GRAPHQL_CODES[e.extensions.code] : undefined;
  if (code) return code;
  const msg = typeof e.message === 'string' ? e.message : '';
  if (/not (be )?found|does not exist|no such/i.test(msg)) return 'not_found';
  if (/unauthori[sz]ed|unauthenticated|not logged in|invalid token/i.test(msg)) return 'unauthorized';
  if (/permission|not allowed|access denied|forbidden|admin only/i.test(msg)) return 'forbidden';
  if (/state|already|cannot be/i.test(msg)) return 'conflict';
  return 'upstream_unavailable';
}

const sanitize = (s: string): string => s.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]').slice(0, 500);

class AttemptFailure extends Error {
  constructor(
    readonly error: CapabilityError,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
    readonly malformed = false,
  ) {
    super(error.message);
  }
}

const TROUBLE = new Set<ErrorCode>(['upstream_unavailable', 'upstream_timeout', 'rate_limited', 'internal']);

/** Below this much time left before the deadline, no further attempt is started. */
const MIN_ATTEMPT_MS = 250;

/**
 * A caller's lane in the gate is a hash of the token, so the gate never holds tokens. This memo
 * (token → hash, at most 500 entries, emptied at the bound) only saves hashing again on every call
 * of a session; like the client itself, it holds the tokens only in this process's memory.
 */
const lanes = new Map<string, string>();
function laneOf(token: string): string {
  let id = lanes.get(token);
  if (id === undefined) {
    id = createHash('sha256').update(token).digest('base64url');
    if (lanes.size >= 500) lanes.clear();
    lanes.set(token, id);
  }
  return id;
}

/** The answer to a mutation whose reply was lost: never retryable, and it says how to find out. */
function outcomeUnknown(
  op: Prepared,
  what: 'timeout' | 'network' | 'malformed',
  timeoutMs: number,
  verify: string | undefined,
): CapabilityError {
  const lost =
    what === 'timeout'
      ? `Cway did not answer ${op.name} within ${Math.round(timeoutMs)} ms`
      : what === 'network'
        ? `the connection to Cway dropped before ${op.name} was answered`
        : `Cway's answer to ${op.name} was garbled`;
  const check = verify ?? 'the matching get_ or list_ tool on the items it would change';
  return new CapabilityError(
    what === 'timeout' ? 'upstream_timeout' : 'upstream_unavailable',
    `Outcome unknown: ${lost}, so the change may or may not have been made.`,
    { outcomeUnknown: true, hint: `Do not repeat it blindly: first check with ${check} whether it happened.` },
  );
}

/** Adds the writes already completed in this session to a failure, so a partial outcome is told. */
function withCompletedSteps(err: unknown, completed: readonly string[]): unknown {
  if (!(err instanceof CapabilityError) || completed.length === 0 || err.details.completedSteps) return err;
  const steps = [...completed];
  const out = new CapabilityError(err.code, `${err.message} Already done before this failed: ${steps.join('; ')}.`, {
    ...err.details,
    completedSteps: steps,
  });
  return out;
}

export class CwayClient {
  readonly url: string;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  readonly gate: CallerGate;
  private readonly maxRetries: number;
  private readonly backoffBaseMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly logger?: CwayClientOptions['logger'];
  private readonly send: Send;
  private readonly endpoint: URL;
  /** Counters for health checks and benchmarks. */
  readonly stats = { requests: 0, retries: 0, failures: 0 };

  constructor(opts: CwayClientOptions) {
    this.url = opts.url;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.deadlineMs = opts.deadlineMs ?? this.timeoutMs + 5_000;
    this.gate = new CallerGate(opts.gate);
    this.maxRetries = opts.maxRetries ?? 2;
    this.backoffBaseMs = opts.backoffBaseMs ?? 200;
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 5_000;
    this.logger = opts.logger;
    this.send = opts.send ?? httpSend;
    this.endpoint = new URL(opts.url);
  }

  /** A session that sends every request with this caller's token. */
  session(token: string): CwaySession {
    const completed: string[] = [];
    return {
      completed,
      request: async (doc, variables, opts) => {
        try {
          const data = await this.request(doc, variables, token, opts);
          const op = prepare(doc as DocumentNode);
          if (op.isMutation && completed.length < 100) completed.push(opts?.step ?? op.name);
          return data;
        } catch (err) {
          throw withCompletedSteps(err, completed);
        }
      },
    };
  }

  async request<R, V>(doc: TadaDocumentNode<R, V>, variables: V, token: string, opts: CallOptions = {}): Promise<R> {
    const op = prepare(doc as DocumentNode);
    const attempts = op.isMutation ? 1 : 1 + this.maxRetries;
    const deadline = performance.now() + this.deadlineMs;
    const lane = laneOf(token);
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        const release = await this.gate.enter(lane, deadline - started, opts.signal);
        let data: R;
        try {
          const budget = Math.min(this.timeoutMs, Math.max(1, deadline - performance.now()));
          data = (await this.attempt(op, variables, token, budget, opts)) as R;
        } finally {
          release();
        }
        observeUpstream(op.name, 'ok', (performance.now() - started) / 1000);
        this.logger?.debug({ op: op.name, attempt, ms: Math.round(performance.now() - started) }, 'cway call');
        return data;
      } catch (err) {
        observeUpstream(
          op.name,
          err instanceof AttemptFailure ? err.error.code : outcomeOf(err),
          (performance.now() - started) / 1000,
        );
        if (!(err instanceof AttemptFailure)) throw err;
        const now = performance.now();
        const ms = Math.round(now - started);
        const willRetry = err.retryable && attempt < attempts && !opts.signal?.aborted;
        let wait = willRetry ? this.backoff(attempt, err.retryAfterMs) : undefined;
        // One deadline for the whole call: no retry that could not start (with a useful slice of
        // time) before it.
        if (wait !== undefined && now + wait + MIN_ATTEMPT_MS > deadline) wait = undefined;
        // Upstream trouble is a warning; a refusal the caller caused (bad token, missing item,
        // bad input) is routine, and a caller can cause it at will, so it stays at debug level.
        const trouble = TROUBLE.has(err.error.code);
        this.logger?.[trouble ? 'warn' : 'debug'](
          { op: op.name, attempt, ms, code: err.error.code, retry: willRetry, waitMs: wait },
          'cway call failed',
        );
        if (!willRetry || wait === undefined) {
          this.stats.failures++;
          throw err.error;
        }
        this.stats.retries++;
        await sleep(wait, opts.signal);
      }
    }
  }

  /** Jittered exponential backoff, or the server's Retry-After when it is short enough. */
  private backoff(attempt: number, retryAfterMs?: number): number | undefined {
    if (retryAfterMs !== undefined) return retryAfterMs <= this.maxRetryAfterMs ? retryAfterMs : undefined;
    const ceiling = this.backoffBaseMs * 2 ** (attempt - 1);
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private async attempt(
    op: Prepared,
    variables: unknown,
    token: string,
    timeoutMs: number,
    opts: CallOptions,
  ): Promise<unknown> {
    const { signal } = opts;
    this.stats.requests++;
    let res: RawResponse;
    try {
      res = await this.send({
        url: this.endpoint,
        body: JSON.stringify({ query: op.text, variables, operationName: op.name }),
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
        timeoutMs,
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      const sent = !(err instanceof TransportError) || err.sent;
      if (op.isMutation && sent && !(err instanceof TransportError && err.reason === 'too_large')) {
        const what = err instanceof TransportError && err.reason === 'timeout' ? 'timeout' : 'network';
        throw new AttemptFailure(outcomeUnknown(op, what, timeoutMs, opts.verify), false);
      }
      if (err instanceof TransportError && err.reason === 'timeout') {
        throw new AttemptFailure(
          new CapabilityError('upstream_timeout', `Cway did not answer within ${Math.round(timeoutMs)} ms.`),
          true,
        );
      }
      if (err instanceof TransportError && err.reason === 'too_large') {
        throw new AttemptFailure(
          new CapabilityError('upstream_unavailable', 'Cway sent a response too large to handle; narrow the request.'),
          false,
        );
      }
      throw new AttemptFailure(new CapabilityError('upstream_unavailable', 'Cway could not be reached.'), true);
    }
    try {
      return this.interpret(res);
    } catch (err) {
      // A mutation answered with a garbled body may well have been applied.
      if (op.isMutation && err instanceof AttemptFailure && err.malformed) {
        throw new AttemptFailure(outcomeUnknown(op, 'malformed', timeoutMs, opts.verify), false);
      }
      throw err;
    }
  }

  private interpret(res: RawResponse): unknown {
    const bodyText = res.text;
    if (res.status === 429) {
      const retryAfterMs = parseRetryAfter(res.retryAfter);
      const seconds = retryAfterMs !== undefined ? Math.ceil(retryAfterMs / 1000) : 1;
      throw new AttemptFailure(
        new CapabilityError('rate_limited', 'Cway is rate limiting requests.', { retryAfterSeconds: seconds }),
        true,
        retryAfterMs ?? 1000,
      );
    }
    if (res.status === 401)
      throw new AttemptFailure(new CapabilityError('unauthorized', 'Cway rejected the token.'), false);
    if (res.status === 403) throw new AttemptFailure(new CapabilityError('forbidden', 'Cway refused access.'), false);
    if (res.status >= 500) {
      throw new AttemptFailure(new CapabilityError('upstream_unavailable', `Cway answered HTTP ${res.status}.`), true);
    }
    let body: { data?: unknown; errors?: GraphQLErrorShape[] };
    try {
      body = JSON.parse(bodyText) as typeof body;
      if (typeof body !== 'object' || body === null) throw new Error('not an object');
    } catch {
      throw new AttemptFailure(
        new CapabilityError('upstream_unavailable', `Cway sent a malformed response (HTTP ${res.status}).`),
        true,
        undefined,
        true,
      );
    }
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      const first = body.errors[0]!;
      const code = classifyGraphQLError(first);
      const message = typeof first.message === 'string' ? sanitize(first.message) : 'unknown error';
      throw new AttemptFailure(new CapabilityError(code, `Cway: ${message}`), code === 'upstream_unavailable');
    }
    if (res.status >= 300 || body.data === undefined || body.data === null) {
      throw new AttemptFailure(
        new CapabilityError('upstream_unavailable', `Cway answered HTTP ${res.status} without data.`),
        res.status >= 500,
      );
    }
    return body.data;
  }
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

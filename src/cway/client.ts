/**
 * The one Cway GraphQL client. Every call carries the caller's own bearer token, has a timeout,
 * and is retried with jittered backoff only when it is a query (mutations are never retried:
 * a lost answer does not mean the write did not happen). HTTP and GraphQL failures are mapped
 * here, once, to the closed set of CapabilityError codes. Tokens never reach a log or a message.
 */
import { getOperationAST, print, type DocumentNode } from 'graphql';
import type { TadaDocumentNode } from 'gql.tada';
import { CapabilityError, type ErrorCode } from '../errors.js';
import { httpSend, TransportError, type RawResponse, type Send } from './transport.js';
import { observeUpstream, outcomeOf } from '../metrics/metrics.js';

export interface CwayClientOptions {
  /** GraphQL endpoint, e.g. https://app.cway.se/graphql */
  url: string;
  /** Per-attempt timeout (default 15 s). */
  timeoutMs?: number;
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
}

/** A client bound to one caller's token. */
export interface CwaySession {
  request<R, V>(doc: TadaDocumentNode<R, V>, variables: V, opts?: CallOptions): Promise<R>;
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
  ) {
    super(error.message);
  }
}

export class CwayClient {
  readonly url: string;
  private readonly timeoutMs: number;
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
    this.maxRetries = opts.maxRetries ?? 2;
    this.backoffBaseMs = opts.backoffBaseMs ?? 200;
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 5_000;
    this.logger = opts.logger;
    this.send = opts.send ?? httpSend;
    this.endpoint = new URL(opts.url);
  }

  /** A session that sends every request with this caller's token. */
  session(token: string): CwaySession {
    return { request: (doc, variables, opts) => this.request(doc, variables, token, opts) };
  }

  async request<R, V>(doc: TadaDocumentNode<R, V>, variables: V, token: string, opts: CallOptions = {}): Promise<R> {
    const op = prepare(doc as DocumentNode);
    const attempts = op.isMutation ? 1 : 1 + this.maxRetries;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        const data = (await this.attempt(op, variables, token, opts.signal)) as R;
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
        const ms = Math.round(performance.now() - started);
        const willRetry = err.retryable && attempt < attempts && !opts.signal?.aborted;
        const wait = willRetry ? this.backoff(attempt, err.retryAfterMs) : undefined;
        this.logger?.warn(
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

  private async attempt(op: Prepared, variables: unknown, token: string, signal?: AbortSignal): Promise<unknown> {
    this.stats.requests++;
    let res: RawResponse;
    try {
      res = await this.send({
        url: this.endpoint,
        body: JSON.stringify({ query: op.text, variables, operationName: op.name }),
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
        timeoutMs: this.timeoutMs,
        signal,
      });
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      if (err instanceof TransportError && err.reason === 'timeout') {
        throw new AttemptFailure(
          new CapabilityError('upstream_timeout', `Cway did not answer within ${this.timeoutMs} ms.`),
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
    return this.interpret(res);
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

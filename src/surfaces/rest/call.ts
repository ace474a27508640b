/**
 * One REST call of one operation: token, token check (through the auth shield), rate limit, input from path, query and body,
 * the capability's zod schemas on the way in and out, the size cap, and a `rest call` log line.
 * Every outcome is a web Response: the result as JSON, or a problem.
 */
import { bearerToken } from '../../auth/authenticate.js';
import type { CallerAuthenticator } from '../../auth/modes.js';
import type { Logger } from '../../capabilities/define.js';
import { makeContext } from '../../capabilities/context.js';
import { runCapability } from '../../capabilities/run.js';
import { countRefusal } from '../../metrics/metrics.js';
import type { Services } from '../../capabilities/services.js';
import type { CwayClient } from '../../cway/client.js';
import { CapabilityError } from '../../errors.js';
import { inputFromBody, inputFromPath, inputFromQuery, InputError, mergeInput } from './input.js';
import { problem, problemFromError, problemReply, type Problem } from './problems.js';
import type { RefusalHold } from '../../limits/hold.js';
import type { RateLimiter } from '../../limits/rate-limit.js';
import { jsonResponse, type HeaderMap } from './respond.js';
import type { RestOperation } from './routes.js';

export interface CallDeps {
  client: CwayClient;
  services: Services;
  log: Logger;
  /** The mode's caller check; Cway tokens go through the auth shield (negative cache, per-address failure budget). */
  auth: CallerAuthenticator;
  limiter: RateLimiter | undefined;
  /** Holds rate-limit refusals before they are answered. */
  refusals?: RefusalHold;
  maxResponseChars: number;
  now?: () => Date;
}

/** What one request brings to an operation. */
export interface CallRequest {
  req: Request;
  /** Path parameters, decoded, by their names in the served path. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The request body as read (operations that take a body), or undefined. */
  body: Buffer | undefined;
  /** Aborts when the client goes away before the answer is written. */
  signal: AbortSignal;
  /** The client's network address, for the failed-authentication budget. */
  address?: string;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

function bodyText(body: Buffer | undefined): string {
  if (!body || body.length === 0) return '';
  const text = body.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a byte-order mark is not JSON
}

export async function callOperation(deps: CallDeps, op: RestOperation, call: CallRequest): Promise<Response> {
  const { log } = deps;
  const started = performance.now();
  const headers: HeaderMap = {};
  let callerId: string | undefined;
  const fail = (p: Problem) => problemReply(p, headers);
  const done = (status: number) =>
    log.info(
      {
        method: op.method,
        route: op.path,
        capability: op.capability.name,
        status,
        ms: Math.round(performance.now() - started),
        caller: callerId,
      },
      'rest call',
    );
  try {
    const header = call.req.headers.get('authorization') ?? undefined;
    const token = header === undefined ? undefined : bearerToken(header);
    if (!token) {
      // The mode's own refusal carries its challenge (in oauth mode, where to sign in).
      const refusal = await deps.auth.authenticate(header, false, 'rest');
      if (!refusal.ok) Object.assign(headers, refusal.headers);
      done(401);
      return fail(problem('unauthorized', refusal.ok ? 'Send "Authorization: Bearer <token>".' : refusal.message));
    }
    // The token first (Cway tokens pass the auth shield: refused tokens and failing addresses cost
    // Cway nothing), then the caller's bucket, so junk tokens never take a place in the limiter.
    const auth = await deps.auth.authenticate(header, false, 'rest', call.address);
    if (!auth.ok) {
      Object.assign(headers, auth.headers);
      done(auth.status);
      return fail(
        auth.status === 401
          ? problem('unauthorized', auth.message)
          : auth.status === 429
            ? problem('rate_limited', auth.message, { retryAfterSeconds: Number(auth.headers['retry-after'] ?? 60) })
            : problem('upstream_unavailable', auth.message, { retryAfterSeconds: 5 }),
      );
    }
    // From here on the call acts with the caller's own Cway token (from the vault, for OAuth).
    callerId = auth.caller.callerId;
    if (deps.limiter) {
      const decision = deps.limiter.take(callerId);
      for (const [name, value] of Object.entries(decision.headers)) headers[name.toLowerCase()] = value;
      if (!decision.allowed) {
        countRefusal('rate_limited');
        await deps.refusals?.wait(); // a closed-loop flood waits too (src/limits/hold.ts)
        headers['retry-after'] = String(decision.retryAfterSeconds);
        done(429);
        return fail(
          problem('rate_limited', `Too many requests; at most ${decision.headers['RateLimit-Limit']} per window.`, {
            retryAfterSeconds: decision.retryAfterSeconds,
            hint: `Wait ${decision.retryAfterSeconds} s before the next call.`,
          }),
        );
      }
    }
    const path = inputFromPath(op, call.params);
    const query = inputFromQuery(op, { searchParams: call.query });
    let body: Record<string, unknown> = {};
    if (op.inputIn === 'body') {
      const type = call.req.headers.get('content-type');
      const text = bodyText(call.body);
      if (text.trim() !== '' && type && !JSON_TYPE.test(type)) {
        done(415);
        return fail(problem('unsupported_media_type', `Expected application/json, got ${type.slice(0, 100)}.`));
      }
      body = inputFromBody(text);
    }
    const ctx = makeContext({
      client: deps.client,
      token: auth.caller.token,
      services: deps.services,
      log,
      signal: call.signal,
      now: deps.now,
    });
    const run = await runCapability(op.capability, mergeInput(path, query, body), ctx, {
      maxChars: deps.maxResponseChars,
      surface: 'rest',
    });
    if (run.note && !run.noteKey) headers['x-result-truncated'] = run.note;
    headers['cache-control'] = 'private, no-cache';
    headers.vary = 'Authorization';
    done(200);
    return jsonResponse(200, run.text, headers);
  } catch (err) {
    if (err instanceof InputError) {
      done(400);
      return fail(problem('invalid_input', err.message, { errors: err.errors }));
    }
    if (err instanceof CapabilityError && err.code === 'invalid_input' && err.details.fields) {
      done(400);
      return fail(problem('invalid_input', err.message, { errors: err.details.fields }));
    }
    if (!(err instanceof CapabilityError)) {
      log.error(
        { capability: op.capability.name, err: err instanceof Error ? err.message : String(err) },
        'unexpected error',
      );
    }
    const p = problemFromError(err);
    if (p.status === 429 && p.retryAfterSeconds !== undefined) headers['retry-after'] = String(p.retryAfterSeconds);
    done(p.status);
    return fail(p);
  }
}

/** Builds the context a capability handler runs with; used by every surface. */
import { createHash } from 'node:crypto';
import type { CwayClient } from '../cway/client.js';
import type { z } from 'zod';
import { CapabilityError, fieldErrorsOf } from '../errors.js';
import type { Capability, CapabilityContext, ElicitResult, Logger } from './define.js';
import type { Services } from './services.js';
import { defaultAnalyticsCache, invalidatingSession } from './analytics/cache.js';

const callerIds = new Map<string, string>();

/**
 * A stable, non-reversible id for a credential (never log the token itself). Remembered for the
 * last few hundred tokens, since every call of a session asks again.
 */
export function callerIdOf(token: string): string {
  let id = callerIds.get(token);
  if (id === undefined) {
    id = createHash('sha256').update(token).digest('hex').slice(0, 16);
    if (callerIds.size >= 500) callerIds.clear();
    callerIds.set(token, id);
  }
  return id;
}

export interface ContextParts {
  client: CwayClient;
  token: string;
  services: Services;
  log: Logger;
  signal?: AbortSignal;
  now?: () => Date;
  progress?: (done: number, total?: number, message?: string) => void;
  elicit?: (message: string, requestedSchema: Record<string, unknown>) => Promise<ElicitResult>;
}

export function makeContext(p: ContextParts): CapabilityContext {
  return {
    // Our own writes drop cached analytics, so the next answer reflects them (docs/analytics.md).
    cway: invalidatingSession(
      p.client.session(p.token),
      p.services.analyticsCache ?? defaultAnalyticsCache,
      p.services.apiUrl,
    ),
    callerId: callerIdOf(p.token),
    now: p.now ?? (() => new Date()),
    signal: p.signal ?? new AbortController().signal,
    progress: p.progress ?? (() => {}),
    log: p.log,
    services: p.services,
    elicit: p.elicit,
  };
}

/**
 * Checks a handler's result against the output schema a surface publishes for it. A mismatch is a
 * bug on our side: it is logged with the paths at fault (never the values) and answered as an
 * internal error rather than sent out unchecked.
 */
export function checkOutput(cap: Capability, schema: z.ZodType, value: unknown, log: Logger): void {
  const checked = schema.safeParse(value);
  if (checked.success) return;
  log.error(
    { capability: cap.name, issues: fieldErrorsOf(checked.error.issues, 20, '(result)').map((e) => e.field) },
    'result does not match its output schema',
  );
  throw new CapabilityError('internal', `The result of ${cap.name} did not match its declared output schema.`);
}

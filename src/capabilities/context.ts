/** Builds the context a capability handler runs with; used by every surface. */
import { createHash } from 'node:crypto';
import type { CwayClient } from '../cway/client.js';
import type { CapabilityContext, ElicitResult, Logger } from './define.js';
import type { Services } from './services.js';

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
    cway: p.client.session(p.token),
    callerId: callerIdOf(p.token),
    now: p.now ?? (() => new Date()),
    signal: p.signal ?? new AbortController().signal,
    progress: p.progress ?? (() => {}),
    log: p.log,
    services: p.services,
    elicit: p.elicit,
  };
}

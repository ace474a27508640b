/** Builds the context a capability handler runs with; used by every surface. */
import { callerIdOf } from '../auth/caller.js';
import type { CwayClient } from '../cway/client.js';
import type { AskUser, CapabilityContext, Logger } from './define.js';
import type { Services } from './services.js';
import { defaultAnalyticsCache, invalidatingSession } from './analytics/cache.js';
import { defaultSubscriptionUrl, waitForAiResult } from '../cway/subscriptions.js';

export interface ContextParts {
  client: CwayClient;
  token: string;
  services: Services;
  log: Logger;
  signal?: AbortSignal;
  now?: () => Date;
  progress?: (done: number, total?: number, message?: string) => void;
  askUser?: AskUser;
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
    askUser: p.askUser,
    aiResult: (w) => {
      const url =
        p.services.subscriptionUrl === undefined
          ? defaultSubscriptionUrl(p.services.apiUrl)
          : p.services.subscriptionUrl;
      if (url === null)
        return Promise.resolve({
          kind: 'unavailable',
          reason: 'subscriptions are turned off (CWAY_SUBSCRIPTION_URL=off)',
        });
      return waitForAiResult(url, p.token, w);
    },
  };
}

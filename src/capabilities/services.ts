import type { ConfirmationService } from '../confirm/service.js';
import type { AnalyticsCache } from './analytics/cache.js';

/**
 * Process-wide services a capability may use besides Cway itself. Built once at start
 * (src/server.ts) and shared by every surface.
 */
export interface Services {
  /** The Cway GraphQL endpoint in use. */
  apiUrl: string;
  /** True when talking to the embedded/local sandbox rather than the real Cway. */
  sandbox: boolean;
  /** Base URL used to build links in results (e.g. the Cway web app). */
  webBaseUrl: string;
  /** Cway subscriptions over graphql-ws (AI results): undefined = apiUrl with ws(s), null = off. */
  subscriptionUrl?: string | null;
  /** Signs and redeems confirmation tokens for destructive actions (see docs/confirmation.md). */
  confirmations: ConfirmationService;
  /** Short-lived per-caller cache of analytics inputs; a process-wide default is used when absent. */
  analyticsCache?: AnalyticsCache;
  /** Short-lived per-caller cache of artwork-search scans (search/artwork-index.ts); a process-wide default when absent. */
  artworkIndexCache?: AnalyticsCache;
}

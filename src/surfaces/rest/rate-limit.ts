/** The REST surface's per-caller rate limit is the shared, flood-proof one in src/limits/. */
export { DEFAULT_RATE_LIMIT, RateLimiter, type RateDecision, type RateLimitOptions } from '../../limits/rate-limit.js';

/**
 * Wrappers that report to the metrics without the wrapped code knowing: the caller authenticator
 * (every refusal, by reason) and the state store (every method's latency, by store kind).
 */
import type { AuthOutcome } from '../auth/authenticate.js';
import type { CallerAuthenticator } from '../auth/modes.js';
import type { Store } from '../store/types.js';
import { countRefusal, timeStore } from './metrics.js';

/** Counts each refusal: no_token, bad_token, or auth_unavailable (Cway could not check it). */
export function countingAuthenticator(inner: CallerAuthenticator): CallerAuthenticator {
  return {
    async authenticate(header, allowDefault, surface, address): Promise<AuthOutcome> {
      const outcome = await inner.authenticate(header, allowDefault, surface, address);
      if (!outcome.ok) {
        countRefusal(
          outcome.status === 503
            ? 'auth_unavailable'
            : outcome.status === 429
              ? 'auth_shield'
              : header
                ? 'bad_token'
                : 'no_token',
        );
      }
      return outcome;
    },
  };
}

const OAUTH_METHODS = [
  'upsert',
  'find',
  'findByUid',
  'findByUserCode',
  'consume',
  'destroy',
  'revokeByGrantId',
  'grantsOfAccount',
] as const;
const VAULT_METHODS = ['put', 'get', 'delete', 'count'] as const;

function wrap<T extends object>(kind: string, prefix: string, target: T, methods: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const m of methods) {
    const fn = (target as Record<string, unknown>)[m] as (...a: unknown[]) => Promise<unknown>;
    out[m] = (...args: unknown[]) => timeStore(kind, `${prefix}.${m}`, () => fn.apply(target, args));
  }
  return out as T;
}

/** The same store, every call timed into cway_mcp_store_duration_seconds{store, op, outcome}. */
export function instrumentStore(store: Store): Store {
  return {
    kind: store.kind,
    location: store.location,
    oauth: wrap(store.kind, 'oauth', store.oauth, OAUTH_METHODS),
    vault: wrap(store.kind, 'vault', store.vault, VAULT_METHODS),
    confirmations: wrap(store.kind, 'confirmations', store.confirmations, ['spend']),
    sweep: (now) => timeStore(store.kind, 'sweep', () => store.sweep(now)),
    close: () => store.close(),
  };
}

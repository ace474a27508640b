/**
 * The one store behind the gateway's state: OAuth models (clients, grants, codes, tokens,
 * sessions, interactions), the encrypted credential vault and the ledger of spent confirmation
 * tokens. The embedded implementation is SQLite (`./sqlite.ts`); a networked one (PostgreSQL, the
 * scale-out issue) implements the same interface.
 *
 * Rules every implementation keeps:
 * - Every method is async, so a networked store fits without changing callers.
 * - Single use is decided by the store in one atomic step (a conditional UPDATE, or an INSERT
 *   against a unique key), never by a read followed by a write: two processes racing to consume
 *   one authorization code, rotate one refresh token or spend one confirmation token see exactly
 *   one winner (`consume` / `spend` return true for that one only).
 * - Expiry is stored as an absolute time (epoch ms) and checked by the store against the caller's
 *   `now`: an expired row is never returned, and `sweep` deletes what has expired.
 * - The store never sees a Cway token in clear: the vault holds ciphertext sealed by
 *   `src/auth/vault.ts`. Key material does not live in the store.
 * - Payloads are opaque JSON objects owned by the authorization server library; the store keeps
 *   the few fields it indexes (`grantId`, `uid`, `userCode`, `accountId`) beside them.
 */

/** oidc-provider model names (its adapter contract): one logical table per name. */
export type OAuthModelName =
  | 'Session'
  | 'AccessToken'
  | 'AuthorizationCode'
  | 'RefreshToken'
  | 'DeviceCode'
  | 'ClientCredentials'
  | 'Client'
  | 'InitialAccessToken'
  | 'RegistrationAccessToken'
  | 'Interaction'
  | 'ReplayDetection'
  | 'PushedAuthorizationRequest'
  | 'Grant'
  | 'BackchannelAuthenticationRequest'
  | (string & {});

/** An OAuth model's payload as the authorization server library hands it over (JSON-serialisable). */
export type OAuthPayload = Record<string, unknown> & {
  grantId?: string;
  uid?: string;
  userCode?: string;
  accountId?: string;
  /** Epoch seconds when consumed; set by `consume`, never by `upsert`. */
  consumed?: number;
};

export interface OAuthModelStore {
  /**
   * Inserts or replaces one model instance. `expiresAt` is epoch ms (null = no expiry).
   * Replacing keeps a `consumed` mark already set (a consumed code stays consumed).
   */
  upsert(model: OAuthModelName, id: string, payload: OAuthPayload, expiresAt: number | null): Promise<void>;
  /** The payload (with `consumed` when consumed), or undefined when absent or expired at `now`. */
  find(model: OAuthModelName, id: string, now: number): Promise<OAuthPayload | undefined>;
  findByUid(model: OAuthModelName, uid: string, now: number): Promise<OAuthPayload | undefined>;
  findByUserCode(model: OAuthModelName, userCode: string, now: number): Promise<OAuthPayload | undefined>;
  /**
   * Marks the instance consumed at `now` if it is present, unexpired and not yet consumed, in one
   * atomic step. True only for the one call that consumed it.
   */
  consume(model: OAuthModelName, id: string, now: number): Promise<boolean>;
  destroy(model: OAuthModelName, id: string): Promise<void>;
  /** Deletes every instance of `model` belonging to the grant. */
  revokeByGrantId(model: OAuthModelName, grantId: string): Promise<void>;
  /** Ids of unexpired grants (model 'Grant') of one account, newest first, at most `limit`. */
  grantsOfAccount(accountId: string, now: number, limit: number): Promise<string[]>;
}

/** One person's Cway credential, sealed (AES-256-GCM) by the vault before it reaches the store. */
export interface VaultRecord {
  /** The account (OAuth subject) this credential acts for. */
  accountId: string;
  /** Which key sealed it (so keys can be rotated). */
  keyId: string;
  /** nonce (12 bytes) | auth tag (16 bytes) | ciphertext, as produced by `src/auth/vault.ts`. */
  sealed: Buffer;
  /** Non-secret description shown to the person: Cway user id and username. */
  cwayUserId: string;
  cwayUsername: string;
  createdAt: number;
  updatedAt: number;
}

export interface VaultStore {
  /** Inserts or replaces the credential of one account. */
  put(record: VaultRecord): Promise<void>;
  get(accountId: string): Promise<VaultRecord | undefined>;
  /** True when a record was deleted. */
  delete(accountId: string): Promise<boolean>;
  count(): Promise<number>;
}

export interface ConfirmationLedger {
  /**
   * Records a confirmation token id as spent until `expiresAt` (epoch ms). True when this call
   * spent it; false when it was already spent (by any process sharing the store). Atomic.
   */
  spend(tokenId: string, expiresAt: number): Promise<boolean>;
}

export interface Store {
  /** e.g. 'sqlite' (for logs and /health). */
  readonly kind: string;
  /** Where it lives, without credentials (a path, or a host/database name). */
  readonly location: string;
  readonly oauth: OAuthModelStore;
  readonly vault: VaultStore;
  readonly confirmations: ConfirmationLedger;
  /** Deletes expired rows everywhere; returns how many. Safe to call from several processes. */
  sweep(now: number): Promise<number>;
  close(): Promise<void>;
}

/** Thrown when a store cannot be opened (locked by another process, newer schema, bad path). */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

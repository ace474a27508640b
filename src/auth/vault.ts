/**
 * The token vault: each signed-in person's Cway API token, sealed with AES-256-GCM before it
 * reaches the store. The key comes from configuration (`CWAY_VAULT_KEY`, 32 bytes in base64url)
 * or from `vault.key` in the data directory, generated on first start with mode 0600. The
 * account id is bound into every seal as associated data, so a sealed token copied to another
 * account's row does not open. Tokens leave the vault only through `open()`, for the one upstream
 * call the person makes; they are never logged, shown or forwarded anywhere else.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VaultStore } from '../store/types.js';

export const VAULT_KEY_FILE = 'vault.key';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export interface VaultKey {
  /** Short non-secret id of the key (a hash prefix), stored beside each seal. */
  id: string;
  key: Buffer;
}

function keyFrom(bytes: Buffer, where: string): VaultKey {
  if (bytes.length !== 32) throw new Error(`${where} must hold 32 bytes (base64url); it holds ${bytes.length}`);
  return { id: createHash('sha256').update(bytes).digest('base64url').slice(0, 8), key: bytes };
}

/**
 * The vault key: `configured` (base64url) when given, else the data directory's `vault.key`,
 * created with mode 0600 when missing (never overwritten: a second process starting at the same
 * moment reads the one the first wrote).
 */
export function loadVaultKey(dataDir: string, configured?: string | null): VaultKey {
  if (configured) return keyFrom(Buffer.from(configured.trim(), 'base64url'), 'CWAY_VAULT_KEY');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, VAULT_KEY_FILE);
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const mode = statSync(file).mode & 0o077;
  if (mode !== 0)
    throw new Error(`${file} is readable by others (mode ${(statSync(file).mode & 0o777).toString(8)}); chmod 600 it`);
  return keyFrom(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url'), file);
}

export interface VaultIdentity {
  cwayUserId: string;
  cwayUsername: string;
}

export interface Vault {
  /** Seals and stores the person's Cway token for this account (replacing an earlier one). */
  save(accountId: string, cwayToken: string, who: VaultIdentity, now?: number): Promise<void>;
  /** The Cway token of this account, or undefined when none is stored (revoked) or it does not open. */
  open(accountId: string): Promise<string | undefined>;
  /** The token and whom it belongs to, from one read of the store. */
  openWithIdentity(accountId: string): Promise<{ token: string; who: VaultIdentity } | undefined>;
  /** Who the stored token belongs to (no secret), or undefined. */
  identity(accountId: string): Promise<VaultIdentity | undefined>;
  /** Forgets the account's token; true when one was stored. */
  revoke(accountId: string): Promise<boolean>;
}

export function seal(key: VaultKey, accountId: string, plaintext: string): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(Buffer.from(accountId, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]);
}

export function unseal(key: VaultKey, accountId: string, sealed: Buffer): string | undefined {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, sealed.subarray(0, NONCE_BYTES));
    decipher.setAAD(Buffer.from(accountId, 'utf8'));
    decipher.setAuthTag(sealed.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    return undefined;
  }
}

export function createVault(store: VaultStore, key: VaultKey): Vault {
  return {
    async save(accountId, cwayToken, who, now = Date.now()) {
      const existing = await store.get(accountId);
      await store.put({
        accountId,
        keyId: key.id,
        sealed: seal(key, accountId, cwayToken),
        cwayUserId: who.cwayUserId,
        cwayUsername: who.cwayUsername,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      });
    },
    async open(accountId) {
      const record = await store.get(accountId);
      if (!record || record.keyId !== key.id) return undefined;
      return unseal(key, accountId, record.sealed);
    },
    async openWithIdentity(accountId) {
      const record = await store.get(accountId);
      if (!record || record.keyId !== key.id) return undefined;
      const token = unseal(key, accountId, record.sealed);
      return token === undefined
        ? undefined
        : { token, who: { cwayUserId: record.cwayUserId, cwayUsername: record.cwayUsername } };
    },
    async identity(accountId) {
      const record = await store.get(accountId);
      return record && { cwayUserId: record.cwayUserId, cwayUsername: record.cwayUsername };
    },
    revoke(accountId) {
      return store.delete(accountId);
    },
  };
}

/**
 * Confirmation tokens for destructive actions: HMAC-SHA256 signed with a per-installation secret,
 * bound to one action, its exact targets and one caller, valid for five minutes, usable once.
 * The caller is carried as a keyed HMAC of the caller id (under a key derived from the secret), so
 * reading a token tells nothing about whose Cway token it was issued to.
 * The secret lives in the state directory (default `.cway-mcp/`) and the ids of redeemed tokens
 * in the store's ledger (`src/store/`), so a restart neither invalidates pending tokens nor lets a
 * redeemed one be used again, and processes sharing one store (MCP and REST side by side) never
 * both accept one token: the ledger lets exactly one redemption win.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CapabilityError } from '../errors.js';
import { openSqliteStore } from '../store/sqlite.js';
import type { ConfirmationLedger } from '../store/types.js';

/** How long a confirmation token stays valid. */
export const CONFIRMATION_TTL_MS = 5 * 60_000;

/** What a token is bound to. */
export interface ConfirmationBinding {
  action: string;
  targets: readonly string[];
  callerId: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface ConfirmationService {
  /** Signs a new single-use token for this action, targets and caller, valid from `now`. */
  issue(binding: ConfirmationBinding, now: Date): IssuedToken;
  /**
   * Checks a token against the action about to run and marks it used (before the action runs,
   * so a double submit cannot run it twice). Rejects with a CapabilityError when it does not fit.
   */
  redeem(token: string, binding: ConfirmationBinding, now: Date): Promise<void>;
  /**
   * A key for signing MCP `requestState` (confirmations asked through `input_required`), derived
   * from the same secret, so every instance sharing the secret accepts the others' state.
   */
  readonly stateKey: Uint8Array;
}

export interface ConfirmationServiceOptions {
  /** State directory for the secret (created with mode 0700). */
  dir?: string;
  /** Where spent token ids are kept (default: the SQLite store in `dir`). */
  ledger?: ConfirmationLedger;
}

/** The signed claims; short keys keep the token small. */
interface Claims {
  v: 2;
  /** token id (single use) */
  id: string;
  /** action name */
  a: string;
  /** hash of the sorted targets */
  t: string;
  /** keyed HMAC of the caller id (never the caller id or anything derived from it without the key) */
  c: string;
  /** expiry, epoch ms */
  e: number;
}

const SECRET_FILE = 'confirmation-secret';
const PREFIX = 'cwc1';

const NEW_TOKEN_HINT = 'Call the same tool again without confirmationToken to get a fresh preview and token.';

export function targetsHash(targets: readonly string[]): string {
  const sorted = [...new Set(targets)].sort();
  return createHash('sha256').update(sorted.join('\n')).digest('base64url').slice(0, 22);
}

function loadSecret(dir: string): Buffer {
  const file = join(dir, SECRET_FILE);
  if (existsSync(file)) {
    const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
    if (secret.length >= 32) return secret;
    throw new Error(`${file} holds no usable secret; delete it to generate a new one`);
  }
  const secret = randomBytes(32);
  // 'wx': never overwrite a secret another process wrote a moment ago.
  try {
    writeFileSync(file, secret.toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadSecret(dir);
    throw err;
  }
  return secret;
}

function decode(token: string): { claims: Claims; body: string; mac: Buffer } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return undefined;
  const [, body, mac] = parts as [string, string, string];
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Claims;
    if (
      claims?.v !== 2 ||
      typeof claims.id !== 'string' ||
      typeof claims.a !== 'string' ||
      typeof claims.t !== 'string' ||
      typeof claims.c !== 'string' ||
      typeof claims.e !== 'number'
    ) {
      return undefined;
    }
    return { claims, body, mac: Buffer.from(mac, 'base64url') };
  } catch {
    return undefined;
  }
}

export function createConfirmationService(opts: ConfirmationServiceOptions = {}): ConfirmationService {
  const dir = opts.dir ?? '.cway-mcp';
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = loadSecret(dir);
  const ledger = opts.ledger ?? openSqliteStore({ dir }).confirmations;

  const sign = (body: string) => createHmac('sha256', secret).update(`${PREFIX}.${body}`).digest();
  const callerKey = createHmac('sha256', secret).update('cway-mcp confirmation caller binding').digest();
  const callerTag = (callerId: string) =>
    createHmac('sha256', callerKey).update(callerId).digest('base64url').slice(0, 22);

  const refuse = (code: 'invalid_input' | 'forbidden' | 'conflict', message: string): never => {
    throw new CapabilityError(code, message, { hint: NEW_TOKEN_HINT, field: 'confirmationToken' });
  };

  return {
    stateKey: new Uint8Array(createHmac('sha256', secret).update('mcp-request-state-v1').digest()),
    issue(binding, now) {
      const claims: Claims = {
        v: 2,
        id: randomUUID(),
        a: binding.action,
        t: targetsHash(binding.targets),
        c: callerTag(binding.callerId),
        e: now.getTime() + CONFIRMATION_TTL_MS,
      };
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return { token: `${PREFIX}.${body}.${sign(body).toString('base64url')}`, expiresAt: new Date(claims.e) };
    },

    async redeem(token, binding, now) {
      const decoded = decode(token);
      if (!decoded) return refuse('invalid_input', 'The confirmation token is malformed.');
      const { claims, body, mac } = decoded;
      const expected = sign(body);
      if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
        return refuse('invalid_input', 'The confirmation token has been altered or was not issued by this server.');
      }
      if (claims.c !== callerTag(binding.callerId)) {
        return refuse(
          'forbidden',
          'The confirmation token was issued to another user; each user must confirm for themselves.',
        );
      }
      if (claims.a !== binding.action) {
        return refuse('invalid_input', `The confirmation token is for "${claims.a}", not "${binding.action}".`);
      }
      if (claims.t !== targetsHash(binding.targets)) {
        return refuse(
          'invalid_input',
          'The confirmation token was issued for other targets than the ones in this call.',
        );
      }
      const nowMs = now.getTime();
      if (claims.e <= nowMs) {
        return refuse('conflict', `The confirmation token expired at ${new Date(claims.e).toISOString()}.`);
      }
      // One atomic step in the store: of two redemptions racing (in any process), one wins.
      if (!(await ledger.spend(claims.id, claims.e))) {
        return refuse('conflict', 'The confirmation token has already been used.');
      }
    },
  };
}

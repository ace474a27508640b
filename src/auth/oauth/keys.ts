/**
 * The authorization server's own secrets: cookie-signing keys and the key that signs ID tokens
 * (access tokens are opaque, looked up in the store). Kept in `oauth-keys.json` in the data
 * directory, created once with mode 0600 and never overwritten, so every process on one data
 * directory, and every restart, uses the same keys.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'oidc-provider';

export const OAUTH_KEYS_FILE = 'oauth-keys.json';

export interface ProviderKeys {
  cookieKeys: string[];
  jwks: { keys: JWK[] };
}

export function loadProviderKeys(dataDir: string): ProviderKeys {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = join(dataDir, OAUTH_KEYS_FILE);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = {
      ...(privateKey.export({ format: 'jwk' }) as JWK),
      use: 'sig',
      alg: 'ES256',
      kid: randomBytes(8).toString('hex'),
    };
    const keys: ProviderKeys = { cookieKeys: [randomBytes(32).toString('base64url')], jwks: { keys: [jwk] } };
    try {
      writeFileSync(file, JSON.stringify(keys) + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) throw new Error(`${file} is readable by others; chmod 600 it`);
  const keys = JSON.parse(readFileSync(file, 'utf8')) as ProviderKeys;
  if (!Array.isArray(keys.cookieKeys) || !keys.cookieKeys.length || !Array.isArray(keys.jwks?.keys)) {
    throw new Error(
      `${file} is not a valid key file; move it away to generate a new one (signed-in clients must sign in again)`,
    );
  }
  return keys;
}

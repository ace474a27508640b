/**
 * An authorization server on a real HTTP port over a real sandbox and SQLite store, for the OAuth
 * tests. `resource` answers on `/mcp` as a protected resource using the server's own check, so the
 * protocol can be tested apart from the surfaces; the surfaces' wiring is tested through
 * `startServer` in oauth mode.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/server.js';
import { CwayClient } from '../../src/cway/client.js';
import { TokenChecker } from '../../src/auth/token-check.js';
import { createAuthServer, type AuthServer, type AuthServerOptions } from '../../src/auth/oauth/server.js';
import { loadProviderKeys } from '../../src/auth/oauth/keys.js';
import { loadVaultKey } from '../../src/auth/vault.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { silentLog } from './harness.js';

export interface AuthGateway {
  url: string;
  sandbox: Sandbox;
  store: Store;
  auth: AuthServer;
  dataDir: string;
  close(): Promise<void>;
}

export async function startAuthGateway(
  extra: Partial<AuthServerOptions> & { sandbox?: Sandbox; dataDir?: string } = {},
): Promise<AuthGateway> {
  const sandbox = extra.sandbox ?? (await startSandbox({ port: 0 }));
  const dataDir = extra.dataDir ?? mkdtempSync(join(tmpdir(), 'cway-oauth-'));
  const store = openSqliteStore({ dir: dataDir });
  const checker = new TokenChecker({ client: new CwayClient({ url: sandbox.url, timeoutMs: 10_000 }) });
  const holder: { auth?: AuthServer } = {};
  const server: Server = createServer((req, res) => {
    const auth = holder.auth!;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (auth.owns(path)) return void auth.handle(req, res);
    if (path === '/mcp') {
      const resource = `${url}/mcp`;
      const m = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
      if (!m) {
        res.writeHead(401, { 'www-authenticate': auth.wwwAuthenticate(resource) }).end();
        return;
      }
      void auth.verifyAccessToken(m[1]!, [resource, url]).then((v) => {
        if (!v.ok) {
          res.writeHead(v.status, { 'www-authenticate': auth.wwwAuthenticate(resource, v) }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ subject: v.subject, username: v.cwayUsername, clientId: v.clientId }));
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = createAuthServer({
    publicUrl: url,
    store,
    vaultKey: loadVaultKey(dataDir),
    keys: loadProviderKeys(dataDir),
    checkCwayToken: (t) => checker.authenticate(t),
    demoUsers: sandbox.users,
    log: silentLog,
    ...extra,
  });
  holder.auth = auth;
  return {
    url,
    sandbox,
    store,
    auth,
    dataDir,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await store.close();
      if (!extra.sandbox) await sandbox.close();
      if (!extra.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DB_FILE, openSqliteStore, SCHEMA_VERSION } from '../src/store/sqlite.js';
import { StoreOpenError } from '../src/store/types.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cway-store-'));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('sqlite store', () => {
  it('keeps OAuth models, the vault and spent confirmations across a restart', async () => {
    const dir = tempDir();
    const now = Date.now();
    let store = openSqliteStore({ dir });
    await store.oauth.upsert('Grant', 'g1', { accountId: 'acc1', clientId: 'c' }, now + 60_000);
    await store.oauth.upsert('RefreshToken', 'r1', { grantId: 'g1', accountId: 'acc1' }, now + 60_000);
    await store.vault.put({
      accountId: 'acc1',
      keyId: 'k1',
      sealed: Buffer.from([1, 2, 3]),
      cwayUserId: 'u1',
      cwayUsername: 'anna',
      createdAt: now,
      updatedAt: now,
    });
    assert.equal(await store.confirmations.spend('t1', now + 60_000), true);
    await store.close();

    store = openSqliteStore({ dir });
    assert.deepEqual(await store.oauth.find('RefreshToken', 'r1', now), { grantId: 'g1', accountId: 'acc1' });
    assert.deepEqual(await store.oauth.grantsOfAccount('acc1', now, 10), ['g1']);
    assert.deepEqual((await store.vault.get('acc1'))?.sealed, Buffer.from([1, 2, 3]));
    assert.equal(await store.confirmations.spend('t1', now + 60_000), false, 'spent before the restart');
    assert.equal(statSync(join(dir, DB_FILE)).mode & 0o777, 0o600);
    await store.close();
  });

  it('consumes once, hides expired rows, keeps the consumed mark on upsert, revokes by grant', async () => {
    const store = openSqliteStore({ dir: tempDir() });
    const now = Date.now();
    await store.oauth.upsert('AuthorizationCode', 'c1', { grantId: 'g', uid: 'u' }, now + 1000);
    assert.equal(await store.oauth.consume('AuthorizationCode', 'c1', now), true);
    assert.equal(await store.oauth.consume('AuthorizationCode', 'c1', now), false);
    assert.ok((await store.oauth.find('AuthorizationCode', 'c1', now))?.consumed);
    await store.oauth.upsert('AuthorizationCode', 'c1', { grantId: 'g', uid: 'u' }, now + 1000);
    assert.ok((await store.oauth.find('AuthorizationCode', 'c1', now))?.consumed, 'still consumed after upsert');
    assert.equal(await store.oauth.find('AuthorizationCode', 'c1', now + 1000), undefined, 'expired');
    assert.equal(await store.oauth.consume('AuthorizationCode', 'missing', now), false);
    assert.deepEqual(await store.oauth.findByUid('AuthorizationCode', 'u', now), {
      grantId: 'g',
      uid: 'u',
      consumed: Math.floor(now / 1000),
    });
    await store.oauth.revokeByGrantId('AuthorizationCode', 'g');
    assert.equal(await store.oauth.find('AuthorizationCode', 'c1', now), undefined);
    await store.oauth.upsert('Session', 's', {}, now - 1);
    assert.equal(await store.confirmations.spend('old', now - 1), true);
    assert.equal(await store.sweep(now), 2);
    await store.close();
  });

  it('lets two processes share one data directory with exactly one winner per single-use id', async () => {
    const dir = tempDir();
    const store = openSqliteStore({ dir });
    const ids = Array.from({ length: 200 }, (_, i) => `tok-${i}`);
    const script = join(dir, 'child.mjs');
    const storeModule = new URL('../src/store/sqlite.js', import.meta.url).href;
    writeFileSync(
      script,
      `import { openSqliteStore } from ${JSON.stringify(storeModule)};
       const store = openSqliteStore({ dir: ${JSON.stringify(dir)} });
       const ids = JSON.parse(process.argv[2]);
       let won = 0;
       for (const id of ids) if (await store.confirmations.spend(id, Date.now() + 60000)) won++;
       await store.close();
       process.send(won);`,
    );
    const runChild = () =>
      new Promise<number>((resolve, reject) => {
        const child = fork(script, [JSON.stringify(ids)]);
        child.once('message', (m) => resolve(m as number));
        child.once('error', reject);
        child.once('exit', (code) => code !== 0 && reject(new Error(`child exited ${code}`)));
      });
    const [a, b] = await Promise.all([runChild(), runChild()]);
    let mine = 0;
    for (const id of ids) if (await store.confirmations.spend(id, Date.now() + 60_000)) mine++;
    assert.equal(a + b + mine, ids.length, `each id spent exactly once (children ${a} + ${b}, parent ${mine})`);
    await store.close();
  });

  it('refuses a database from a newer schema, and a file that is not a database, with a clear message', () => {
    const dir = tempDir();
    openSqliteStore({ dir }).close();
    const db = new Database(join(dir, DB_FILE));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(
      () => openSqliteStore({ dir }),
      (err: unknown) => err instanceof StoreOpenError && /newer than this build knows/.test(err.message),
    );
    const other = tempDir();
    writeFileSync(join(other, DB_FILE), 'not a database at all, just text '.repeat(100));
    assert.throws(
      () => openSqliteStore({ dir: other }),
      (err: unknown) => err instanceof StoreOpenError && /not a SQLite database/.test(err.message),
    );
  });
});

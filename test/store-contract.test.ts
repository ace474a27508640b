/**
 * The store contract (src/store/types.ts), run against both implementations: the embedded SQLite
 * store and the PostgreSQL store on a throwaway cluster (test/support/postgres.ts). "Two
 * instances" are two independently opened stores over the same database (separate connections),
 * racing on the same single-use ids: exactly one may win each.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openSqliteStore } from '../src/store/sqlite.js';
import {
  MIGRATIONS_TABLE,
  openPostgresStore,
  redactPostgresUrl,
  StoreBusyError,
  type PostgresStoreOptions,
} from '../src/store/postgres.js';
import { StoreOpenError, type Store } from '../src/store/types.js';
import { instrumentStore } from '../src/metrics/instrument.js';
import { missingPostgres, startPostgres, type TestPostgres } from './support/postgres.js';

interface Backend {
  name: string;
  /** A fresh, empty place for one test; `open` opens one more "instance" on it. */
  fresh(): Promise<{ open(): Promise<Store> }>;
  skip?: string;
}

const dirs: string[] = [];
let cluster: TestPostgres | undefined;
let dbCount = 0;
const pgSkip = missingPostgres();

const backends: Backend[] = [
  {
    name: 'sqlite',
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), 'cway-contract-'));
      dirs.push(dir);
      return { open: async () => openSqliteStore({ dir }) };
    },
  },
  {
    name: 'postgres',
    skip: pgSkip,
    async fresh() {
      const url = cluster!.createDatabase(`contract_${++dbCount}`);
      return { open: () => openPostgresStore({ url }) };
    },
  },
];

before(async () => {
  if (!pgSkip) cluster = await startPostgres();
});
after(() => {
  cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const DAY = 86_400_000;

for (const backend of backends) {
  describe(`store contract: ${backend.name}`, { skip: backend.skip }, () => {
    const opened: Store[] = [];
    after(async () => {
      for (const s of opened) await s.close();
    });
    const two = async (): Promise<[Store, Store]> => {
      const place = await backend.fresh();
      const a = instrumentStore(await place.open());
      const b = instrumentStore(await place.open());
      opened.push(a, b);
      return [a, b];
    };

    it('keeps OAuth models with their indexed fields, and hides expired ones', async () => {
      const [a, b] = await two();
      const now = Date.now();
      await a.oauth.upsert('Grant', 'g1', { accountId: 'acc1', clientId: 'c' }, now + DAY);
      await a.oauth.upsert('Grant', 'g0', { accountId: 'acc1', clientId: 'c' }, now - 1);
      await a.oauth.upsert('Interaction', 'i1', { uid: 'uid-1', params: { n: 1 } }, now + DAY);
      await a.oauth.upsert('DeviceCode', 'd1', { userCode: 'ABCD', grantId: 'g1' }, null);
      assert.deepEqual(await b.oauth.find('Grant', 'g1', now), { accountId: 'acc1', clientId: 'c' });
      assert.equal(await b.oauth.find('Grant', 'g0', now), undefined, 'expired');
      assert.deepEqual(await b.oauth.findByUid('Interaction', 'uid-1', now), { uid: 'uid-1', params: { n: 1 } });
      assert.deepEqual(await b.oauth.findByUserCode('DeviceCode', 'ABCD', now), { userCode: 'ABCD', grantId: 'g1' });
      assert.deepEqual(await b.oauth.grantsOfAccount('acc1', now, 10), ['g1']);
      await b.oauth.revokeByGrantId('DeviceCode', 'g1');
      assert.equal(await a.oauth.find('DeviceCode', 'd1', now), undefined);
      await b.oauth.destroy('Grant', 'g1');
      assert.deepEqual(await a.oauth.grantsOfAccount('acc1', now, 10), []);
    });

    it('consumes once, keeps the consumed mark on upsert, and sweeps what expired', async () => {
      const [a, b] = await two();
      const now = Date.now();
      await a.oauth.upsert('AuthorizationCode', 'c1', { grantId: 'g' }, now + 1000);
      assert.equal(await a.oauth.consume('AuthorizationCode', 'c1', now), true);
      assert.equal(await b.oauth.consume('AuthorizationCode', 'c1', now), false);
      assert.equal((await b.oauth.find('AuthorizationCode', 'c1', now))?.consumed, Math.floor(now / 1000));
      await b.oauth.upsert('AuthorizationCode', 'c1', { grantId: 'g' }, now + 1000);
      assert.ok((await a.oauth.find('AuthorizationCode', 'c1', now))?.consumed, 'still consumed after upsert');
      assert.equal(await a.oauth.consume('AuthorizationCode', 'missing', now), false);
      await a.oauth.upsert('RefreshToken', 'late', { grantId: 'g' }, now + 1000);
      assert.equal(await a.oauth.consume('RefreshToken', 'late', now + 1000), false, 'expired: not consumable');
      await a.oauth.upsert('Session', 's', {}, now - 1);
      assert.equal(await a.confirmations.spend('old', now - 1), true);
      assert.equal(await b.sweep(now), 2);
    });

    it('keeps the sealed vault record byte for byte', async () => {
      const [a, b] = await two();
      const sealed = Buffer.from([0, 1, 2, 250, 255, 0]);
      const rec = {
        accountId: 'acc',
        keyId: 'k1',
        sealed,
        cwayUserId: 'u',
        cwayUsername: 'anna',
        createdAt: 1,
        updatedAt: 2,
      };
      await a.vault.put(rec);
      assert.deepEqual(await b.vault.get('acc'), rec);
      await b.vault.put({ ...rec, keyId: 'k2', updatedAt: 3 });
      assert.equal((await a.vault.get('acc'))?.keyId, 'k2');
      assert.equal(await a.vault.count(), 1);
      assert.equal(await b.vault.delete('acc'), true);
      assert.equal(await a.vault.delete('acc'), false);
      assert.equal(await a.vault.get('acc'), undefined);
    });

    it('two instances racing on the same confirmation tokens, codes and refresh tokens: exactly one wins each', async () => {
      const [a, b] = await two();
      const now = Date.now();
      const n = 60;
      for (let i = 0; i < n; i++) {
        await a.oauth.upsert('AuthorizationCode', `code-${i}`, { grantId: 'g' }, now + DAY);
        await a.oauth.upsert('RefreshToken', `rt-${i}`, { grantId: 'g' }, now + DAY);
      }
      const race = async (attempt: (s: Store, i: number) => Promise<boolean>) => {
        const results = await Promise.all(
          Array.from({ length: n }, (_, i) => Promise.all([attempt(a, i), attempt(b, i), attempt(a, i)])),
        );
        for (const [i, r] of results.entries()) {
          assert.equal(r.filter(Boolean).length, 1, `id ${i}: ${JSON.stringify(r)} (exactly one winner)`);
        }
      };
      await race((s, i) => s.confirmations.spend(`tok-${i}`, now + DAY));
      await race((s, i) => s.oauth.consume('AuthorizationCode', `code-${i}`, now));
      await race((s, i) => s.oauth.consume('RefreshToken', `rt-${i}`, now));
    });
  });
}

describe('postgres store: start-up, bounds and secrets', { skip: pgSkip }, () => {
  const opts = (url: string, extra: Partial<PostgresStoreOptions> = {}) => ({ url, ...extra });

  it('three instances starting at once on an empty database migrate it once (node-pg-migrate lock)', async () => {
    const url = cluster!.createDatabase(`startup_${++dbCount}`);
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(opts(url))));
    assert.equal(await stores[0]!.confirmations.spend('x', Date.now() + DAY), true);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const runs = await client.query(`SELECT name FROM ${MIGRATIONS_TABLE}`);
      assert.equal(runs.rowCount, 1, 'the one migration ran once');
      // A later release's migration already applied (a rolling upgrade): this build still starts.
      await client.query(`INSERT INTO ${MIGRATIONS_TABLE} (name, run_on) VALUES ('9999999999999_future', now())`);
      const again = await openPostgresStore(opts(url));
      assert.equal(await again.confirmations.spend('x', Date.now() + DAY), false);
      await again.close();
    } finally {
      await client.end();
    }
    for (const s of stores) await s.close();
  });

  it('refuses queries beyond the wait queue at once, with StoreBusyError, and runs the rest', async () => {
    const url = cluster!.createDatabase(`bounds_${++dbCount}`);
    const store = await openPostgresStore(opts(url, { maxConnections: 1, maxWaiting: 2 }));
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => store.confirmations.spend(`b-${i}`, Date.now() + DAY)),
    );
    const busy = results.filter((r) => r.status === 'rejected');
    const ran = results.filter((r) => r.status === 'fulfilled');
    assert.ok(busy.length >= 1 && ran.length >= 1, `busy ${busy.length}, ran ${ran.length}`);
    for (const r of busy) assert.ok((r as PromiseRejectedResult).reason instanceof StoreBusyError);
    // What was refused did not run: spending those ids now succeeds.
    for (const [i, r] of results.entries()) {
      if (r.status === 'rejected') assert.equal(await store.confirmations.spend(`b-${i}`, Date.now() + DAY), true);
    }
    await store.close();
  });

  it('never puts the password in an error or a description', async () => {
    const url = 'postgres://cway:s3cret-pw@127.0.0.1:1/nowhere';
    await assert.rejects(openPostgresStore(opts(url, { connectTimeoutMs: 2000 })), (err: unknown) => {
      assert.ok(err instanceof StoreOpenError, String(err));
      assert.match(err.message, /cannot open the PostgreSQL store at 127\.0\.0\.1:1\/nowhere/);
      assert.ok(!err.message.includes('s3cret-pw'), err.message);
      return true;
    });
    assert.equal(redactPostgresUrl(url), 'postgres://cway:***@127.0.0.1:1/nowhere');
  });
});

/**
 * The embedded store: one SQLite database (`gateway.db`, better-sqlite3, WAL) in the data
 * directory. Several processes may open the same file: SQLite serialises writers, every
 * single-use rule is one conditional statement, and a writer that finds the database busy waits up
 * to `busyTimeoutMs` before failing. The schema is versioned with `PRAGMA user_version`; a
 * database written by a newer version is refused rather than guessed at.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  StoreOpenError,
  type ConfirmationLedger,
  type OAuthModelName,
  type OAuthModelStore,
  type OAuthPayload,
  type Store,
  type VaultRecord,
  type VaultStore,
} from './types.js';

export const DB_FILE = 'gateway.db';

/** Each entry moves the schema from version i to i + 1; never edit a released entry, append. */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE oauth_model (
    model       TEXT NOT NULL,
    id          TEXT NOT NULL,
    payload     TEXT NOT NULL,
    grant_id    TEXT,
    uid         TEXT,
    user_code   TEXT,
    account_id  TEXT,
    expires_at  INTEGER,
    consumed_at INTEGER,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (model, id)
  ) WITHOUT ROWID;
  CREATE INDEX oauth_model_grant ON oauth_model (grant_id) WHERE grant_id IS NOT NULL;
  CREATE INDEX oauth_model_uid ON oauth_model (model, uid) WHERE uid IS NOT NULL;
  CREATE INDEX oauth_model_user_code ON oauth_model (model, user_code) WHERE user_code IS NOT NULL;
  CREATE INDEX oauth_model_account ON oauth_model (model, account_id) WHERE account_id IS NOT NULL;
  CREATE INDEX oauth_model_expiry ON oauth_model (expires_at) WHERE expires_at IS NOT NULL;

  CREATE TABLE vault (
    account_id    TEXT PRIMARY KEY,
    key_id        TEXT NOT NULL,
    sealed        BLOB NOT NULL,
    cway_user_id  TEXT NOT NULL,
    cway_username TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
  );

  CREATE TABLE spent_confirmation (
    token_id   TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX spent_confirmation_expiry ON spent_confirmation (expires_at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export interface SqliteStoreOptions {
  /** The data directory (created with mode 0700 when missing). */
  dir: string;
  /** How long a write waits for another process's write to finish (default 5000 ms). */
  busyTimeoutMs?: number;
}

function migrate(db: Database.Database, file: string): void {
  // IMMEDIATE: two processes starting together migrate one after the other, not both at once.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > MIGRATIONS.length) {
      throw new StoreOpenError(
        `${file} has schema version ${version}, newer than this build knows (${MIGRATIONS.length}); ` +
          'run the newer cway-mcp, or point --data-dir at another directory',
      );
    }
    for (let v = version; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    if (version < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

interface ModelRow {
  payload: string;
  consumed_at: number | null;
}

function toPayload(row: ModelRow | undefined): OAuthPayload | undefined {
  if (!row) return undefined;
  const payload = JSON.parse(row.payload) as OAuthPayload;
  if (row.consumed_at !== null) payload.consumed = Math.floor(row.consumed_at / 1000);
  return payload;
}

export function openSqliteStore(opts: SqliteStoreOptions): Store {
  const dir = resolve(opts.dir);
  const file = join(dir, DB_FILE);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new StoreOpenError(`cannot create the data directory ${dir}: ${(err as Error).message}`);
  }
  // Created empty with mode 0600 before SQLite opens it, so its -wal and -shm files (which take
  // the database file's mode) are private too.
  if (!existsSync(file)) {
    try {
      writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StoreOpenError(`cannot create the store ${file}: ${(err as Error).message}`);
      }
    }
  }
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: opts.busyTimeoutMs ?? 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
  } catch (err) {
    if (err instanceof StoreOpenError) throw err;
    const code = (err as { code?: string }).code ?? '';
    const why =
      code === 'SQLITE_BUSY'
        ? 'another process holds it locked for longer than the busy timeout'
        : code === 'SQLITE_NOTADB'
          ? 'the file is not a SQLite database'
          : (err as Error).message;
    throw new StoreOpenError(`cannot open the store ${file}: ${why}`);
  }

  const st = {
    upsert: db.prepare(
      `INSERT INTO oauth_model (model, id, payload, grant_id, uid, user_code, account_id, expires_at, consumed_at, updated_at)
       VALUES (@model, @id, @payload, @grantId, @uid, @userCode, @accountId, @expiresAt, NULL, @now)
       ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
         uid = excluded.uid, user_code = excluded.user_code, account_id = excluded.account_id,
         expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
    ),
    find: db.prepare<[string, string, number], ModelRow>(
      `SELECT payload, consumed_at FROM oauth_model
       WHERE model = ? AND id = ? AND (expires_at IS NULL OR expires_at > ?)`,
    ),
    findByUid: db.prepare<[string, string, number], ModelRow>(
      `SELECT payload, consumed_at FROM oauth_model
       WHERE model = ? AND uid = ? AND (expires_at IS NULL OR expires_at > ?) LIMIT 1`,
    ),
    findByUserCode: db.prepare<[string, string, number], ModelRow>(
      `SELECT payload, consumed_at FROM oauth_model
       WHERE model = ? AND user_code = ? AND (expires_at IS NULL OR expires_at > ?) LIMIT 1`,
    ),
    consume: db.prepare<[number, string, string, number]>(
      `UPDATE oauth_model SET consumed_at = ?
       WHERE model = ? AND id = ? AND consumed_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
    ),
    destroy: db.prepare<[string, string]>(`DELETE FROM oauth_model WHERE model = ? AND id = ?`),
    revokeByGrantId: db.prepare<[string, string]>(`DELETE FROM oauth_model WHERE model = ? AND grant_id = ?`),
    grantsOfAccount: db.prepare<[string, number, number], { id: string }>(
      `SELECT id FROM oauth_model
       WHERE model = 'Grant' AND account_id = ? AND (expires_at IS NULL OR expires_at > ?)
       ORDER BY updated_at DESC LIMIT ?`,
    ),
    vaultPut: db.prepare(
      `INSERT INTO vault (account_id, key_id, sealed, cway_user_id, cway_username, created_at, updated_at)
       VALUES (@accountId, @keyId, @sealed, @cwayUserId, @cwayUsername, @createdAt, @updatedAt)
       ON CONFLICT (account_id) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed,
         cway_user_id = excluded.cway_user_id, cway_username = excluded.cway_username,
         updated_at = excluded.updated_at`,
    ),
    vaultGet: db.prepare<
      [string],
      {
        account_id: string;
        key_id: string;
        sealed: Buffer;
        cway_user_id: string;
        cway_username: string;
        created_at: number;
        updated_at: number;
      }
    >(`SELECT * FROM vault WHERE account_id = ?`),
    vaultDelete: db.prepare<[string]>(`DELETE FROM vault WHERE account_id = ?`),
    vaultCount: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM vault`),
    spend: db.prepare<[string, number]>(
      `INSERT INTO spent_confirmation (token_id, expires_at) VALUES (?, ?) ON CONFLICT (token_id) DO NOTHING`,
    ),
    sweepModels: db.prepare<[number]>(`DELETE FROM oauth_model WHERE expires_at IS NOT NULL AND expires_at <= ?`),
    sweepSpent: db.prepare<[number]>(`DELETE FROM spent_confirmation WHERE expires_at <= ?`),
  };

  const indexed = (model: OAuthModelName, id: string, payload: OAuthPayload) => ({
    grantId: typeof payload.grantId === 'string' ? payload.grantId : model === 'Grant' ? id : null,
    uid: typeof payload.uid === 'string' ? payload.uid : null,
    userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
    accountId: typeof payload.accountId === 'string' ? payload.accountId : null,
  });

  const oauth: OAuthModelStore = {
    async upsert(model, id, payload, expiresAt) {
      const { consumed: _ignored, ...rest } = payload;
      st.upsert.run({
        model,
        id,
        payload: JSON.stringify(rest),
        ...indexed(model, id, payload),
        expiresAt,
        now: Date.now(),
      });
    },
    async find(model, id, now) {
      return toPayload(st.find.get(model, id, now));
    },
    async findByUid(model, uid, now) {
      return toPayload(st.findByUid.get(model, uid, now));
    },
    async findByUserCode(model, userCode, now) {
      return toPayload(st.findByUserCode.get(model, userCode, now));
    },
    async consume(model, id, now) {
      return st.consume.run(now, model, id, now).changes === 1;
    },
    async destroy(model, id) {
      st.destroy.run(model, id);
    },
    async revokeByGrantId(model, grantId) {
      st.revokeByGrantId.run(model, grantId);
    },
    async grantsOfAccount(accountId, now, limit) {
      return st.grantsOfAccount.all(accountId, now, limit).map((r) => r.id);
    },
  };

  const vault: VaultStore = {
    async put(record: VaultRecord) {
      st.vaultPut.run(record);
    },
    async get(accountId) {
      const row = st.vaultGet.get(accountId);
      if (!row) return undefined;
      return {
        accountId: row.account_id,
        keyId: row.key_id,
        sealed: row.sealed,
        cwayUserId: row.cway_user_id,
        cwayUsername: row.cway_username,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      };
    },
    async delete(accountId) {
      return st.vaultDelete.run(accountId).changes === 1;
    },
    async count() {
      return st.vaultCount.get()!.n;
    },
  };

  const confirmations: ConfirmationLedger = {
    async spend(tokenId, expiresAt) {
      return st.spend.run(tokenId, expiresAt).changes === 1;
    },
  };

  let closed = false;
  return {
    kind: 'sqlite',
    location: file,
    oauth,
    vault,
    confirmations,
    async sweep(now) {
      return db.transaction(() => st.sweepModels.run(now).changes + st.sweepSpent.run(now).changes)();
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

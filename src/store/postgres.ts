/**
 * The networked store: PostgreSQL through the `pg` driver, for several instances (on one machine
 * or many) sharing OAuth state, the vault and the confirmation ledger.
 *
 * - Schema: SQL migrations in `./pg-migrations`, applied at start by node-pg-migrate under its
 *   advisory lock in `wait` mode, so instances starting together migrate one after the other; a
 *   database already at (or past) this build's last migration is left as it is. A database with
 *   migrations newer than this build is accepted: migrations are written expand-then-contract, so
 *   the previous release keeps working during a rolling upgrade (docs/deploy.md).
 * - Single use: one statement each. `consume` is `UPDATE … WHERE consumed_at IS NULL`, `spend` is
 *   `INSERT … ON CONFLICT DO NOTHING`; PostgreSQL's row locks make the second of two racing
 *   instances see the first one's row, so exactly one gets a row back.
 * - The pool is bounded: at most `maxConnections` connections (default 10). A query that finds
 *   them all busy waits in the pool's queue for at most `connectTimeoutMs` (default 5 s); when
 *   `maxWaiting` queries (default 200) are already waiting, a new one fails at once with
 *   StoreBusyError instead of joining the queue. Either failure means the statement did not run.
 *   Every statement is cut off by the server after `statementTimeoutMs` (default 10 s).
 * - The connection string is a secret (it may hold a password): it is never logged or put in an
 *   error; `location` is `host:port/database` only.
 */
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runner } from 'node-pg-migrate';
import {
  StoreOpenError,
  type ConfirmationLedger,
  type OAuthModelName,
  type OAuthModelStore,
  type OAuthPayload,
  type Store,
  type VaultStore,
} from './types.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./pg-migrations', import.meta.url));
export const MIGRATIONS_TABLE = 'cway_migrations';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database?…` (a secret). */
  url: string;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** Queries allowed to wait for a connection before new ones are refused (default 200). */
  maxWaiting?: number;
  /** How long a query waits for a free connection (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Server-side limit on one statement (default 10000 ms). */
  statementTimeoutMs?: number;
  /** Where migration progress and pool errors go (messages never contain the connection string). */
  log?: (level: 'debug' | 'warn', msg: string) => void;
}

/** A query refused because the pool's wait queue is full; nothing was run. */
export class StoreBusyError extends Error {
  constructor(waiting: number) {
    super(`the PostgreSQL store is busy (${waiting} queries already waiting for a connection); try again shortly`);
    this.name = 'StoreBusyError';
  }
}

/** True for connection strings this store accepts. */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value.trim());
}

/** `host:port/database` of a connection string, without user, password or parameters. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    const host = u.hostname || '(socket)';
    return `${host}${u.port ? `:${u.port}` : ''}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return '(unparsable connection string)';
  }
}

/** The connection string with its password replaced by `***` (for banners). */
export function redactPostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) {
      if (/pass|secret|key|token/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    return '(unparsable connection string)';
  }
}

/** An error message about the database, stripped of anything that repeats the connection string. */
function why(err: unknown, url: string): string {
  const e = err as { message?: string; code?: string };
  let msg = e.message ?? String(err);
  if (msg.includes(url)) msg = msg.split(url).join(describePostgresUrl(url));
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password) msg = msg.split(password).join('***');
  } catch {
    // not a URL: nothing more to strip
  }
  return e.code ? `${msg} (${e.code})` : msg;
}

interface ModelRow {
  payload: OAuthPayload;
  consumed_at: string | null;
}

function toPayload(row: ModelRow | undefined): OAuthPayload | undefined {
  if (!row) return undefined;
  const payload = { ...row.payload };
  if (row.consumed_at !== null) payload.consumed = Math.floor(Number(row.consumed_at) / 1000);
  return payload;
}

/** Opens the pool and brings the schema up to date; throws StoreOpenError with a clear reason. */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  const location = describePostgresUrl(opts.url);
  const log = opts.log ?? (() => {});
  const maxWaiting = opts.maxWaiting ?? 200;
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.maxConnections ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    statement_timeout: opts.statementTimeoutMs ?? 10_000,
    application_name: 'cway-mcp',
  });
  // An idle connection that breaks (server restart, network) is dropped by the pool; without a
  // listener the 'error' event would end the process.
  pool.on('error', (err) => log('warn', `PostgreSQL store: idle connection lost: ${why(err, opts.url)}`));

  try {
    const client = await pool.connect();
    try {
      await runner({
        dbClient: client,
        dir: MIGRATIONS_DIR,
        migrationsTable: MIGRATIONS_TABLE,
        direction: 'up',
        advisoryLockMode: 'wait',
        checkOrder: true,
        logger: {
          debug: (m) => log('debug', m),
          info: (m) => log('debug', m),
          warn: (m) => log('warn', m),
          error: (m) => log('warn', m),
        },
      });
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw new StoreOpenError(`cannot open the PostgreSQL store at ${location}: ${why(err, opts.url)}`);
  }

  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> => {
    if (pool.waitingCount >= maxWaiting) throw new StoreBusyError(pool.waitingCount);
    return pool.query<R>(text, values);
  };

  const indexed = (model: OAuthModelName, id: string, payload: OAuthPayload) => [
    typeof payload.grantId === 'string' ? payload.grantId : model === 'Grant' ? id : null,
    typeof payload.uid === 'string' ? payload.uid : null,
    typeof payload.userCode === 'string' ? payload.userCode : null,
    typeof payload.accountId === 'string' ? payload.accountId : null,
  ];

  const oauth: OAuthModelStore = {
    async upsert(model, id, payload, expiresAt) {
      const { consumed: _ignored, ...rest } = payload;
      // consumed_at is not in the update list: a consumed code stays consumed when re-saved.
      await query(
        `INSERT INTO oauth_model (model, id, payload, grant_id, uid, user_code, account_id, expires_at, consumed_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)
         ON CONFLICT (model, id) DO UPDATE SET payload = excluded.payload, grant_id = excluded.grant_id,
           uid = excluded.uid, user_code = excluded.user_code, account_id = excluded.account_id,
           expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
        [model, id, JSON.stringify(rest), ...indexed(model, id, payload), expiresAt, Date.now()],
      );
    },
    async find(model, id, now) {
      const r = await query<ModelRow>(
        `SELECT payload, consumed_at FROM oauth_model
         WHERE model = $1 AND id = $2 AND (expires_at IS NULL OR expires_at > $3)`,
        [model, id, now],
      );
      return toPayload(r.rows[0]);
    },
    async findByUid(model, uid, now) {
      const r = await query<ModelRow>(
        `SELECT payload, consumed_at FROM oauth_model
         WHERE model = $1 AND uid = $2 AND (expires_at IS NULL OR expires_at > $3) LIMIT 1`,
        [model, uid, now],
      );
      return toPayload(r.rows[0]);
    },
    async findByUserCode(model, userCode, now) {
      const r = await query<ModelRow>(
        `SELECT payload, consumed_at FROM oauth_model
         WHERE model = $1 AND user_code = $2 AND (expires_at IS NULL OR expires_at > $3) LIMIT 1`,
        [model, userCode, now],
      );
      return toPayload(r.rows[0]);
    },
    async consume(model, id, now) {
      const r = await query(
        `UPDATE oauth_model SET consumed_at = $1
         WHERE model = $2 AND id = $3 AND consumed_at IS NULL AND (expires_at IS NULL OR expires_at > $1)
         RETURNING id`,
        [now, model, id],
      );
      return r.rowCount === 1;
    },
    async destroy(model, id) {
      await query(`DELETE FROM oauth_model WHERE model = $1 AND id = $2`, [model, id]);
    },
    async revokeByGrantId(model, grantId) {
      await query(`DELETE FROM oauth_model WHERE model = $1 AND grant_id = $2`, [model, grantId]);
    },
    async grantsOfAccount(accountId, now, limit) {
      const r = await query<{ id: string }>(
        `SELECT id FROM oauth_model
         WHERE model = 'Grant' AND account_id = $1 AND (expires_at IS NULL OR expires_at > $2)
         ORDER BY updated_at DESC LIMIT $3`,
        [accountId, now, limit],
      );
      return r.rows.map((row) => row.id);
    },
  };

  const vault: VaultStore = {
    async put(record) {
      await query(
        `INSERT INTO vault (account_id, key_id, sealed, cway_user_id, cway_username, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (account_id) DO UPDATE SET key_id = excluded.key_id, sealed = excluded.sealed,
           cway_user_id = excluded.cway_user_id, cway_username = excluded.cway_username,
           updated_at = excluded.updated_at`,
        [
          record.accountId,
          record.keyId,
          record.sealed,
          record.cwayUserId,
          record.cwayUsername,
          record.createdAt,
          record.updatedAt,
        ],
      );
    },
    async get(accountId) {
      const r = await query<{
        account_id: string;
        key_id: string;
        sealed: Buffer;
        cway_user_id: string;
        cway_username: string;
        created_at: string;
        updated_at: string;
      }>(`SELECT * FROM vault WHERE account_id = $1`, [accountId]);
      const row = r.rows[0];
      if (!row) return undefined;
      return {
        accountId: row.account_id,
        keyId: row.key_id,
        sealed: row.sealed,
        cwayUserId: row.cway_user_id,
        cwayUsername: row.cway_username,
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
      };
    },
    async delete(accountId) {
      return (await query(`DELETE FROM vault WHERE account_id = $1`, [accountId])).rowCount === 1;
    },
    async count() {
      return Number((await query<{ n: string }>(`SELECT count(*) AS n FROM vault`, [])).rows[0]!.n);
    },
  };

  const confirmations: ConfirmationLedger = {
    async spend(tokenId, expiresAt) {
      const r = await query(
        `INSERT INTO spent_confirmation (token_id, expires_at) VALUES ($1, $2)
         ON CONFLICT (token_id) DO NOTHING RETURNING token_id`,
        [tokenId, expiresAt],
      );
      return r.rowCount === 1;
    },
  };

  let closed = false;
  return {
    kind: 'postgres',
    location,
    oauth,
    vault,
    confirmations,
    async sweep(now) {
      const a = await query(`DELETE FROM oauth_model WHERE expires_at IS NOT NULL AND expires_at <= $1`, [now]);
      const b = await query(`DELETE FROM spent_confirmation WHERE expires_at <= $1`, [now]);
      return (a.rowCount ?? 0) + (b.rowCount ?? 0);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/**
 * The sandbox store: one SQLite database (in memory unless a path is given) opened with
 * better-sqlite3, a cache of prepared statements, generic insert/update helpers and one
 * repository per domain. Every multi-row write runs inside `tx`.
 */
import Database, { type Statement } from 'better-sqlite3';
import { INDEXES, TABLES } from './store/schema.js';
import { UsersRepo } from './store/users.js';
import { ProjectsRepo } from './store/projects.js';
import { ArtworksRepo } from './store/artworks.js';
import { HistoryRepo } from './store/history.js';
import { MediaRepo } from './store/media.js';
import { SharesRepo } from './store/shares.js';
import { SetupRepo } from './store/setup.js';
import { StatsRepo } from './store/stats.js';
import { Rng } from './random.js';

type Row = Record<string, unknown>;

export class Store {
  readonly db: Database.Database;
  readonly users: UsersRepo;
  readonly projects: ProjectsRepo;
  readonly artworks: ArtworksRepo;
  readonly history: HistoryRepo;
  readonly media: MediaRepo;
  readonly shares: SharesRepo;
  readonly setup: SetupRepo;
  readonly stats: StatsRepo;
  private readonly statements = new Map<string, Statement>();
  private readonly idRng: Rng;

  constructor(opts: { dbPath?: string; seed: number }) {
    this.db = new Database(opts.dbPath ?? ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = OFF');
    const fresh = !this.db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'projects'").get();
    if (!fresh) {
      this.db.close();
      throw new Error(`sandbox database ${opts.dbPath} already holds data; use a new file`);
    }
    this.db.exec(TABLES);
    // Unicode-aware lower case for case-insensitive searches (SQLite's lower() is ASCII only).
    this.db.function('fold', { deterministic: true }, (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v));
    this.idRng = new Rng(opts.seed ^ 0x5eed1d);
    this.users = new UsersRepo(this);
    this.projects = new ProjectsRepo(this);
    this.artworks = new ArtworksRepo(this);
    this.history = new HistoryRepo(this);
    this.media = new MediaRepo(this);
    this.shares = new SharesRepo(this);
    this.setup = new SetupRepo(this);
    this.stats = new StatsRepo(this);
  }

  /** A prepared statement, prepared once per SQL text. */
  stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  all<T>(sql: string, params: Row | unknown[] = {}): T[] {
    return this.stmt(sql).all(params) as T[];
  }

  get<T>(sql: string, params: Row | unknown[] = {}): T | undefined {
    return this.stmt(sql).get(params) as T | undefined;
  }

  run(sql: string, params: Row | unknown[] = {}): number {
    return this.stmt(sql).run(params).changes;
  }

  insert(table: string, row: Row): void {
    const cols = Object.keys(row);
    this.stmt(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(
      toSql(row),
    );
  }

  /** Updates the row(s) matching `key` with `patch`; returns the number of changed rows. */
  update(table: string, key: Row, patch: Row): number {
    const sets = Object.keys(patch).map((c) => `${c} = @${c}`);
    if (sets.length === 0) return 0;
    const where = Object.keys(key).map((c) => `${c} = @k_${c}`);
    const params: Row = toSql(patch);
    for (const [k, v] of Object.entries(key)) params[`k_${k}`] = v;
    return this.stmt(`UPDATE ${table} SET ${sets.join(', ')} WHERE ${where.join(' AND ')}`).run(params).changes;
  }

  /** Creates the secondary indexes; called once the seed has loaded its rows. */
  createIndexes(): void {
    this.db.exec(INDEXES);
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** A new random-looking id, deterministic for a given seed and sequence of calls. */
  newId(): string {
    const hex = Array.from({ length: 4 }, () =>
      Math.floor(this.idRng.next() * 2 ** 32)
        .toString(16)
        .padStart(8, '0'),
    ).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  close(): void {
    this.db.close();
  }
}

/** better-sqlite3 binds only numbers, strings, bigints, buffers and null: map booleans to 0/1. */
function toSql(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v;
  return out;
}

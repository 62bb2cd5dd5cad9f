import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, type MigrationProvider } from 'kysely';
import type { DB } from './types.js';
import { migrations } from './migrations/index.js';
import { BACKSTOP_PAGES, startCheckpointer } from './checkpointer.js';
import { InlineLimits } from './inline-limits.js';
import { sqliteDialect } from './sqlite-driver.js';
import { namedStatementPool } from './pg-pool.js';
import { endHeldReads } from './held-reads.js';
import { startChangeFeed } from './change-feed.js';
import { followChanges } from '../cache.js';

// Postgres returns int8 (our timestamps, ids, count(*)) as strings; all of ours fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export type Engine = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** The Postgres schema in use when not the default one. */
  pgSchema?: string;
  /**
   * Resolves once every write made so far is committed. Only SQLite with group commit ever waits (see
   * sqlite-driver.ts); anything that answers a person about a write awaits this first.
   */
  durable(): Promise<void>;
  /** Turns SQLite group commit on; call after migrations. Nothing on Postgres. */
  startGroups(): void;
  close(): Promise<void>;
}

const committed = () => Promise.resolve();

export interface DatabaseOptions {
  /** Postgres connection string; when absent, SQLite is used. */
  databaseUrl?: string;
  /** Directory of the SQLite file (`triad.sqlite`); ':memory:' for an in-memory database. */
  dataDir?: string;
  /** Postgres schema to use (created if missing): lets each test file have a fresh database. */
  pgSchema?: string;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) {
    if (opts.pgSchema) {
      const admin = new pg.Client({ connectionString: opts.databaseUrl });
      await admin.connect();
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${opts.pgSchema}"`);
      await admin.end();
    }
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: Number(process.env.PG_POOL_MAX ?? 10),
      // Connections stay open once made: above `min` the pool arms an idle timer on every release.
      min: Number(process.env.PG_POOL_MAX ?? 10),
      // Statements go out without waiting for the previous answer where that is safe (pg-pool.ts).
      pipeline: true,
      ...(opts.pgSchema ? { options: `-c search_path=${opts.pgSchema}` } : {}),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: namedStatementPool(pool) }) });
    // Every process hears of the changes the request caches depend on, whoever made them (cache.ts).
    const feed = startChangeFeed({ databaseUrl: opts.databaseUrl, pgSchema: opts.pgSchema }, followChanges(db));
    const close = async () => { await feed.stop(); await endHeldReads(db); await db.destroy(); };
    return { db, engine: 'postgres', pgSchema: opts.pgSchema, durable: committed, startGroups: () => {}, close };
  }
  const dir = opts.dataDir ?? 'data';
  let file = ':memory:';
  if (dir !== ':memory:') {
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, 'triad.sqlite');
  }
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  const handle = sqliteDialect(sqlite);
  const db = new Kysely<DB>({ dialect: handle.dialect, plugins: [new InlineLimits()] });
  const base = { db, engine: 'sqlite' as const, durable: handle.durable, startGroups: handle.startGroups };
  if (file === ':memory:') return { ...base, close: () => db.destroy() };
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const checkpointer = startCheckpointer(file);
  return { ...base, close: async () => { await handle.durable().catch(() => {}); await checkpointer.stop(); await db.destroy(); } };
}

/** Drops a Postgres schema made by `openDatabase({ pgSchema })` (tests and benchmarks use one each). */
export async function dropPgSchema(databaseUrl: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrate(db: Kysely<DB>, pgSchema?: string): Promise<void> {
  // Kysely looks for its migration tables across every schema unless told which: with several schemas in
  // one database (a test file each), another schema's tables would be taken for ours.
  const migrator = new Migrator({ db, provider, ...(pgSchema ? { migrationTableSchema: pgSchema } : {}) });
  for (let attempt = 1; ; attempt++) {
    try {
      const { error, results } = await migrator.migrateToLatest();
      for (const r of results ?? []) {
        if (r.status === 'Error') throw new Error(`migration ${r.migrationName} failed`);
      }
      if (error) throw error;
      return;
    } catch (e) {
      // Kysely's check for its table lists the tables of every schema; a schema another process drops at
      // that moment fails the listing. Nothing was migrated yet, so the check is simply run again.
      const msg = e instanceof Error ? e.message : String(e);
      if (!pgSchema || attempt >= 5 || !/^schema ".*" does not exist$/.test(msg) || msg.includes(`"${pgSchema}"`)) throw e;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

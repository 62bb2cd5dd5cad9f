import type SQLite from 'better-sqlite3';
import {
  CompiledQuery, SelectQueryNode, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type Kysely, type QueryResult,
} from 'kysely';

/**
 * Kysely's SQLite dialect, plus group commit and a prepared-statement cache.
 *
 * Group commit: a COMMIT in WAL mode writes every page the transaction touched and costs ~50 µs, more than
 * the claim or submit statements themselves. With groups on, the first transaction of an event-loop turn
 * opens one real transaction (`BEGIN IMMEDIATE`) and each Kysely transaction becomes a savepoint inside it
 * (released on success, rolled back alone on failure, so transactions stay all-or-nothing and isolated:
 * the connection runs one at a time). The real COMMIT runs once per turn, after every request that turn
 * brought in. Nothing is acknowledged early: whoever answers a person awaits `durable()`, which resolves
 * when everything written so far is committed (the API does so before sending any response), and a failed
 * COMMIT rejects it, so those requests fail instead of claiming a write that did not happen.
 *
 * Groups start only when `startGroups()` is called, after migrations: some statements (PRAGMAs, VACUUM) do
 * nothing or fail inside a transaction.
 */
export interface SqliteHandle {
  dialect: Dialect;
  /** Turns group commit on (off until then: every transaction commits on its own). */
  startGroups(): void;
  /** Resolves once every write made so far is committed; rejects if their group failed to commit. */
  durable(): Promise<void>;
}

const SAVEPOINT = 'triad_tx';
const ROLLED_BACK = 'SQLite rolled back the group transaction after an error';

export function sqliteDialect(sqlite: SQLite.Database): SqliteHandle {
  const driver = new GroupCommitDriver(sqlite);
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
  return { dialect, startGroups: () => driver.startGroups(), durable: () => driver.durable() };
}

/** First come, first served: the commit of a turn queues behind the transactions already waiting. */
class Mutex {
  #held = false;
  #queue: (() => void)[] = [];

  lock(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#queue.push(resolve));
  }

  unlock(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#held = false;
  }
}

interface Waiter { resolve(): void; reject(e: unknown): void }

class GroupCommitDriver implements Driver {
  readonly #sqlite: SQLite.Database;
  readonly #mutex = new Mutex();
  readonly #connection: StatementConnection;
  #groups = false;
  /** A group transaction is open on the connection. */
  #open = false;
  #waiters: Waiter[] = [];

  constructor(sqlite: SQLite.Database) {
    this.#sqlite = sqlite;
    this.#connection = new StatementConnection(sqlite);
  }

  async init(): Promise<void> {}

  startGroups(): void {
    this.#groups = true;
  }

  durable(): Promise<void> {
    if (!this.#open) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async beginTransaction(): Promise<void> {
    if (!this.#groups) return this.#connection.run('begin');
    // Some errors (I/O, disk full) make SQLite roll back the whole transaction: that group is lost.
    if (this.#open && !this.#sqlite.inTransaction) this.#lost(new Error(ROLLED_BACK));
    if (!this.#open) {
      this.#connection.run('begin immediate');
      this.#open = true;
      setImmediate(() => void this.#commitGroup());
    }
    this.#connection.run(`savepoint ${SAVEPOINT}`);
  }

  async commitTransaction(): Promise<void> {
    this.#connection.run(this.#groups ? `release ${SAVEPOINT}` : 'commit');
  }

  async rollbackTransaction(): Promise<void> {
    if (!this.#groups) return this.#connection.run('rollback');
    this.#connection.run(`rollback to ${SAVEPOINT}`);
    this.#connection.run(`release ${SAVEPOINT}`);
  }

  async savepoint(_c: DatabaseConnection, name: string): Promise<void> {
    this.#connection.run(`savepoint "${name}"`);
  }

  async rollbackToSavepoint(_c: DatabaseConnection, name: string): Promise<void> {
    this.#connection.run(`rollback to "${name}"`);
  }

  async releaseSavepoint(_c: DatabaseConnection, name: string): Promise<void> {
    this.#connection.run(`release "${name}"`);
  }

  /** Commits the turn's group once no transaction is running, and tells everyone waiting how it went. */
  async #commitGroup(): Promise<void> {
    await this.#mutex.lock();
    try {
      if (!this.#open) return;
      if (!this.#sqlite.inTransaction) return this.#lost(new Error(ROLLED_BACK));
      try {
        this.#connection.run('commit');
      } catch (e) {
        // A COMMIT can fail (disk full, I/O error): the whole group is then undone, never half kept.
        try { this.#connection.run('rollback'); } catch { /* SQLite already rolled back */ }
        return this.#lost(e);
      }
      const waiters = this.#waiters;
      this.#open = false;
      this.#waiters = [];
      for (const w of waiters) w.resolve();
    } finally {
      this.#mutex.unlock();
    }
  }

  #lost(e: unknown): void {
    const waiters = this.#waiters;
    this.#open = false;
    this.#waiters = [];
    console.error('SQLite group commit failed; the group\'s transactions were rolled back:', e);
    for (const w of waiters) w.reject(e);
  }

  async destroy(): Promise<void> {
    await this.#commitGroup();
    this.#connection.clear();
    this.#sqlite.close();
  }
}

/**
 * Kysely prepares every query anew; with better-sqlite3 that parse is a large share of a short request.
 * Queries come from a small set of shapes, so prepared statements are cached by SQL text. Reuse is safe
 * because the connection runs one query at a time.
 */
class StatementConnection implements DatabaseConnection {
  readonly #sqlite: SQLite.Database;
  readonly #cache = new Map<string, SQLite.Statement>();

  constructor(sqlite: SQLite.Database) {
    this.#sqlite = sqlite;
  }

  #prepare(sql: string): SQLite.Statement {
    let stmt = this.#cache.get(sql);
    if (!stmt) {
      stmt = this.#sqlite.prepare(sql);
      if (this.#cache.size >= 1000) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(sql, stmt);
    }
    return stmt;
  }

  run(sql: string): void {
    this.#prepare(sql).run();
  }

  clear(): void {
    this.#cache.clear();
  }

  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const stmt = this.#prepare(compiled.sql);
    const params = compiled.parameters as unknown[];
    if (stmt.reader) return Promise.resolve({ rows: stmt.all(params) as R[] });
    const { changes, lastInsertRowid } = stmt.run(params);
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite streams only select queries');
    for (const row of this.#prepare(compiled.sql).iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
  }
}

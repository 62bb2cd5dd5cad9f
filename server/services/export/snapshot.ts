import { sql, type ControlledTransaction, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { Deps } from '../../context.js';
import { holdUntilClose } from '../../db/held-reads.js';

/**
 * Where an export's reads go. On PostgreSQL a download reads one snapshot (the database as it was when it
 * started) over up to `CONNECTIONS` pooled connections, so that the database reads the next pages while
 * this process writes the previous one; everything else reads the database as it is, one read at a time.
 */
export interface ExportReader {
  /** Runs a read: in the snapshot when there is one, on its least busy connection. */
  read<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T>;
  /** How many reads are worth having in flight at once (connections of the snapshot, 1 without one). */
  readonly depth: number;
  /** Ends the snapshot's transactions and hands their connections back; idempotent, never throws. */
  close(): Promise<void>;
}

/** Reads of the database as it is, on the caller's connection pool. */
export const liveReader = (db: Kysely<DB>): ExportReader => ({ read: (fn) => fn(db), depth: 1, close: async () => {} });

/** Connections of one PostgreSQL export: the database works on the next pages while this process builds one. */
const CONNECTIONS = 3;
/**
 * Connections all the exports of a database may hold at once. An export holds its connections for as
 * long as its download lasts (a slow client's too): beyond this, the pool (10 by default) would be left
 * to exports while people labeling wait. A download that finds none free waits for one before its first
 * page; a further connection of an export is taken only when one is free at once.
 */
export const EXPORT_CONNECTIONS = 4;

/** Free export connections of a database, and the downloads waiting for one. */
class Budget {
  free = EXPORT_CONNECTIONS;
  waiting: Array<() => void> = [];
  take(): Promise<void> {
    if (this.free > 0) { this.free--; return Promise.resolve(); }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  tryTake(): boolean {
    if (this.free === 0) return false;
    this.free--;
    return true;
  }
  give() {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}
const budgets = new WeakMap<Kysely<DB>, Budget>();
const budgetOf = (db: Kysely<DB>) => {
  let b = budgets.get(db);
  if (!b) budgets.set(db, (b = new Budget()));
  return b;
};

const begin = (db: Kysely<DB>) => db.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
const noop = () => {};

/**
 * A PostgreSQL export's snapshot: a REPEATABLE READ READ ONLY transaction on a first connection, whose
 * snapshot (`pg_export_snapshot()`) the other connections' transactions adopt (`SET TRANSACTION SNAPSHOT`),
 * so every read of the export, on whichever connection, sees the same committed rows.
 *
 * The export never waits for its other connections: they join as the pool hands them out, and the first
 * one reads alone until then (so exports cannot deadlock waiting for one another's connections); one
 * granted after the export ended is handed straight back.
 */
export async function openPgSnapshot(db: Kysely<DB>, connections = CONNECTIONS): Promise<ExportReader> {
  const budget = budgetOf(db);
  const conns: Array<{ trx: ControlledTransaction<DB>; busy: number }> = [];
  let closed = false;
  const ended = () => new Error('export: the database closed');
  /** Ends a transaction of the export (a rollback releases its connection even when it fails) and frees its place. */
  const end = (trx: ControlledTransaction<DB>) => trx.rollback().execute().catch(noop).then(() => budget.give());
  /** A transaction of the export on a connection of its own, ended at once should the export have ended meanwhile. */
  const open = async (init: (trx: ControlledTransaction<DB>) => Promise<void>) => {
    const trx = await begin(db).catch((e: unknown) => { budget.give(); throw e; });
    try {
      if (closed) throw ended();
      await init(trx);
      if (closed) throw ended();
    } catch (e) {
      await end(trx);
      throw e;
    }
    conns.push({ trx, busy: 0 });
  };
  let opened: Promise<void> = Promise.resolve();
  const close = async () => {
    if (closed) return;
    closed = true;
    unhold();
    // The first transaction may still be opening (the database can close before a download's first page).
    await opened.catch(noop);
    // A rollback waits for the read in flight on its connection.
    await Promise.all(conns.map((c) => end(c.trx)));
  };
  const unhold = holdUntilClose(db, close);

  let snapshot = '';
  opened = (async () => {
    await budget.take();
    if (closed) { budget.give(); throw ended(); }
    await open(async (trx) => {
      snapshot = (await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(trx)).rows[0].id;
      // An identifier PostgreSQL made (hex groups and dashes); SET takes no parameters, so it is checked before it is spelled out.
      if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`export: unexpected snapshot identifier ${JSON.stringify(snapshot)}`);
    });
  })();
  try {
    await opened;
  } catch (e) {
    closed = true;
    unhold();
    throw e;
  }
  for (let i = 1; i < connections && budget.tryTake(); i++) open((trx) => sql`set transaction snapshot ${sql.lit(snapshot)}`.execute(trx).then(noop)).catch(noop);

  return {
    depth: connections,
    async read(fn) {
      if (closed) throw new Error('export: read after the export ended');
      let c = conns[0];
      for (const x of conns) if (x.busy < c.busy) c = x;
      c.busy++;
      try {
        return await fn(c.trx);
      } finally {
        c.busy--;
      }
    },
    close,
  };
}

/** The reader of a download: a snapshot on PostgreSQL; on SQLite the page worker holds the snapshot (page-worker.ts). */
export const openExportReader = (deps: Pick<Deps, 'db' | 'engine'>): Promise<ExportReader> =>
  deps.engine === 'postgres' ? openPgSnapshot(deps.db) : Promise.resolve(liveReader(deps.db));

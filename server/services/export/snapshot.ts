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

/**
 * Connections of a PostgreSQL export: the database then works on two pages while this process builds a
 * third (measured on 2 cores: a third connection brought nothing more); a pool of 10 keeps most for the
 * people labeling.
 */
const CONNECTIONS = 3;

const begin = (db: Kysely<DB>) => db.startTransaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute();
const noop = () => {};

/**
 * A PostgreSQL export's snapshot: a REPEATABLE READ READ ONLY transaction on a first connection, whose
 * snapshot (`pg_export_snapshot()`) the other connections' transactions adopt (`SET TRANSACTION SNAPSHOT`),
 * so every read of the export, on whichever connection, sees the same committed rows.
 *
 * The export never waits for its other connections: they join as the pool hands them out and the first
 * one reads alone until then. So exports cannot starve one another of connections (each one needs only
 * the one it has), and a connection granted after the export ended is handed straight back.
 */
export async function openPgSnapshot(db: Kysely<DB>, connections = CONNECTIONS): Promise<ExportReader> {
  const first = await begin(db);
  let snapshot: string;
  try {
    snapshot = (await sql<{ id: string }>`select pg_export_snapshot() as id`.execute(first)).rows[0].id;
    // An identifier PostgreSQL made (hex groups and dashes); SET takes no parameters, so it is checked before it is spelled out.
    if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`export: unexpected snapshot identifier ${JSON.stringify(snapshot)}`);
  } catch (e) {
    await first.rollback().execute().catch(noop);
    throw e;
  }
  const conns: Array<{ trx: ControlledTransaction<DB>; busy: number }> = [{ trx: first, busy: 0 }];
  let closed = false;

  const join = async () => {
    const trx = await begin(db);
    try {
      if (closed) throw new Error('export ended');
      await sql`set transaction snapshot ${sql.lit(snapshot)}`.execute(trx);
      if (closed) throw new Error('export ended');
    } catch {
      await trx.rollback().execute().catch(noop);
      return;
    }
    conns.push({ trx, busy: 0 });
  };
  for (let i = 1; i < connections; i++) join().catch(noop);

  const close = async () => {
    if (closed) return;
    closed = true;
    unhold();
    // A rollback waits for the read in flight on its connection, and releases it even when it fails.
    await Promise.all(conns.map((c) => c.trx.rollback().execute().catch(noop)));
  };
  const unhold = holdUntilClose(db, close);
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

import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

/**
 * A published import's rows enter the claim indexes (migration 2026-12-08T02: they hold only rows with no
 * import id) when their import id is cleared here, a batch per short transaction, best rows by claim order
 * first (rows_importing: the import's rows by priority, then id). Until then they are visible to every
 * reader (the switch made them so) but no claim hands them out. The publishing transaction clears the
 * first batch itself, so an import of up to a batch is claimable the moment it is visible, and the best
 * rows of a bigger one are. The rest is cleared in the background, off every request's path: each batch
 * holds SQLite's one connection briefly, and a person's request waits for one batch at worst.
 *
 * `import_clearing` lists the imports not yet cleared: a start after a crash resumes them (`kickClearing`
 * at boot), and the label queue's "nothing to do" tells rows still coming from all done by it.
 */

export type ClearingTables = { import_clearing: { import_id: string; project_id: number; published_at: number } };
const clearing = (db: Kysely<DB>) => db.withTables<ClearingTables>();
const isPg = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Rows a batch clears. SQLite: 1,000 rows take 10-20 ms here (each row leaves rows_importing and enters the
 * two claim indexes, and its page is written again), which a request behind them waits for at worst; at a
 * million rows, 2,000 back to back put the health p50 at 34 ms. PostgreSQL's other connections do not wait
 * for it: bigger batches mean fewer commits.
 */
export const CLEAR_BATCH = { sqlite: 1000, postgres: 5000 } as const;

/**
 * In the publishing transaction, after the switch: lists the import for clearing and clears its first
 * batch. Nothing is listed for an import that wrote no rows.
 */
export async function listPublished(tx: Kysely<DB>, importId: string, projectId: number, now: number): Promise<void> {
  await clearing(tx).insertInto('import_clearing').values({ import_id: importId, project_id: projectId, published_at: now }).execute();
  await clearStep(tx, importId);
}

/** One batch; a short one is the last (nothing adds rows to a published import), and the listing goes with it. */
async function clearStep(tx: Kysely<DB>, importId: string): Promise<boolean> {
  if (await clearBatch(tx, importId) === batchOf(tx)) return false;
  await clearing(tx).deleteFrom('import_clearing').where('import_id', '=', importId).execute();
  return true;
}

const batchOf = (db: Kysely<DB>) => CLEAR_BATCH[isPg(db) ? 'postgres' : 'sqlite'];

/**
 * Clears the import id of the import's best `batchOf` rows still holding it, and takes their required
 * domains out of `importing`: returns how many rows it cleared. PostgreSQL: no FOR UPDATE SKIP LOCKED,
 * which wrote a lock into each row before the update rewrote it (twice the WAL, 2x the time per batch:
 * 613-850 against 299-366 ms for 5,000 rows at load ~9); two processes clearing the same import (a start
 * while the publisher clears) wait for each other's batch and clear the same rows twice, harmlessly.
 */
async function clearBatch(db: Kysely<DB>, importId: string): Promise<number> {
  const n = batchOf(db);
  if (isPg(db)) {
    const r = await sql<{ n: string }>`with b as (select id from rows where import_id = ${importId} order by priority desc, id limit ${n}),
        needs as (update row_needs set state = 'labeling' from b where row_needs.row_id = b.id and row_needs.state = 'importing'),
        cleared as (update rows set import_id = null from b where rows.id = b.id returning 1)
      select count(*) as n from cleared`.execute(db);
    return Number(r.rows[0].n);
  }
  const ids = (await sql<{ id: number }>`select id from rows where import_id = ${importId} order by priority desc, id limit ${n}`.execute(db)).rows.map((r) => r.id);
  if (!ids.length) return 0;
  const list = JSON.stringify(ids);
  // Only a labeling row's needs are ever `importing`: a state change since the switch set them by trigger.
  await sql`update row_needs set state = 'labeling' where state = 'importing' and row_id in (select value from json_each(${list}))`.execute(db);
  await sql`update rows set import_id = null where id in (select value from json_each(${list}))`.execute(db);
  return ids.length;
}

/** The clearing running for each database (keyed by its adapter, which its transactions share). */
const loops = new WeakMap<object, { run: Promise<void>; again: boolean; stopping: boolean }>();

/**
 * Clears every listed import in the background, a batch per transaction; resolves when none is left (or
 * `stopClearing` asked it to end). Called once an import has published, and at boot. A call while the
 * clearing runs makes it look at the list again before it ends, and returns the same promise.
 */
export function kickClearing(db: Kysely<DB>): Promise<void> {
  const key = db.getExecutor().adapter;
  const cur = loops.get(key);
  if (cur && !cur.stopping) { cur.again = true; return cur.run; }
  const state = { run: Promise.resolve(), again: true, stopping: false };
  state.run = (async () => {
    try {
      while (state.again && !state.stopping) {
        state.again = false;
        for (const job of await clearing(db).selectFrom('import_clearing').select('import_id').orderBy('published_at').execute()) {
          while (!state.stopping) {
            const began = performance.now();
            const done = await db.transaction().execute(async (tx) => {
              // A batch lost in a crash is cleared again by the next start (its listing is lost with it).
              if (isPg(tx)) await sql`set local synchronous_commit to off`.execute(tx);
              return clearStep(tx, job.import_id);
            });
            if (done) break;
            // SQLite: the connection rests as long as the batch held it, so requests meet it free half the
            // time (a million rows back to back, 2,000 a batch: health p50 34 ms, p99 255 ms meanwhile).
            // PostgreSQL's other connections never wait for it: only the event loop is let through.
            await new Promise<void>((resolve) => (isPg(db) ? setImmediate(resolve) : setTimeout(resolve, performance.now() - began)));
          }
        }
      }
    } catch (e) {
      // The next publish or the next start takes it up again where it stopped.
      if (!state.stopping) console.warn(`clearing published imports stopped: ${(e as Error).message}`);
    } finally {
      if (loops.get(key) === state) loops.delete(key);
    }
  })();
  loops.set(key, state);
  return state.run;
}

/** Ends the clearing after its current batch (before the database closes); the next start resumes it. */
export async function stopClearing(db: Kysely<DB>): Promise<void> {
  const cur = loops.get(db.getExecutor().adapter);
  if (!cur) return;
  cur.stopping = true;
  await cur.run;
}

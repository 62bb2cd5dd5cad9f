import { randomBytes } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { processGone, tempOwner } from '../temp-file.js';
import type { CandidateRow } from './validate.js';
import { writeImportRows } from '../../repos/import-rows.js';
import { kickClearing, listPublished } from './clear-published.js';

/**
 * An import's working state (migrations 2026-12-07T07 and T19). New rows go straight into `rows`, a batch
 * per short transaction, marked with the import's id: invisible to every reader while the job row exists
 * (repos/visible.ts). Updates of existing rows wait in `import_staging` (seq < 0), since their old data
 * stays visible until the end. Publishing deletes the job row in the transaction that applies the updates:
 * one quick switch, whatever the import's size. A failed import deletes its rows a chunk at a time. A
 * published import's id is cleared from its rows in the background (clear-published.ts), which puts them in
 * the claim indexes.
 *
 * A job row names its owner (host tag, pid) and is touched every HEARTBEAT_MS while it runs; a job whose
 * owner is gone is swept with its rows and staged updates (`sweepStaleImports`, at boot).
 */

export type StagingTables = {
  import_jobs: { id: string; project_id: number; owner_host: string; owner_pid: number; started_at: number; heartbeat_at: number };
  import_staging: {
    import_id: string; seq: number; line: number; target_row_id: number | null; external_id: string | null;
    data_json: string; prelabels_json: string | null; expertise_json: string; priority: number; gold_json: string | null;
  };
};
type Sdb = Kysely<DB & StagingTables>;
const staging = (db: Kysely<DB>) => db.withTables<StagingTables>();
const isPg = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export const HEARTBEAT_MS = 30_000;
/** A job untouched this long has no live owner, wherever it ran. */
export const STALE_JOB_MS = 5 * 60_000;
/** Staged rows removed per statement: deleting a million at once would hold SQLite's one connection for seconds. */
const DELETE_CHUNK = 5000;

/** Jobs running in this process (a boot in the same process, as tests do, must not sweep them). */
const running = new Set<string>();

export interface StagedUpdate { line: number; row: CandidateRow; id: number }

export class ImportJob {
  #newSeq = 0;
  #updSeq = 0;
  #published = false;
  #timer: NodeJS.Timeout;
  /**
   * The project held no row when the import started, so no line can name one it has (re-import, export
   * brought back): the batches skip looking their ids up, 2,000 index seeks a batch on PostgreSQL. A row
   * another writer adds meanwhile with an id of this file still stops the import (the unique index).
   */
  private constructor(readonly db: Kysely<DB>, readonly id: string, readonly projectId: number, readonly emptyAtStart: boolean) {
    this.#timer = setInterval(() => {
      staging(db).updateTable('import_jobs').set({ heartbeat_at: Date.now() }).where('id', '=', id).execute()
        .catch((e) => console.warn(`import ${id}: heartbeat failed: ${(e as Error).message}`));
    }, HEARTBEAT_MS);
    this.#timer.unref();
  }

  static async start(db: Kysely<DB>, projectId: number): Promise<ImportJob> {
    // Short: every row the import writes keeps it.
    const id = randomBytes(9).toString('base64url');
    running.add(id);
    const now = Date.now();
    await staging(db).insertInto('import_jobs').values({ id, project_id: projectId, owner_host: tempOwner.host, owner_pid: process.pid, started_at: now, heartbeat_at: now }).execute();
    // Any row counts, hidden ones of another running import included.
    const some = await db.selectFrom('rows').select('id').where('project_id', '=', projectId).limit(1).executeTakeFirst();
    return new ImportJob(db, id, projectId, some === undefined);
  }

  /** How many new rows are written. */
  get newRows(): number { return this.#newSeq; }

  /**
   * Writes new rows (invisible until the switch, in file order) and stages updates of existing rows, in
   * one short transaction.
   */
  async stage(fresh: Array<{ line: number; row: CandidateRow }>, updates: StagedUpdate[], now: number): Promise<void> {
    if (!fresh.length && !updates.length) return;
    const values = updates.map((u) => toStaged(this.id, -++this.#updSeq, u.line, u.id, u.row));
    await this.db.transaction().execute(async (tx) => {
      // Rows nobody can see until the switch need not wait for the disk: a crash that loses the last few
      // batches loses an import the next boot sweeps anyway. The switch itself commits as always.
      if (isPg(tx)) await sql`set local synchronous_commit to off`.execute(tx);
      if (fresh.length) await writeImportRows(tx, this.projectId, this.id, fresh.map(({ row }) => row), now);
      // 10 columns a row: 500 rows stay under SQLite's and PostgreSQL's parameter limits.
      for (let i = 0; i < values.length; i += 500) await staging(tx).insertInto('import_staging').values(values.slice(i, i + 500)).execute();
    });
    this.#newSeq += fresh.length;
  }

  /** Staged updates in line order, a page at a time (few, usually: only rows whose line changed). */
  async *updates(tx: Kysely<DB>): AsyncIterable<StagedUpdate & { gold: string | null }> {
    for (let after = 0; ;) {
      const page = await staging(tx).selectFrom('import_staging').selectAll().where('import_id', '=', this.id).where('seq', '<', -after)
        .orderBy('seq', 'desc').limit(500).execute();
      if (!page.length) return;
      for (const s of page) {
        yield {
          line: Number(s.line), id: Number(s.target_row_id), gold: s.gold_json,
          row: {
            externalId: s.external_id, data: JSON.parse(s.data_json), prelabels: s.prelabels_json === null ? null : JSON.parse(s.prelabels_json),
            gold: s.gold_json === null ? null : JSON.parse(s.gold_json), expertise: JSON.parse(s.expertise_json), priority: Number(s.priority),
            sameRowId: null, mediaRefs: [],
          },
        };
      }
      after = -Number(page[page.length - 1].seq);
    }
  }

  /**
   * The switch: inside the caller's transaction (which applies the updates too), the job row goes and with
   * it the invisibility of every row the import wrote. Returns how many rows that made visible.
   */
  async publishNew(tx: Kysely<DB>): Promise<number> {
    await staging(tx).deleteFrom('import_jobs').where('id', '=', this.id).execute();
    if (this.#newSeq) await listPublished(tx, this.id, this.projectId, Date.now());
    this.#published = true;
    return this.#newSeq;
  }

  /** Ends the job: its staged updates go; unpublished, its rows and its job row too. */
  async discard(): Promise<void> {
    clearInterval(this.#timer);
    try {
      if (this.#published) {
        await clearStaged(this.db, this.id);
        void kickClearing(this.db);
      }
      else await clearJob(this.db, this.id);
    } finally {
      running.delete(this.id);
    }
  }
}

function toStaged(importId: string, seq: number, line: number, target: number | null, r: CandidateRow): StagingTables['import_staging'] {
  return {
    import_id: importId, seq, line, target_row_id: target, external_id: r.externalId, data_json: JSON.stringify(r.data),
    prelabels_json: r.prelabels ? JSON.stringify(r.prelabels) : null, expertise_json: JSON.stringify([...new Set(r.expertise)].sort()),
    priority: r.priority, gold_json: r.gold ? JSON.stringify(r.gold) : null,
  };
}

/** Each statement stays short: a million rows at once would hold SQLite's one connection for seconds. */
async function inChunks(step: () => Promise<bigint | number | undefined>): Promise<void> {
  while (Number(await step()) > 0) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * An unpublished import's rows, staged updates and job; the job row last, since its presence hides the rows.
 * Its rows are found through rows_importing (migration 2026-12-08T02), a chunk at a time, each chunk the
 * first entries left under its id.
 */
async function clearJob(db: Kysely<DB>, id: string): Promise<void> {
  for (;;) {
    const ids = (await db.selectFrom('rows').select('id').where('import_id', '=', id).limit(DELETE_CHUNK).execute()).map((r) => Number(r.id));
    if (!ids.length) break;
    await db.deleteFrom('rows').where('id', 'in', ids).execute();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await clearStaged(db, id);
  await staging(db).deleteFrom('import_jobs').where('id', '=', id).execute();
}

async function clearStaged(db: Kysely<DB>, id: string): Promise<void> {
  const s: Sdb = staging(db);
  // A chunk at a time, first in the primary key (import_id, seq): each statement is short.
  await inChunks(async () => (await s.deleteFrom('import_staging').where('import_id', '=', id)
    .where('seq', 'in', (eb) => eb.selectFrom('import_staging').select('seq').where('import_id', '=', id).limit(DELETE_CHUNK)).executeTakeFirst()).numDeletedRows);
}

/**
 * Removes the staging of imports nobody runs any more: not running in this process, and either made on
 * this host by a process that is gone (or had our pid before us), or untouched for STALE_JOB_MS (another
 * host or container: a live owner touches its job every HEARTBEAT_MS). Returns how many jobs it removed.
 */
export async function sweepStaleImports(db: Kysely<DB>, now = Date.now()): Promise<number> {
  const jobs = await staging(db).selectFrom('import_jobs').selectAll().execute();
  let removed = 0;
  for (const j of jobs) {
    if (running.has(j.id)) continue;
    const here = j.owner_host === tempOwner.host;
    const ownerGone = here && (Number(j.owner_pid) === process.pid || processGone(Number(j.owner_pid)));
    if (!ownerGone && now - Number(j.heartbeat_at) < STALE_JOB_MS) continue;
    await clearJob(db, j.id);
    removed++;
  }
  // Staged updates without a job row: of an import published (or undone) just before a crash. Its rows stay.
  const orphans = await staging(db).selectFrom('import_staging as s').select('s.import_id').distinct()
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('import_jobs as j').select('j.id').whereRef('j.id', '=', 's.import_id')))).execute();
  for (const o of orphans) if (!running.has(o.import_id)) { await clearStaged(db, o.import_id); removed++; }
  return removed;
}

import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { processGone, tempOwner } from '../temp-file.js';
import type { CandidateRow } from './validate.js';

/**
 * An import's staging area (migration 2026-12-07T07): rows wait in `import_staging`, written in short
 * transactions while the file is read and validated, and are moved into `rows` at the end by a few
 * set-based statements in one transaction (`publishNew`), so readers see all of an import or none of it
 * and the connection is free between chunks while the file is parsed.
 *
 * A job row names its owner (host tag, pid) and is touched every HEARTBEAT_MS while it runs; a job whose
 * owner is gone is swept with its staged rows (`sweepStaleImports`, at boot).
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
  #timer: NodeJS.Timeout;
  private constructor(readonly db: Kysely<DB>, readonly id: string, readonly projectId: number) {
    this.#timer = setInterval(() => {
      staging(db).updateTable('import_jobs').set({ heartbeat_at: Date.now() }).where('id', '=', id).execute()
        .catch((e) => console.warn(`import ${id}: heartbeat failed: ${(e as Error).message}`));
    }, HEARTBEAT_MS);
    this.#timer.unref();
  }

  static async start(db: Kysely<DB>, projectId: number): Promise<ImportJob> {
    const id = randomUUID();
    running.add(id);
    const now = Date.now();
    await staging(db).insertInto('import_jobs').values({ id, project_id: projectId, owner_host: tempOwner.host, owner_pid: process.pid, started_at: now, heartbeat_at: now }).execute();
    return new ImportJob(db, id, projectId);
  }

  /** How many new rows are staged. */
  get newRows(): number { return this.#newSeq; }

  /** Stages new rows (in file order) and updates of existing rows, in one short transaction. */
  async stage(fresh: Array<{ line: number; row: CandidateRow }>, updates: StagedUpdate[]): Promise<void> {
    const values = [
      ...fresh.map((f) => toStaged(this.id, ++this.#newSeq, f.line, null, f.row)),
      ...updates.map((u) => toStaged(this.id, -++this.#updSeq, u.line, u.id, u.row)),
    ];
    if (!values.length) return;
    // 10 columns a row: 500 rows stay under SQLite's and PostgreSQL's parameter limits.
    await this.db.transaction().execute(async (tx) => {
      for (let i = 0; i < values.length; i += 500) await staging(tx).insertInto('import_staging').values(values.slice(i, i + 500)).execute();
    });
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
   * Moves the staged new rows into `rows` (with their missing domains and gold references) inside the
   * caller's transaction, by set-based statements: no row passes through JavaScript. Row ids follow the
   * file order. Returns how many rows were inserted.
   */
  async publishNew(tx: Kysely<DB>, now: number): Promise<number> {
    if (this.#newSeq === 0) return 0;
    const pid = this.projectId;
    const mine = sql`s.import_id = ${this.id} and s.seq > 0`;
    let id;
    if (isPg(tx)) {
      // Ids from the rows sequence, drawn in file order; the publish's transaction is the only one to see them.
      await sql`update import_staging s set target_row_id = n.id from (
        select seq, nextval(pg_get_serial_sequence('rows', 'id')) as id from (select seq from import_staging where import_id = ${this.id} and seq > 0 order by seq) o
      ) n where s.import_id = ${this.id} and s.seq = n.seq`.execute(tx);
      id = sql`s.target_row_id`;
    } else {
      // SQLite has one writer: ids past the highest ever given (AUTOINCREMENT's sequence) are ours alone.
      const r = await sql<{ base: number }>`select max(coalesce((select seq from sqlite_sequence where name = 'rows'), 0), coalesce((select max(id) from rows), 0)) as base`.execute(tx);
      id = sql`(${Number(r.rows[0].base)} + s.seq)`;
    }
    const inserted = await sql`insert into rows (id, project_id, external_id, data_json, prelabels_json, expertise_json, priority, state, round,
        labels_taken, labels_done, qa_taken, agreement_json, agree, round_note, final_id, created_at, updated_at)
      select ${id}, ${pid}, s.external_id, s.data_json, s.prelabels_json, s.expertise_json, s.priority,
        case when s.gold_json is null then 'labeling' else 'gold' end, 1, 0, 0, 0, null, null, null, null, ${now}, ${now}
      from import_staging s where ${mine} order by s.seq`.execute(tx);
    // A gold row is never one of two labels or QA'd, so no domain is ever missing on it (as insertRows).
    const domains = isPg(tx) ? sql`json_array_elements_text(s.expertise_json::json) as d(value)` : sql`json_each(s.expertise_json) as d`;
    await sql`insert into row_needs (row_id, project_id, domain)
      select ${id}, ${pid}, d.value from import_staging s, ${domains}
      where ${mine} and s.gold_json is null and s.expertise_json <> '[]'`.execute(tx);
    await sql`insert into gold_rows (row_id, project_id, reference_json, source, final_id, created_by, created_at)
      select ${id}, ${pid}, s.gold_json, 'import', null, null, ${now} from import_staging s where ${mine} and s.gold_json is not null`.execute(tx);
    return Number(inserted.numAffectedRows ?? this.#newSeq);
  }

  /** Removes the staged rows and the job, a chunk per statement; the job is no longer this process's. */
  async discard(): Promise<void> {
    clearInterval(this.#timer);
    try {
      await clearJob(this.db, this.id);
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

async function clearJob(db: Kysely<DB>, id: string): Promise<void> {
  const s: Sdb = staging(db);
  for (;;) {
    // A chunk at a time, first in the primary key (import_id, seq): each statement is short.
    const r = await s.deleteFrom('import_staging').where('import_id', '=', id)
      .where('seq', 'in', (eb) => eb.selectFrom('import_staging').select('seq').where('import_id', '=', id).limit(DELETE_CHUNK)).executeTakeFirst();
    if (Number(r.numDeletedRows) === 0) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await s.deleteFrom('import_jobs').where('id', '=', id).execute();
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
  // Staged rows whose job row is gone (a sweep interrupted between the two) have no owner either.
  const orphans = await staging(db).selectFrom('import_staging as s').select('s.import_id').distinct()
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('import_jobs as j').select('j.id').whereRef('j.id', '=', 's.import_id')))).execute();
  for (const o of orphans) if (!running.has(o.import_id)) { await clearJob(db, o.import_id); removed++; }
  return removed;
}

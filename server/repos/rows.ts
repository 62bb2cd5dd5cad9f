import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { visibleRow } from './visible.js';

export interface NewRow {
  externalId: string | null;
  data: Record<string, unknown>;
  prelabels?: Record<string, unknown> | null;
  expertise?: string[];
  priority?: number;
  /** A gold row's reference answer: the row is stored in state 'gold' with it (gold_rows). */
  gold?: Record<string, unknown> | null;
}

/**
 * Inserts rows in batches inside the caller's transaction. Each row starts in round 1, labeling, with
 * every required domain still unmet (row_needs), which is what experts-first routing reads. An import's
 * hidden rows are written by repos/import-rows.ts, which also writes their search entries.
 */
export async function insertRows(db: Kysely<DB>, projectId: number, rows: NewRow[], now: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 200) {
    const batch = rows.slice(i, i + 200);
    const inserted = await db.insertInto('rows').values(batch.map((r) => ({
      project_id: projectId, external_id: r.externalId, data_json: JSON.stringify(r.data),
      prelabels_json: r.prelabels ? JSON.stringify(r.prelabels) : null,
      expertise_json: JSON.stringify([...new Set(r.expertise ?? [])].sort()),
      priority: r.priority ?? 0, state: r.gold ? ('gold' as const) : ('labeling' as const), round: 1, labels_taken: 0, labels_done: 0, qa_taken: 0,
      agreement_json: null, agree: null, round_note: null, final_id: null, created_at: now, updated_at: now,
    }))).returning('id').execute();
    const batchIds = inserted.map((r) => Number(r.id));
    ids.push(...batchIds);
    const gold = batch.flatMap((r, k) => (r.gold ? [{ row_id: batchIds[k], project_id: projectId, reference_json: JSON.stringify(r.gold), source: 'import' as const, final_id: null, created_by: null, created_at: now }] : []));
    if (gold.length) await db.insertInto('gold_rows').values(gold).execute();
    // A gold row is never one of two labels or QA'd, so no domain is ever missing on it. Read back from the
    // rows just written in one statement of fixed text: a list of values would be a new statement (and a
    // new entry in the prepared-statement cache, pushing out the queue's) for every count of domains.
    if (batch.some((r) => !r.gold && r.expertise?.length)) await insertNeeds(db, projectId, batchIds);
  }
  return ids;
}

async function insertNeeds(db: Kysely<DB>, projectId: number, ids: number[]) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // SQLite: one statement's rows get consecutive ids and nothing else writes in between (one connection).
  const these = pg ? sql`r.id = any(${ids}::bigint[])` : sql`r.id between ${ids[0]} and ${ids[ids.length - 1]}`;
  const domains = pg ? sql`json_array_elements_text(r.expertise_json::json) as d(value)` : sql`json_each(r.expertise_json) as d`;
  await sql`insert into row_needs (row_id, project_id, domain)
    select r.id, r.project_id, d.value from rows r, ${domains}
    where ${these} and r.project_id = ${projectId} and r.state <> 'gold' and r.expertise_json <> '[]'`.execute(db);
}

export async function countRows(db: Kysely<DB>, projectId: number): Promise<number> {
  const r = await db.selectFrom('rows').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).where(visibleRow('rows')).executeTakeFirstOrThrow();
  return Number(r.n);
}

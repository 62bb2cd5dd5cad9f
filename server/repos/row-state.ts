import type { Kysely, Selectable } from 'kysely';
import type { DB, RowsTable, RowState } from '../db/types.js';
import type { Engine } from '../db/connection.js';
import { prepared } from '../db/prepared.js';

export type RowRecord = Selectable<RowsTable>;

/** One row as the workflow reads and moves it: the hot writes are prepared, since every submit makes one. */

const rowQ = (lock: boolean) => prepared<{ rowId: number; projectId: number }, RowRecord>((db, p) => db.selectFrom('rows').selectAll()
  .where('id', '=', p('rowId')).where('project_id', '=', p('projectId')).$if(lock, (q) => q.forUpdate()));
const rowPlain = rowQ(false);
const rowForUpdate = rowQ(true);

export async function getRow(db: Kysely<DB>, projectId: number, rowId: number, lock?: Engine): Promise<RowRecord | undefined> {
  return (await (lock === 'postgres' ? rowForUpdate : rowPlain)(db, { rowId, projectId })).rows[0];
}

export async function updateRow(db: Kysely<DB>, rowId: number, patch: Partial<Omit<RowRecord, 'id' | 'project_id'>>): Promise<void> {
  await db.updateTable('rows').set(patch).where('id', '=', rowId).execute();
}

const labelsDoneQ = prepared<{ rowId: number; done: number; now: number }, never>((db, p) =>
  db.updateTable('rows').set({ labels_done: p('done'), updated_at: p('now') }).where('id', '=', p('rowId')));

/** The first label of a round is in: the one row write of the most frequent submit. */
export async function setLabelsDone(db: Kysely<DB>, rowId: number, done: number, now: number): Promise<void> {
  await labelsDoneQ(db, { rowId, done, now });
}

const secondLabelQ = prepared<{ rowId: number; agreementJson: string; agree: number; state: RowState; finalId: number | null; now: number }, never>((db, p) =>
  db.updateTable('rows').set({
    labels_done: 2, agreement_json: p('agreementJson'), agree: p('agree'), state: p('state'), final_id: p('finalId'), updated_at: p('now'),
  }).where('id', '=', p('rowId')));

/** The second label is in: the row carries its agreement and moves to QA, or is final by consensus. */
export async function setSecondLabel(db: Kysely<DB>, rowId: number, o: { agreementJson: string; agree: boolean; state: 'qa' | 'final'; finalId: number | null; now: number }): Promise<void> {
  await secondLabelQ(db, { rowId, agreementJson: o.agreementJson, agree: o.agree ? 1 : 0, state: o.state, finalId: o.finalId, now: o.now });
}

/**
 * Rewrites the row's missing domains (row_needs) from its expertise and its current holders' expertise.
 * `state` is the row's, read under its lock: the queue seeks needs by state, and a trigger follows later changes.
 */
export async function writeNeeds(db: Kysely<DB>, row: { id: number; project_id: number; state: RowState }, needs: string[]): Promise<void> {
  const rowId = row.id;
  const cur = await db.selectFrom('row_needs').select('domain').where('row_id', '=', rowId).execute();
  const have = new Set(cur.map((r) => r.domain));
  const want = new Set(needs);
  const drop = [...have].filter((d) => !want.has(d));
  const add = needs.filter((d) => !have.has(d));
  if (drop.length) await db.deleteFrom('row_needs').where('row_id', '=', rowId).where('domain', 'in', drop).execute();
  if (add.length) await db.insertInto('row_needs').values(add.map((domain) => ({ row_id: rowId, project_id: row.project_id, domain, state: row.state }))).execute();
}

export async function needsOf(db: Kysely<DB>, rowIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(rowIds.map((id) => [id, []]));
  if (!rowIds.length) return out;
  const rs = await db.selectFrom('row_needs').select(['row_id', 'domain']).where('row_id', 'in', rowIds).orderBy('domain').execute();
  for (const r of rs) out.get(r.row_id)?.push(r.domain);
  return out;
}

import { sql, type Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

export const DUPLICATE_CLOSED = 'Closed when escalations became one open question per person and row: an earlier open question from the same person on this row is kept.';

/**
 * One open escalation per person and row (a unique partial index, so two racing requests cannot both
 * insert), and indexes that page the leads' inbox by id in either order, all or by status. Open
 * duplicates from before are closed, keeping each person's earliest open question on a row, with an
 * answer that says why.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const dups = await db.selectFrom('escalations').select(['row_id', 'raised_by', (eb) => eb.fn.min<number>('id').as('keep')])
    .where('status', '=', 'open').groupBy(['row_id', 'raised_by']).having((eb) => eb.fn.countAll(), '>', 1).execute();
  const now = Date.now();
  for (const d of dups) {
    await db.updateTable('escalations').set({ status: 'answered', answer: DUPLICATE_CLOSED, answered_by: null, answered_at: now })
      .where('row_id', '=', d.row_id).where('raised_by', '=', d.raised_by).where('status', '=', 'open').where('id', '>', d.keep).execute();
  }
  await sql`create unique index escalations_one_open on escalations (row_id, raised_by) where status = 'open'`.execute(db);
  await db.schema.dropIndex('escalations_project').ifExists().execute();
  await db.schema.createIndex('escalations_project_status').on('escalations').columns(['project_id', 'status', 'id']).execute();
  await db.schema.createIndex('escalations_project_id').on('escalations').columns(['project_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('escalations_one_open').ifExists().execute();
  await db.schema.dropIndex('escalations_project_status').ifExists().execute();
  await db.schema.dropIndex('escalations_project_id').ifExists().execute();
  await db.schema.createIndex('escalations_project').on('escalations').columns(['project_id', 'status']).execute();
}

import type { Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/** The QA queue reads disagreements first (agree = 0 before 1), then priority and age: one index seek. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('rows_qa_disagree_next').on('rows')
    .columns(['project_id', 'state', 'qa_taken', 'agree', 'priority desc', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('rows_qa_disagree_next').ifExists().execute();
}

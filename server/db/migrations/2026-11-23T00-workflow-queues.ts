import type { Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Queue indexes in the exact order `next` reads them (priority high first, then oldest), so a claim is
 * one index seek whatever the project size; the initial indexes keep priority ascending, which forces a
 * sort. Plus the lead listing by state in id order (keyset paging).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('rows_label_next').on('rows')
    .columns(['project_id', 'state', 'labels_taken', 'priority desc', 'id']).execute();
  await db.schema.createIndex('rows_qa_next').on('rows')
    .columns(['project_id', 'state', 'qa_taken', 'priority desc', 'id']).execute();
  await db.schema.createIndex('rows_state_id').on('rows').columns(['project_id', 'state', 'id']).execute();
  await db.schema.createIndex('assignments_row_round').on('assignments').columns(['row_id', 'round', 'kind']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['rows_label_next', 'rows_qa_next', 'rows_state_id', 'assignments_row_round']) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
}

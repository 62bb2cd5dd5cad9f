import type { Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * A submit reads its labeler's latest label in the project (for the streak signal): answers_console ended
 * in (created_at, active_ms, row_id), so "the latest" (created_at desc, id desc) was a sort of every label
 * the person ever gave there, and each submit slowed with every label (at 76 labels a person, 75 buffer
 * reads and a sort per submit on PostgreSQL). With `id` after `created_at` it is the end of one index range,
 * read backwards. Its other readers (the dashboard and work report: ranges of created_at, with active_ms
 * and row_id covered) are served as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('answers_console').execute();
  await db.schema.createIndex('answers_console').on('answers')
    .columns(['project_id', 'kind', 'user_id', 'created_at', 'id', 'active_ms', 'row_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('answers_console').execute();
  await db.schema.createIndex('answers_console').on('answers')
    .columns(['project_id', 'kind', 'user_id', 'created_at', 'active_ms', 'row_id']).execute();
}

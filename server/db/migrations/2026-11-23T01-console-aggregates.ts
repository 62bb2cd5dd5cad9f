import type { Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Indexes the project dashboard and work report aggregate over: covering ones, so counting 300,000
 * answers per person and per day reads the index alone, never the answer JSON in the table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('answers_console').on('answers')
    .columns(['project_id', 'kind', 'user_id', 'created_at', 'active_ms', 'row_id']).execute();
  await db.schema.createIndex('finals_project').on('finals').columns(['project_id', 'row_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('finals_project').ifExists().execute();
  await db.schema.dropIndex('answers_console').ifExists().execute();
}

import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Integrity signals (issue 16 part 4): facts about how an answer was made (a large paste, far faster than
 * the project's norm, the same answer many times running, submitted before the row could have been
 * seen), one row per answer and kind. Recorded after the answer is stored and never refusing it; leads
 * read them per person (project, user) and per row (project, row).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ref = pg ? ('bigint' as const) : ('integer' as const);
  await (pg
    ? db.schema.createTable('answer_signals').addColumn('id', 'bigserial', (c) => c.primaryKey())
    : db.schema.createTable('answer_signals').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('answer_id', ref, (c) => c.notNull().references('answers.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('row_id', ref, (c) => c.notNull())
    .addColumn('user_id', ref, (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('details_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('answer_signals_once').unique().on('answer_signals').columns(['answer_id', 'kind']).execute();
  await db.schema.createIndex('answer_signals_person').on('answer_signals').columns(['project_id', 'user_id', 'id']).execute();
  await db.schema.createIndex('answer_signals_row').on('answer_signals').columns(['project_id', 'row_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('answer_signals').execute();
}

import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Why a reviewer overruled a label or sent a row back (issue 18): one row per labeler concerned, so a
 * labeler reads only their own and per-person statistics count them by labeler (repos/review-reasons.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ref = pg ? ('bigint' as const) : ('integer' as const);
  await (pg
    ? db.schema.createTable('review_reasons').addColumn('id', 'bigserial', (c) => c.primaryKey())
    : db.schema.createTable('review_reasons').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('row_id', ref, (c) => c.notNull().references('rows.id').onDelete('cascade'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('labeler_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reviewer_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    /** JSON array of question ids where the final differs from this labeler's answer (overrule). */
    .addColumn('questions_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('review_reasons_labeler').on('review_reasons').columns(['project_id', 'labeler_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('review_reasons').execute();
}

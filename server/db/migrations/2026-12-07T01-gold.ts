import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Gold rows and per-person quality (issue 16 parts 1 and 5).
 * - gold_rows: a row's reference answer; the row itself sits in state 'gold' (the ordinary queues never
 *   pick it, exports of finals never hold it) and is served to labelers at the project's gold rate.
 * - gold_answers / gold_scores: each gold answer (kept in `answers` like any label, so its ids come from the
 *   same sequence) scored per question by the task module's own agreement; the dashboard skips them.
 * - project_pauses: a person kept from a project's rows (automatically below a gold accuracy, or by a lead),
 *   until a lead resumes them.
 * The dashboard's counters are cleared so "Kept by QA" is counted again per question.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ref = pg ? ('bigint' as const) : ('integer' as const);
  const ts = 'bigint' as const;
  await db.schema.createTable('gold_rows')
    .addColumn('row_id', ref, (c) => c.primaryKey().references('rows.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('reference_json', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('final_id', ref)
    .addColumn('created_by', ref)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gold_rows_project').on('gold_rows').columns(['project_id', 'row_id']).execute();

  await db.schema.createTable('gold_answers')
    .addColumn('answer_id', ref, (c) => c.primaryKey().references('answers.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('row_id', ref, (c) => c.notNull())
    .addColumn('user_id', ref, (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('correct', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gold_answers_person').on('gold_answers').columns(['project_id', 'user_id', 'created_at']).execute();

  await db.schema.createTable('gold_scores')
    .addColumn('answer_id', ref, (c) => c.notNull().references('gold_answers.answer_id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .addColumn('user_id', ref, (c) => c.notNull())
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('agree', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('gold_scores_pk', ['answer_id', 'question_id'])
    .execute();
  await db.schema.createIndex('gold_scores_person').on('gold_scores').columns(['project_id', 'user_id', 'question_id']).execute();

  await (pg
    ? db.schema.createTable('project_pauses').addColumn('id', 'bigserial', (c) => c.primaryKey())
    : db.schema.createTable('project_pauses').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    /** null: paused automatically by the gold-accuracy rule. */
    .addColumn('paused_by', ref)
    .addColumn('paused_at', ts, (c) => c.notNull())
    .addColumn('resumed_by', ref)
    .addColumn('resumed_at', ts)
    .execute();
  await db.schema.createIndex('project_pauses_person').on('project_pauses').columns(['project_id', 'user_id', 'resumed_at']).execute();

  // Counted again on the next read: kept-by-QA is now per question (dashboard fold-finals).
  await sql`delete from dash_state`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['project_pauses', 'gold_scores', 'gold_answers', 'gold_rows']) await db.schema.dropTable(t).ifExists().execute();
}

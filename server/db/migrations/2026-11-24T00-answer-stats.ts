import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * What the dashboard needs of each label answer and each final, derived once and kept: answers and
 * finals are append-only, so a derived row keyed by their id is never stale (only a schema change makes
 * it so, hence `schema_key`). Filled lazily by the dashboard, not at submit time, so the workflow's
 * write path is unchanged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const ref = db.getExecutor().adapter instanceof PostgresAdapter ? ('bigint' as const) : ('integer' as const);
  await db.schema.createTable('answer_stats')
    .addColumn('answer_id', ref, (c) => c.primaryKey().references('answers.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .addColumn('row_id', ref, (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('user_id', ref, (c) => c.notNull())
    // 1 or 2: the label's place in its row and round, by submission order.
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('schema_key', 'text', (c) => c.notNull())
    // Per question: the metric and the task module's stat units, as compact JSON.
    .addColumn('units', 'text', (c) => c.notNull())
    // Hash of the answer's canonical JSON, to compare with the final's.
    .addColumn('canon', 'text', (c) => c.notNull())
    // Slot 2 only: per question in schema order, '1' agree, '0' disagree, '-' unanswered.
    .addColumn('agree', 'text')
    .execute();
  await db.schema.createIndex('answer_stats_pairs').on('answer_stats').columns(['project_id', 'slot', 'row_id', 'round']).execute();
  await db.schema.createIndex('answer_stats_row').on('answer_stats').columns(['row_id', 'round', 'slot']).execute();

  await db.schema.createTable('final_stats')
    .addColumn('final_id', ref, (c) => c.primaryKey().references('finals.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .addColumn('canon', 'text', (c) => c.notNull())
    // Which label slots QA kept ('1', '2', '12' or ''; both for a consensus final).
    .addColumn('kept', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('final_stats_project').on('final_stats').columns(['project_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('final_stats').ifExists().execute();
  await db.schema.dropTable('answer_stats').ifExists().execute();
}

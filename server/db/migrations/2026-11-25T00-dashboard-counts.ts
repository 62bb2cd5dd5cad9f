import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Running totals behind the project dashboard, so a read sums a few hundred counters instead of walking
 * every answer. Answers and finals are append-only: each is folded into the totals once, by id order.
 * The only figures a later change can undo are a row's latest label pair (a new round replaces it) and
 * the final that pair is compared with (a reopen clears it); `dash_rows` remembers, per row, what was
 * counted so exactly that can be taken back out. Filled by the dashboard, never on the workflow's path.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const ref = db.getExecutor().adapter instanceof PostgresAdapter ? ('bigint' as const) : ('integer' as const);
  await db.schema.createTable('dash_state')
    .addColumn('project_id', ref, (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    // The totals hold for this schema only; another one starts them over.
    .addColumn('schema_key', 'text', (c) => c.notNull())
    // Highest answer / final id folded in, and how many were: a count that disagrees with the table's
    // means one committed behind a higher id (Postgres sequences), found by the markers instead.
    .addColumn('answer_wm', ref, (c) => c.notNull())
    .addColumn('answers_seen', ref, (c) => c.notNull())
    .addColumn('final_wm', ref, (c) => c.notNull())
    .addColumn('finals_seen', ref, (c) => c.notNull())
    // Count and id sum of the project's final rows when last compared: a reopen changes them without
    // adding a final, which is how it is noticed.
    .addColumn('final_rows', ref, (c) => c.notNull())
    .addColumn('final_rows_sum', ref, (c) => c.notNull())
    .execute();

  await db.schema.createTable('dash_rows')
    .addColumn('row_id', ref, (c) => c.primaryKey().references('rows.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .addColumn('first_label_at', 'bigint')
    .addColumn('first_final_at', 'bigint')
    // The row's latest pair of labels (answer ids, slot 1 and 2) and its round, as counted.
    .addColumn('a1', ref)
    .addColumn('a2', ref)
    .addColumn('pair_round', 'integer')
    // The final the pair was compared with (the row's final when made on that round), as counted.
    .addColumn('final_id', ref)
    .execute();
  await db.schema.createIndex('dash_rows_project').on('dash_rows').columns(['project_id', 'row_id']).execute();

  // One counter per (project, key); keys are tab-separated tuples written by services/dashboard/counts.ts.
  await db.schema.createTable('dash_counts')
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('k', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('dash_counts_pk', ['project_id', 'k'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dash_counts').ifExists().execute();
  await db.schema.dropTable('dash_rows').ifExists().execute();
  await db.schema.dropTable('dash_state').ifExists().execute();
}

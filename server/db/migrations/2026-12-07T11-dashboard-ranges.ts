import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * The dashboard over a date range, in hours, days or weeks (issue 18 item 10), still from running totals:
 * `dash_days` holds every figure's counters per UTC day (a range sums its days), `dash_hours` the series
 * of the over-time charts per UTC hour. `dash_cells` lists, per row, the confusion cells its current label
 * pair falls in, so a click on a cell lists exactly the rows behind it through an index. QA's decisions
 * that leave no answer (send back, escalate) are folded from the audit log, which `dash_events` marks as
 * folded (Postgres: an entry can commit behind a higher id). The counters of every project are rebuilt
 * on its next read: the counts module's version is part of the key the totals hold for.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const ref = db.getExecutor().adapter instanceof PostgresAdapter ? ('bigint' as const) : ('integer' as const);
  for (const [table, col] of [['dash_days', 'day'], ['dash_hours', 'hour']] as const) {
    await db.schema.createTable(table)
      .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn(col, 'integer', (c) => c.notNull())
      .addColumn('k', 'text', (c) => c.notNull())
      .addColumn('n', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['project_id', col, 'k'])
      .execute();
  }

  await db.schema.createTable('dash_cells')
    .addColumn('row_id', ref, (c) => c.notNull().references('rows.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    // The question's place in the schema (the totals start over when the schema changes).
    .addColumn('qi', 'integer', (c) => c.notNull())
    .addColumn('a', 'text', (c) => c.notNull())
    .addColumn('b', 'text', (c) => c.notNull())
    // When the pair was complete (the second label's submission), for a dashboard limited to dates.
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('dash_cells_pk', ['row_id', 'qi', 'a', 'b'])
    .execute();
  await db.schema.createIndex('dash_cells_cell').on('dash_cells').columns(['project_id', 'qi', 'a', 'b', 'at', 'row_id']).execute();

  await db.schema.createTable('dash_events')
    .addColumn('audit_id', ref, (c) => c.primaryKey().references('audit_log.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .execute();
  await db.schema.alterTable('dash_state').addColumn('event_wm', ref, (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('dash_state').addColumn('events_seen', ref, (c) => c.notNull().defaultTo(0)).execute();
  // The fold reads a project's QA decisions by id past its mark; Postgres also counts them.
  await db.schema.createIndex('audit_project_action').on('audit_log').columns(['project_id', 'action', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_project_action').ifExists().execute();
  await db.schema.alterTable('dash_state').dropColumn('events_seen').execute();
  await db.schema.alterTable('dash_state').dropColumn('event_wm').execute();
  for (const t of ['dash_events', 'dash_cells', 'dash_hours', 'dash_days']) await db.schema.dropTable(t).ifExists().execute();
}

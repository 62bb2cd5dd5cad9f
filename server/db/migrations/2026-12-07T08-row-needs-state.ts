import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Each missing domain (row_needs) carries its row's workflow state, so the experts-first picks seek
 * (project, domain, state) and read only rows of the stage they hand out. Before, a QA expert's pick
 * walked the whole QA queue to learn that no row needed their domain (40k buffer reads at 15k rows in
 * QA), and a label pick walked past every QA row waiting for an expert reviewer.
 *
 * A trigger on rows keeps the copy in step with every state change, whichever code path makes it. Rows
 * are inserted in `labeling` (the default); code that inserts needs for a row in another state names the
 * state (writeNeeds), so imports pay no per-row trigger.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('row_needs').addColumn('state', 'text', (c) => c.notNull().defaultTo('labeling')).execute();
  await sql`update row_needs set state = (select r.state from rows r where r.id = row_needs.row_id)`.execute(db);
  await db.schema.createIndex('row_needs_queue').on('row_needs').columns(['project_id', 'domain', 'state', 'row_id']).execute();
  await db.schema.dropIndex('row_needs_domain').execute();
  if (pg) {
    await sql`create function triad_row_needs_state() returns trigger language plpgsql as $$
      begin update row_needs set state = new.state where row_id = new.id; return null; end $$`.execute(db);
    await sql`create trigger rows_state_to_needs after update of state on rows for each row
      when (old.state is distinct from new.state) execute function triad_row_needs_state()`.execute(db);
  } else {
    await sql`create trigger rows_state_to_needs after update of state on rows for each row
      when old.state is not new.state begin update row_needs set state = new.state where row_id = new.id; end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await sql`drop trigger if exists rows_state_to_needs${sql.raw(pg ? ' on rows' : '')}`.execute(db);
  if (pg) await sql`drop function if exists triad_row_needs_state()`.execute(db);
  await db.schema.createIndex('row_needs_domain').on('row_needs').columns(['project_id', 'domain', 'row_id']).execute();
  await db.schema.dropIndex('row_needs_queue').execute();
  await db.schema.alterTable('row_needs').dropColumn('state').execute();
}

import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Postgres: rows pages keep a sixth of their space free, so a row's update can often write its new
 * version on the same page without touching its eight indexes (a HOT update): a label's first submit
 * changes only unindexed counts. At fillfactor 100 every page is full once written, so every update of a
 * row, each claim and submit, wrote a new entry in every index. Applies to pages written from now on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table rows set (fillfactor = 85)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table rows reset (fillfactor)`.execute(db);
}

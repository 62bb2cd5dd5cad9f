import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * PostgreSQL: `row_search` and `row_domains` lose their foreign keys to `rows`; one statement-level trigger
 * deletes their entries with the rows instead. A foreign key checks each inserted entry with a query that
 * locks its row (SELECT ... FOR KEY SHARE, a row lock written to the WAL), and only the two writers of
 * these tables insert into them: the import (repos/import-rows.ts), with ids it drew for the rows it
 * writes in the same statement, and the insert and update triggers on rows, with the ids of the rows that
 * fired them. The check could never fail; it cost an import of 2,000 rows as many locking queries per
 * batch. The cascade is what the keys still did, and the trigger does it per statement from the deleted
 * rows (a project deleted with its rows, a failed import's chunk, a swept one).
 *
 * SQLite keeps its keys: its check is one seek into the rows table, no lock, nothing logged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table row_search drop constraint row_search_row_id_fkey`.execute(db);
  await sql`alter table row_domains drop constraint row_domains_row_id_fkey`.execute(db);
  await sql`create function triad_rows_deleted() returns trigger language plpgsql as $$ begin
    delete from row_search where row_id in (select id from old_rows);
    delete from row_domains where row_id in (select id from old_rows);
    return null; end $$`.execute(db);
  await sql`create trigger rows_side_delete after delete on rows referencing old table as old_rows
    for each statement execute function triad_rows_deleted()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger rows_side_delete on rows`.execute(db);
  await sql`drop function triad_rows_deleted()`.execute(db);
  await sql`alter table row_search add constraint row_search_row_id_fkey foreign key (row_id) references rows(id) on delete cascade`.execute(db);
  await sql`alter table row_domains add constraint row_domains_row_id_fkey foreign key (row_id) references rows(id) on delete cascade`.execute(db);
}

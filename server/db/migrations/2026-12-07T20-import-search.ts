import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Rows an import writes (they carry its id in `import_id`) get their search entry from the import itself
 * (repos/import-rows.ts), in one statement per batch, from the text of the value it parsed; the insert
 * trigger of 2026-12-07T05 keeps doing it for every other row. Reparsing each stored row's JSON in SQL was
 * half of what an import cost SQLite (json_tree, then FTS5) and most of what it cost PostgreSQL
 * (jsonb_path_query and a regular expression per row, ~40 µs). The required domains (row_domains) stay
 * with the trigger for every row. The entry is written in the same transaction as the row, so a row is
 * found by search from the moment it is visible.
 */
const sqliteText = (r: string) => sql.raw(`substr(coalesce(${r}.external_id, '') || ' ' || coalesce((select group_concat(value, ' ') from json_tree(${r}.data_json) where type = 'text'), ''), 1, 200000)`);

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create or replace function triad_rows_inserted() returns trigger language plpgsql as $$ begin
      insert into row_search (row_id, project_id, body) select id, project_id, triad_row_text(external_id, data_json) from new_rows where import_id is null;
      insert into row_domains (row_id, project_id, domain)
        select n.id, n.project_id, d from new_rows n, jsonb_array_elements_text(n.expertise_json::jsonb) d where n.expertise_json <> '[]';
      return null; end $$`.execute(db);
    return;
  }
  await sql`drop trigger rows_fts_insert`.execute(db);
  await sql`create trigger rows_fts_insert after insert on rows when new.import_id is null begin
    insert into rows_fts (rowid, body) values (new.id, ${sqliteText('new')});
  end`.execute(db);
  await sql`create trigger rows_domains_insert after insert on rows begin
    insert into row_domains (row_id, project_id, domain) select new.id, new.project_id, value from json_each(new.expertise_json) where new.expertise_json <> '[]';
  end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create or replace function triad_rows_inserted() returns trigger language plpgsql as $$ begin
      insert into row_search (row_id, project_id, body) select id, project_id, triad_row_text(external_id, data_json) from new_rows;
      insert into row_domains (row_id, project_id, domain)
        select n.id, n.project_id, d from new_rows n, jsonb_array_elements_text(n.expertise_json::jsonb) d where n.expertise_json <> '[]';
      return null; end $$`.execute(db);
    return;
  }
  await sql`drop trigger rows_domains_insert`.execute(db);
  await sql`drop trigger rows_fts_insert`.execute(db);
  await sql`create trigger rows_fts_insert after insert on rows begin
    insert into rows_fts (rowid, body) values (new.id, ${sqliteText('new')});
    insert into row_domains (row_id, project_id, domain) select new.id, new.project_id, value from json_each(new.expertise_json) where new.expertise_json <> '[]';
  end`.execute(db);
}

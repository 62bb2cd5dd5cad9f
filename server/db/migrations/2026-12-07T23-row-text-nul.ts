import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * PostgreSQL's jsonb cannot hold U+0000, so `data_json::jsonb` failed for a row whose JSON text holds the
 * escape \u0000 (which JSON, SQLite and the import accept): the insert and update triggers that index a
 * row's words for search raised, and the write that fired them (a re-import updating the row, a row added
 * outside an import) failed with it. Search reads words, not the character: each \u0000 escape is read as
 * \u0020, a space, which keeps the JSON valid whatever precedes it (an escaped backslash followed by the
 * letters u0000 becomes the letters u0020, which cuts no word differently). On SQLite the triggers
 * did not fail but indexed nothing after the character: the same replacement there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    // SQLite's text functions stop at U+0000, so the words after it were never indexed: same remedy.
    const text = (r: string) => sql.raw(`substr(coalesce(${r}.external_id, '') || ' ' || coalesce((select group_concat(value, ' ') from json_tree(replace(${r}.data_json, '\\u0000', '\\u0020')) where type = 'text'), ''), 1, 200000)`);
    await sql`drop trigger rows_fts_insert`.execute(db);
    await sql`create trigger rows_fts_insert after insert on rows when new.import_id is null begin
      insert into rows_fts (rowid, body) values (new.id, ${text('new')});
    end`.execute(db);
    await sql`drop trigger rows_fts_update`.execute(db);
    await sql`create trigger rows_fts_update after update of data_json, external_id on rows
      when old.data_json is not new.data_json or old.external_id is not new.external_id begin
      delete from rows_fts where rowid = old.id;
      insert into rows_fts (rowid, body) values (new.id, ${text('new')});
    end`.execute(db);
    return;
  }
  await sql`create or replace function triad_row_text(ext text, data text) returns tsvector language sql immutable parallel safe as $$
    select to_tsvector('simple'::regconfig, regexp_replace(left(coalesce(ext, '') || ' ' || coalesce(
      (select string_agg(v #>> '{}', ' ') from jsonb_path_query(replace(data, E'\\\\u0000', E'\\\\u0020')::jsonb, 'strict $.**') as v
        where jsonb_typeof(v) = 'string'), ''), 200000),
      '[^[:alnum:]]+', ' ', 'g'))
  $$`.execute(db);
}

import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * The lead's rows browser (issue 18) at a million rows:
 * - full-text search over a row's data (its string values) and external id. SQLite: a contentless FTS5
 *   table `rows_fts` (rowid = rows.id; contentless_delete so a re-import can replace a row's text) kept in
 *   step by triggers. PostgreSQL: `row_search` (row id, project, tsvector of the 'simple' configuration,
 *   GIN index), filled per insert statement from the transition table, so an import pays one set-based
 *   insert, not a call per row. A side table rather than an index on rows: PostgreSQL writes every index of
 *   a row on each non-HOT update, and claims and submits update rows all day; these are written only when
 *   a row is inserted or its data or external id change. Text past 200,000 characters is not indexed (a
 *   tsvector holds at most 1 MB). PostgreSQL's parser reads `doc-5` as `doc` and `-5` and keeps `a.b`
 *   whole; every run of other characters becomes a space first, so words are cut as FTS5's unicode61 cuts them.
 * - `row_domains`: every domain a row requires (row_needs keeps only those still missing), so the
 *   expertise filter seeks instead of reading each row's JSON.
 * - sorting by priority pages through an index, and the row detail reads its audit entries by row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ref = pg ? ('bigint' as const) : ('integer' as const);
  await db.schema.createIndex('rows_priority').on('rows').columns(['project_id', 'priority', 'id']).execute();
  await db.schema.createIndex('audit_row').on('audit_log').columns(['row_id', 'at']).execute();

  await db.schema.createTable('row_domains')
    .addColumn('row_id', ref, (c) => c.notNull().references('rows.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('row_domains_pk', ['row_id', 'domain'])
    .execute();
  await db.schema.createIndex('row_domains_project').on('row_domains').columns(['project_id', 'domain', 'row_id']).execute();

  if (pg) {
    await sql`create function triad_row_text(ext text, data text) returns tsvector language sql immutable parallel safe as $$
      select to_tsvector('simple'::regconfig, regexp_replace(left(coalesce(ext, '') || ' ' || coalesce(
        (select string_agg(v #>> '{}', ' ') from jsonb_path_query(data::jsonb, 'strict $.**') as v where jsonb_typeof(v) = 'string'), ''), 200000),
        '[^[:alnum:]]+', ' ', 'g'))
    $$`.execute(db);
    await sql`create table row_search (
      row_id bigint primary key references rows(id) on delete cascade,
      project_id bigint not null,
      body tsvector not null)`.execute(db);
    await sql`create index row_search_body on row_search using gin (body)`.execute(db);
    await sql`create function triad_rows_inserted() returns trigger language plpgsql as $$ begin
      insert into row_search (row_id, project_id, body) select id, project_id, triad_row_text(external_id, data_json) from new_rows;
      insert into row_domains (row_id, project_id, domain)
        select n.id, n.project_id, d from new_rows n, jsonb_array_elements_text(n.expertise_json::jsonb) d where n.expertise_json <> '[]';
      return null; end $$`.execute(db);
    await sql`create trigger rows_search_insert after insert on rows referencing new table as new_rows
      for each statement execute function triad_rows_inserted()`.execute(db);
    await sql`create function triad_row_text_changed() returns trigger language plpgsql as $$ begin
      update row_search set body = triad_row_text(new.external_id, new.data_json) where row_id = new.id; return null; end $$`.execute(db);
    await sql`create trigger rows_search_update after update of data_json, external_id on rows for each row
      when (old.data_json is distinct from new.data_json or old.external_id is distinct from new.external_id)
      execute function triad_row_text_changed()`.execute(db);
    await sql`create function triad_row_domains_changed() returns trigger language plpgsql as $$ begin
      delete from row_domains where row_id = new.id;
      insert into row_domains (row_id, project_id, domain) select new.id, new.project_id, d from jsonb_array_elements_text(new.expertise_json::jsonb) d;
      return null; end $$`.execute(db);
    await sql`create trigger rows_domains_update after update of expertise_json on rows for each row
      when (old.expertise_json is distinct from new.expertise_json) execute function triad_row_domains_changed()`.execute(db);
    await sql`insert into row_search (row_id, project_id, body) select id, project_id, triad_row_text(external_id, data_json) from rows`.execute(db);
    await sql`insert into row_domains (row_id, project_id, domain)
      select r.id, r.project_id, d from rows r, jsonb_array_elements_text(r.expertise_json::jsonb) d where r.expertise_json <> '[]'`.execute(db);
  } else {
    await sql`create virtual table rows_fts using fts5(body, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`.execute(db);
    const text = (r: string) => sql.raw(`substr(coalesce(${r}.external_id, '') || ' ' || coalesce((select group_concat(value, ' ') from json_tree(${r}.data_json) where type = 'text'), ''), 1, 200000)`);
    await sql`create trigger rows_fts_insert after insert on rows begin
      insert into rows_fts (rowid, body) values (new.id, ${text('new')});
      insert into row_domains (row_id, project_id, domain) select new.id, new.project_id, value from json_each(new.expertise_json) where new.expertise_json <> '[]';
    end`.execute(db);
    await sql`create trigger rows_fts_update after update of data_json, external_id on rows
      when old.data_json is not new.data_json or old.external_id is not new.external_id begin
      delete from rows_fts where rowid = old.id;
      insert into rows_fts (rowid, body) values (new.id, ${text('new')});
    end`.execute(db);
    await sql`create trigger rows_domains_update after update of expertise_json on rows when old.expertise_json is not new.expertise_json begin
      delete from row_domains where row_id = new.id;
      insert into row_domains (row_id, project_id, domain) select new.id, new.project_id, value from json_each(new.expertise_json);
    end`.execute(db);
    await sql`create trigger rows_fts_delete after delete on rows begin delete from rows_fts where rowid = old.id; end`.execute(db);
    await sql`insert into rows_fts (rowid, body) select r.id, ${text('r')} from rows r`.execute(db);
    await sql`insert into row_domains (row_id, project_id, domain) select r.id, r.project_id, j.value from rows r, json_each(r.expertise_json) j where r.expertise_json <> '[]'`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  if (pg) {
    for (const t of ['rows_search_insert', 'rows_search_update', 'rows_domains_update']) await sql`drop trigger if exists ${sql.raw(t)} on rows`.execute(db);
    await sql`drop table if exists row_search`.execute(db);
    for (const f of ['triad_rows_inserted()', 'triad_row_text_changed()', 'triad_row_domains_changed()', 'triad_row_text(text, text)']) {
      await sql`drop function if exists ${sql.raw(f)}`.execute(db);
    }
  } else {
    for (const t of ['rows_fts_insert', 'rows_fts_update', 'rows_domains_update', 'rows_fts_delete']) await sql`drop trigger if exists ${sql.raw(t)}`.execute(db);
    await sql`drop table if exists rows_fts`.execute(db);
  }
  await db.schema.dropTable('row_domains').ifExists().execute();
  await db.schema.dropIndex('audit_row').ifExists().execute();
  await db.schema.dropIndex('rows_priority').ifExists().execute();
}

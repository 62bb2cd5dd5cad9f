import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * PostgreSQL: the foreign key from `rows` to `projects` gives way to the same guarantees taken once per
 * statement instead of once per row. The key ran a query per inserted row that locked the row's project
 * (SELECT ... FOR KEY SHARE): 2,000 of them for each batch of an import, all for the same project, 15-18
 * ms of a 120 ms batch. Now the insert trigger (the statement-level one that writes search entries) locks
 * each project the statement names, once, and fails the insert with the key's error code when one is
 * missing; a project's deletion, blocked by that lock until the insert commits as before, deletes its rows
 * in a statement-level trigger (their own keys cascade on from there). `project_id` is never changed, but
 * a change would be checked the same way.
 *
 * SQLite keeps its key: the check is one seek, with no lock and nothing logged.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`alter table rows drop constraint rows_project_id_fkey`.execute(db);
  await sql`create or replace function triad_rows_inserted() returns trigger language plpgsql as $$
    declare locked bigint; begin
      perform 1 from projects p where p.id in (select project_id from new_rows) for key share of p;
      get diagnostics locked = row_count;
      if locked < (select count(distinct project_id) from new_rows) then
        raise exception 'insert or update on table "rows" violates the check of its project: no such project' using errcode = 'foreign_key_violation';
      end if;
      insert into row_search (row_id, project_id, body) select id, project_id, triad_row_text(external_id, data_json) from new_rows where import_id is null;
      insert into row_domains (row_id, project_id, domain)
        select n.id, n.project_id, d from new_rows n, jsonb_array_elements_text(n.expertise_json::jsonb) d where n.expertise_json <> '[]';
      return null; end $$`.execute(db);
  await sql`create function triad_row_project_changed() returns trigger language plpgsql as $$ begin
      perform 1 from projects p where p.id = new.project_id for key share of p;
      if not found then
        raise exception 'insert or update on table "rows" violates the check of its project: no such project' using errcode = 'foreign_key_violation';
      end if;
      return null; end $$`.execute(db);
  await sql`create trigger rows_project_update after update of project_id on rows for each row
    when (old.project_id is distinct from new.project_id) execute function triad_row_project_changed()`.execute(db);
  await sql`create function triad_projects_deleted() returns trigger language plpgsql as $$ begin
      delete from rows where project_id in (select id from old_projects);
      return null; end $$`.execute(db);
  await sql`create trigger projects_rows_delete after delete on projects referencing old table as old_projects
    for each statement execute function triad_projects_deleted()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger projects_rows_delete on projects`.execute(db);
  await sql`drop function triad_projects_deleted()`.execute(db);
  await sql`drop trigger rows_project_update on rows`.execute(db);
  await sql`drop function triad_row_project_changed()`.execute(db);
  await sql`create or replace function triad_rows_inserted() returns trigger language plpgsql as $$ begin
      insert into row_search (row_id, project_id, body) select id, project_id, triad_row_text(external_id, data_json) from new_rows where import_id is null;
      insert into row_domains (row_id, project_id, domain)
        select n.id, n.project_id, d from new_rows n, jsonb_array_elements_text(n.expertise_json::jsonb) d where n.expertise_json <> '[]';
      return null; end $$`.execute(db);
  await sql`delete from rows r where not exists (select 1 from projects p where p.id = r.project_id)`.execute(db);
  await sql`alter table rows add constraint rows_project_id_fkey foreign key (project_id) references projects(id) on delete cascade`.execute(db);
}

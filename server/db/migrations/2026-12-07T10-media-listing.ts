import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * The Media tab's listing (issue 18 item 9). A file is stored once by content, so the name it was uploaded
 * under and when belong to each project's link, not to the file: a second project uploading the same
 * bytes sees its own name and time, never the first uploader's. Links made before this keep the file's.
 * The index serves the newest-first pages of one project.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ref = pg ? ('bigint' as const) : ('integer' as const);
  await db.schema.alterTable('media_projects').addColumn('name', 'text').execute();
  await db.schema.alterTable('media_projects').addColumn('added_at', 'bigint').execute();
  await db.schema.alterTable('media_projects').addColumn('added_by', ref).execute();
  await sql`update media_projects set
    name = (select m.original_name from media m where m.id = media_projects.media_id),
    added_at = (select m.created_at from media m where m.id = media_projects.media_id),
    added_by = (select m.created_by from media m where m.id = media_projects.media_id)`.execute(db);
  await db.schema.createIndex('media_projects_added').on('media_projects').columns(['project_id', 'added_at', 'media_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('media_projects_added').ifExists().execute();
  for (const c of ['added_by', 'added_at', 'name']) await db.schema.alterTable('media_projects').dropColumn(c).execute();
}

import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Media are stored once per content, but several projects may upload the same bytes: which projects may
 * see a file is a link table, not the one project_id of whoever uploaded it first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const ref = db.getExecutor().adapter instanceof PostgresAdapter ? ('bigint' as const) : ('integer' as const);
  await db.schema.createTable('media_projects')
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('media_projects_pk', ['media_id', 'project_id'])
    .execute();
  await db.schema.createIndex('media_projects_project').on('media_projects').columns(['project_id', 'media_id']).execute();
  await sql`insert into media_projects (media_id, project_id) select id, project_id from media where project_id is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('media_projects').ifExists().execute();
}

import type { Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Creating projects becomes a right an admin grants (issue 12): any account could start a project and make
 * anyone, an admin included, its lead. Existing accounts start without it, admins have it by being admins.
 * Memberships remember who added the person, so everyone can see who put them on a project.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('can_create_projects', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  // No foreign key: users are disabled, never deleted, and a plain column keeps SQLite's ALTER simple.
  await db.schema.alterTable('project_members').addColumn('added_by', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('project_members').dropColumn('added_by').execute();
  await db.schema.alterTable('users').dropColumn('can_create_projects').execute();
}

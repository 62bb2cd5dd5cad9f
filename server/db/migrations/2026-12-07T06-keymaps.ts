import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * A person's remapped keys (issue 18): one JSON object of action id → combos, only the actions they moved
 * (the defaults live in shared/keymap/actions.ts, so changing a default reaches everyone who kept it).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ref = pg ? ('bigint' as const) : ('integer' as const);
  await db.schema
    .createTable('user_keymaps')
    .addColumn('user_id', ref, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('keys', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_keymaps').execute();
}

import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Personal access tokens (issue 17): scripts and pipelines call the API with `Authorization: Bearer`.
 * Only the SHA-256 of a token is stored (a leaked table holds no live credential); `hint` keeps the first
 * characters so a person can tell their tokens apart. Revoked tokens stay (revoked_at) so their use answers
 * "revoked" rather than "unknown", and the admin list shows who revoked what.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ref = pg ? ('bigint' as const) : ('integer' as const);
  const ts = 'bigint' as const;
  await (pg
    ? db.schema.createTable('api_tokens').addColumn('id', 'bigserial', (c) => c.primaryKey())
    : db.schema.createTable('api_tokens').addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('hint', 'text', (c) => c.notNull())
    // A scoped token reaches this project only; deleting the project makes its tokens useless, so they go too.
    .addColumn('project_id', ref, (c) => c.references('projects.id').onDelete('cascade'))
    .addColumn('read_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('last_used_at', ts)
    .addColumn('revoked_at', ts)
    .addColumn('revoked_by', ref)
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_tokens').execute();
}

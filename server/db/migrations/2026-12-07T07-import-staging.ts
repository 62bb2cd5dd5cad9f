import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Imports stage their rows before publishing them (services/import/stage.ts): a big file is validated and
 * written here in short transactions that let the people labeling through between chunks, then moved into
 * `rows` by set-based statements in one transaction, so no reader ever sees half an import.
 *
 * - `import_jobs`: one per import in progress, with its owner (host tag and pid) and a heartbeat, so a
 *   boot can tell the staging of a crashed import from that of a live one in another process.
 * - `import_staging`: the import's rows. `seq > 0`: a new row, numbered 1..n in file order (its row id is
 *   given at publish); `seq < 0`: an update of the existing row `target_row_id`. Unlogged on PostgreSQL:
 *   nothing in it needs to survive a crash, and the WAL it would write is most of its cost.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ref = pg ? ('bigint' as const) : ('integer' as const);
  await db.schema.createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', ref, (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('owner_host', 'text', (c) => c.notNull())
    .addColumn('owner_pid', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`create ${sql.raw(pg ? 'unlogged ' : '')}table import_staging (
    import_id text not null,
    seq ${sql.raw(ref)} not null,
    line ${sql.raw(ref)} not null,
    target_row_id ${sql.raw(ref)},
    external_id text,
    data_json text not null,
    prelabels_json text,
    expertise_json text not null,
    priority integer not null,
    gold_json text,
    primary key (import_id, seq))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('import_staging').ifExists().execute();
  await db.schema.dropTable('import_jobs').ifExists().execute();
}

import type { Kysely } from 'kysely';

// Frozen once landed: later changes go in a new dated file.

/**
 * Imports write their new rows straight into `rows`, in short transactions, each row carrying the import
 * that wrote it (`import_id`). A row whose import is still in `import_jobs` is invisible to every reader
 * (repos/visible.ts): the queue, the rows browser, the dashboard, exports. Publishing is then one quick
 * switch (the job row deleted, in the transaction that applies the import's updates), however many rows
 * the import holds; a failed or crashed import's rows are deleted by their import id, read in id order from
 * the first row it wrote. No index on it: maintaining one costs every import, and only a failure reads it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rows').addColumn('import_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rows').dropColumn('import_id').execute();
}

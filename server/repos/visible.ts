import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.js';

/**
 * Rows a reader may see: all but those an import is still writing. An import writes its new rows in short
 * transactions with its id in `import_id` and publishes them all at once by deleting its `import_jobs`
 * row (migration 2026-12-07T19), so every reader of a project's rows (queue, rows browser, dashboard,
 * exports) adds this: none of an import or all of it, never part. The job list is a handful of ids, read
 * once per statement; rows added any other way pass on the `is null`.
 */
export const visibleRow = (alias = 'r'): RawBuilder<boolean> => {
  const col = sql.ref(`${alias}.import_id`);
  return sql<boolean>`(${col} is null or ${col} not in (select j.id from import_jobs j))`;
};

/** Whether a row read by its id is one an import is still writing (a lead may ask for any id). */
export async function stillImporting(db: Kysely<DB>, row: { import_id: string | null }): Promise<boolean> {
  if (row.import_id === null) return false;
  const job = await db.withTables<{ import_jobs: { id: string } }>().selectFrom('import_jobs').select('id').where('id', '=', row.import_id).executeTakeFirst();
  return job !== undefined;
}

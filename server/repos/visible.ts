import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.js';

/**
 * Rows a reader may see: all but those an import is still writing. An import writes its new rows in short
 * transactions with its id in `import_id` and publishes them all at once by deleting its `import_jobs`
 * row (migration 2026-12-07T19), so every reader of a project's rows (rows browser, dashboard, exports)
 * adds this: none of an import or all of it, never part. The job list is a handful of ids, read once per
 * statement; rows added any other way pass on the `is null`. Claims ask `claimableRow` instead.
 */
export const visibleRow = (alias = 'r'): RawBuilder<boolean> => {
  const col = sql.ref(`${alias}.import_id`);
  return sql<boolean>`(${col} is null or ${col} not in (select j.id from import_jobs j))`;
};

/**
 * Whether this project's row `rowId` is one an import is still writing. Every route that takes a row id
 * asks it first (middleware.ts `rowShown`) and answers such a row as it answers a missing one: a lead's
 * reopen, priority or gold on a row nobody may see yet would act on data the import can still drop.
 */
export async function importingRow(db: Kysely<DB>, projectId: number, rowId: number): Promise<boolean> {
  const hit = await db.withTables<{ import_jobs: { id: string } }>().selectFrom('rows as r').innerJoin('import_jobs as j', 'j.id', 'r.import_id')
    .select('r.id').where('r.id', '=', rowId).where('r.project_id', '=', projectId).executeTakeFirst();
  return hit !== undefined;
}

/**
 * Rows a claim may hand out: rows of a published import enter the claim indexes (partial on `import_id is
 * null`, migration 2026-12-08T02) once their import id is cleared (services/import/clear-published.ts),
 * moments after the switch; rows of a running import are in none. Every claim query says it in these words
 * so the planner can use those indexes: testing visibility row by row walked a running import's rows
 * whenever they sorted first.
 */
export const claimableRow = (alias = 'r'): RawBuilder<boolean> => sql<boolean>`${sql.ref(`${alias}.import_id`)} is null`;

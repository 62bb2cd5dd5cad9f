import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';

export async function audit(db: Kysely<DB>, e: {
  at: number; userId: number | null; action: string; projectId?: number | null; rowId?: number | null; details?: unknown;
}): Promise<void> {
  await db.insertInto('audit_log').values({
    at: e.at, user_id: e.userId, project_id: e.projectId ?? null, row_id: e.rowId ?? null, action: e.action,
    details_json: e.details === undefined ? null : JSON.stringify(e.details),
  }).execute();
}

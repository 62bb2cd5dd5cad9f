import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/**
 * How many labels a person has submitted in a project: since `since` (the start of their day, sent by the
 * browser, which knows their time zone) and in all. Reads the (project_id, user_id) index of answers.
 */
export async function labelCounts(db: Kysely<DB>, projectId: number, userId: number, since: number): Promise<{ today: number; total: number }> {
  const r = await db.selectFrom('answers')
    .select([
      (eb) => eb.fn.countAll<string | number>().as('total'),
      sql<string | number>`coalesce(sum(case when created_at >= ${since} then 1 else 0 end), 0)`.as('today'),
    ])
    .where('project_id', '=', projectId).where('user_id', '=', userId).where('kind', '=', 'label')
    .executeTakeFirstOrThrow();
  return { today: Number(r.today), total: Number(r.total) };
}

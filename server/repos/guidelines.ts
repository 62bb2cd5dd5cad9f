import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import { forgetProject } from '../cache.js';

export async function currentGuideline(db: Kysely<DB>, projectId: number) {
  return db.selectFrom('guideline_versions').selectAll().where('project_id', '=', projectId)
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** Publishing appends a new immutable version; earlier versions are never edited. */
export async function publishGuideline(db: Kysely<DB>, g: {
  projectId: number; body: string; note: string; userId: number; now: number;
}): Promise<number> {
  const cur = await currentGuideline(db, g.projectId);
  const version = (cur?.version ?? 0) + 1;
  await db.insertInto('guideline_versions').values({
    project_id: g.projectId, version, body: g.body, note: g.note, created_by: g.userId, created_at: g.now,
  }).execute();
  forgetProject(g.projectId);
  return version;
}

export async function listGuidelineVersions(db: Kysely<DB>, projectId: number) {
  return db.selectFrom('guideline_versions').select(['version', 'note', 'created_at', 'created_by'])
    .where('project_id', '=', projectId).orderBy('version', 'desc').execute();
}

export async function getGuidelineVersion(db: Kysely<DB>, projectId: number, version: number) {
  return db.selectFrom('guideline_versions').selectAll().where('project_id', '=', projectId)
    .where('version', '=', version).executeTakeFirst();
}

export async function acknowledgeGuideline(db: Kysely<DB>, projectId: number, userId: number, version: number, now: number) {
  const done = await db.selectFrom('guideline_acks').select('version').where('project_id', '=', projectId)
    .where('user_id', '=', userId).where('version', '=', version).executeTakeFirst();
  if (!done) await db.insertInto('guideline_acks').values({ project_id: projectId, user_id: userId, version, acked_at: now }).execute();
}

export async function acknowledgedVersion(db: Kysely<DB>, projectId: number, userId: number): Promise<number | null> {
  const r = await db.selectFrom('guideline_acks').select((eb) => eb.fn.max('version').as('v'))
    .where('project_id', '=', projectId).where('user_id', '=', userId).executeTakeFirst();
  return r?.v == null ? null : Number(r.v);
}

/** Who acknowledged `version` and when. */
export async function acknowledgementsOf(db: Kysely<DB>, projectId: number, version: number) {
  return db.selectFrom('guideline_acks').select(['user_id', 'acked_at']).where('project_id', '=', projectId)
    .where('version', '=', version).orderBy('acked_at').orderBy('user_id').execute();
}

/** Each person's newest acknowledged version in the project. */
export async function newestAcknowledged(db: Kysely<DB>, projectId: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom('guideline_acks').select(['user_id', (eb) => eb.fn.max('version').as('v')])
    .where('project_id', '=', projectId).groupBy('user_id').execute();
  return new Map(rows.map((r) => [Number(r.user_id), Number(r.v)]));
}

/** Per version, how many of the project's current members acknowledged it. */
export async function acknowledgementCounts(db: Kysely<DB>, projectId: number): Promise<Map<number, number>> {
  const rows = await db.selectFrom('guideline_acks').select(['version', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', '=', projectId)
    .where('user_id', 'in', (eb) => eb.selectFrom('project_members').select('user_id').where('project_id', '=', projectId))
    .groupBy('version').execute();
  return new Map(rows.map((r) => [Number(r.version), Number(r.n)]));
}

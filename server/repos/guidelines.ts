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

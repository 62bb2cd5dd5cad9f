import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';

/** Lets a project use a stored file (idempotent: the same bytes uploaded twice link once). */
export async function linkMedia(db: Kysely<DB>, mediaId: string, projectId: number): Promise<void> {
  const has = await db.selectFrom('media_projects').select('media_id')
    .where('media_id', '=', mediaId).where('project_id', '=', projectId).executeTakeFirst();
  if (!has) await db.insertInto('media_projects').values({ media_id: mediaId, project_id: projectId }).execute();
}

/** A file is visible to members of any project it is linked to, and to nobody else. */
export async function canSeeMedia(db: Kysely<DB>, mediaId: string, userId: number): Promise<boolean> {
  const r = await db.selectFrom('media_projects as l')
    .innerJoin('project_members as m', 'm.project_id', 'l.project_id')
    .select('l.media_id').where('l.media_id', '=', mediaId).where('m.user_id', '=', userId)
    .limit(1).executeTakeFirst();
  return r !== undefined;
}

/** Of `ids`, the files this project may reference. */
export async function projectMediaIds(db: Kysely<DB>, projectId: number, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('media_projects').select('media_id')
    .where('project_id', '=', projectId).where('media_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.media_id));
}

export async function getMedia(db: Kysely<DB>, mediaId: string) {
  return db.selectFrom('media').selectAll().where('id', '=', mediaId).executeTakeFirst();
}

/**
 * One page of a project's media, newest first, with its total. Peaks can be large: the page says whether
 * they exist without reading them.
 */
export async function listProjectMedia(db: Kysely<DB>, projectId: number, limit: number, offset: number) {
  const [page, total] = await Promise.all([
    db.selectFrom('media').innerJoin('media_projects as l', 'l.media_id', 'media.id')
      .select(['media.id', 'mime', 'size', 'width', 'height', 'duration', 'created_at', 'media.project_id', (eb) => eb('peaks_json', 'is not', null).as('has_peaks')])
      .where('l.project_id', '=', projectId).orderBy('created_at', 'desc').orderBy('media.id').limit(limit).offset(offset).execute(),
    db.selectFrom('media_projects').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirst(),
  ]);
  return { page, total: Number(total?.n ?? 0) };
}

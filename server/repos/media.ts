import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { MediaUsesDto } from '@shared/api/console.js';
import { rowSearch } from './row-search.js';
import { visibleRow } from './visible.js';

/**
 * Lets a project use a stored file (idempotent: the same bytes uploaded twice link once, under the first
 * name and time). Without `as`, the link takes the file's own name and time (the demo's seeded files).
 */
export async function linkMedia(db: Kysely<DB>, mediaId: string, projectId: number, as?: { name: string; at: number; by: number | null }): Promise<{ name: string; at: number }> {
  const has = await db.selectFrom('media_projects as l').innerJoin('media', 'media.id', 'l.media_id')
    .select([sql<string>`coalesce(l.name, media.original_name)`.as('name'), sql<number>`coalesce(l.added_at, media.created_at)`.as('at')])
    .where('l.media_id', '=', mediaId).where('l.project_id', '=', projectId).executeTakeFirst();
  if (has) return { name: has.name, at: Number(has.at) };
  const meta = as ?? await db.selectFrom('media').select(['original_name as name', 'created_at as at', 'created_by as by'])
    .where('id', '=', mediaId).executeTakeFirstOrThrow();
  const link = { name: meta.name.slice(0, 300), at: Number(meta.at) };
  await db.insertInto('media_projects').values({ media_id: mediaId, project_id: projectId, name: link.name, added_at: link.at, added_by: meta.by }).execute();
  return link;
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

export interface MediaListFilter {
  q?: string;
  kind?: 'image' | 'audio';
  limit: number;
  offset: number;
}

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
const containing = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of a project's media, newest first, with the count of all that match. `q` matches the name the
 * project uploaded a file under, or (a pasted URL or id) the start of its id. Peaks can be large: the page
 * says whether they exist without reading them.
 */
export async function listProjectMedia(db: Kysely<DB>, projectId: number, f: MediaListFilter) {
  const idPrefix = f.q?.replace(/^.*\/api\/media\//, '').toLowerCase();
  const base = db.selectFrom('media_projects as l').innerJoin('media', 'media.id', 'l.media_id')
    .where('l.project_id', '=', projectId)
    .$if(f.q !== undefined, (qb) => qb.where((eb) => eb.or([
      sql<boolean>`lower(coalesce(l.name, media.original_name)) like ${containing(f.q!)} escape '\\'`,
      ...(idPrefix && /^[0-9a-f]{6,64}$/.test(idPrefix) ? [eb('l.media_id', 'like', `${idPrefix}%`)] : []),
    ])))
    .$if(f.kind !== undefined, (qb) => qb.where('media.mime', 'like', `${f.kind}/%`));
  const [page, total] = await Promise.all([
    base.select([
      'media.id', 'media.mime', 'media.size', 'media.width', 'media.height', 'media.duration',
      sql<string>`coalesce(l.name, media.original_name)`.as('name'), sql<number>`coalesce(l.added_at, media.created_at)`.as('added_at'),
      (eb) => eb('media.peaks_json', 'is not', null).as('has_peaks'),
    ]).orderBy('l.added_at', 'desc').orderBy('l.media_id', 'desc').limit(f.limit).offset(f.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { page, total: Number(total?.n ?? 0) };
}

/**
 * Where each file is used: the project's rows whose data hold its id, found through the rows' search index
 * (migration 2026-12-07T05; the id is one word of a row's text, whatever the URL around it), so each file
 * costs two index lookups however many rows the project has: a count stopped at `cap`, and the first few rows.
 */
export async function mediaUses(db: Kysely<DB>, projectId: number, ids: string[], cap: number, shown: number): Promise<Map<string, MediaUsesDto>> {
  const out = new Map<string, MediaUsesDto>(ids.map((id) => [id, { rows: 0, more: false, first: [] }]));
  if (!ids.length) return out;
  // Two seeks: SQLite scans the project to read min() and max() together.
  const lo = await db.selectFrom('rows').select('id').where('project_id', '=', projectId).orderBy('id', 'asc').limit(1).executeTakeFirst();
  const hi = await db.selectFrom('rows').select('id').where('project_id', '=', projectId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!lo || !hi) return out;
  await Promise.all(ids.map(async (id) => {
    const s = rowSearch(db, projectId, [id], [lo.id, hi.id]);
    const [n, first] = await Promise.all([
      sql<{ n: number }>`select count(*) as n from (select r.id from rows r where r.project_id = ${projectId} and r.id in (${s.ids}) and ${visibleRow('r')} limit ${sql.lit(cap + 1)}) c`.execute(db),
      sql<{ id: number; external_id: string | null }>`select r.id, r.external_id from rows r where r.project_id = ${projectId} and r.id in (${s.ids}) and ${visibleRow('r')}
        order by r.id limit ${sql.lit(shown)}`.execute(db),
    ]);
    const count = Number(n.rows[0]?.n ?? 0);
    out.set(id, { rows: Math.min(count, cap), more: count > cap, first: first.rows.map((r) => ({ id: Number(r.id), externalId: r.external_id })) });
  }));
  return out;
}

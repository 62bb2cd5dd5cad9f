import { sql, type Kysely } from 'kysely';
import type { DB, RowState } from '../db/types.js';
import type { RowRecord } from './row-state.js';

export interface RowFilters {
  state?: RowState;
  agree?: boolean;
  expertise?: string;
  labeler?: number;
  waiting?: 'expert';
  cursor?: number;
  limit: number;
}

/**
 * How many of the project's rows one listing request may walk when a filter has no index of its own
 * (agreement, expertise, labeler, waiting for an expert). However rare the matches, a request then stays
 * cheap; the page may come back short with a cursor, which means "more to look at from here".
 */
export const SCAN_WINDOW = 20_000;

/**
 * Lead listing in id order with keyset paging (`id > cursor`), so page N costs the same as page 1.
 * `waiting: 'expert'` finds rows ready for QA that no reviewer of the project can take: none who
 * never held the row covers every domain it still lacks.
 */
export async function listRows(db: Kysely<DB>, projectId: number, f: RowFilters, window = SCAN_WINDOW): Promise<{ rows: RowRecord[]; nextCursor: number | null }> {
  const from = f.cursor ?? 0;
  // State alone is an index seek (rows_state_id); the other filters are checked row by row, so they get a window.
  let upTo: number | undefined;
  if (f.agree !== undefined || f.expertise || f.labeler !== undefined || f.waiting) {
    const edge = await db.selectFrom('rows').select('id').where('project_id', '=', projectId).where('id', '>', from)
      .orderBy('id').limit(1).offset(window - 1).executeTakeFirst();
    upTo = edge?.id;
  }
  // Both ends of a window, so the planner sees a bounded id range.
  let q = db.selectFrom('rows as r').selectAll('r').where('r.project_id', '=', projectId).where('r.id', '>', from);
  if (upTo !== undefined) q = q.where('r.id', '<=', upTo);
  if (f.state) q = q.where('r.state', '=', f.state);
  if (f.agree !== undefined) q = q.where('r.agree', '=', f.agree ? 1 : 0);
  if (f.expertise) q = q.where('r.expertise_json', 'like', `%${JSON.stringify(f.expertise)}%`);
  if (f.labeler !== undefined) {
    const u = f.labeler;
    q = q.where((eb) => eb.exists(eb.selectFrom('assignments as a').select(sql.lit(1).as('x'))
      .whereRef('a.row_id', '=', 'r.id').where('a.user_id', '=', u).where('a.kind', '=', 'label')));
  }
  if (f.waiting === 'expert') {
    q = q.where('r.state', '=', 'qa').where('r.qa_taken', '=', 0)
      .where((eb) => eb.exists(eb.selectFrom('row_needs as n').select(sql.lit(1).as('x')).whereRef('n.row_id', '=', 'r.id')))
      .where(sql<boolean>`not exists (
        select 1 from project_members m
        where m.project_id = r.project_id and m.role = 'reviewer'
          and not exists (select 1 from assignments a2 where a2.row_id = r.id and a2.user_id = m.user_id)
          and not exists (
            select 1 from row_needs n2 where n2.row_id = r.id
              and not exists (select 1 from user_expertise e where e.user_id = m.user_id and e.domain = n2.domain)))`);
  }
  const rows = await q.orderBy('r.id').limit(f.limit).execute();
  return { rows, nextCursor: rows.length === f.limit ? rows[rows.length - 1].id : upTo ?? null };
}

/** Who may still take a slot on these rows: annotators and reviewers (with expertise) who never held one. */
export async function freshPeople(db: Kysely<DB>, projectId: number, rowIds: number[]) {
  const members = await db.selectFrom('project_members').select(['user_id', 'role'])
    .where('project_id', '=', projectId).where('role', 'in', ['annotator', 'reviewer']).execute();
  const held = rowIds.length
    ? await db.selectFrom('assignments').select(['row_id', 'user_id']).where('row_id', 'in', rowIds).execute()
    : [];
  const ids = [...new Set(members.map((m) => m.user_id))];
  const exp = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length) {
    for (const e of await db.selectFrom('user_expertise').select(['user_id', 'domain']).where('user_id', 'in', ids).execute()) exp.get(e.user_id)!.push(e.domain);
  }
  return (rowId: number) => {
    const h = new Set(held.filter((x) => x.row_id === rowId).map((x) => x.user_id));
    return {
      labelers: members.filter((m) => m.role === 'annotator' && !h.has(m.user_id)).length,
      reviewers: members.filter((m) => m.role === 'reviewer' && !h.has(m.user_id)).map((m) => exp.get(m.user_id) ?? []),
    };
  };
}


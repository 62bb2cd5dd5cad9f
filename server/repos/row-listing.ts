import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB, RowState } from '../db/types.js';
import type { RowRecord } from './row-state.js';
import { isPg, rowSearch, searchTerms } from './row-search.js';
import { cellRows, type CellFilter } from './row-cells.js';
import { visibleRow } from './visible.js';

export type RowSort = 'age' | 'priority' | 'state';
/** Where a page starts: the sort key and id of the last row of the page before. */
export interface RowKey { v: number | string; id: number }

export interface RowQuery {
  state?: RowState;
  agree?: boolean;
  /** Rows that require this domain (at import or flagged since). */
  expertise?: string;
  /** Rows this person holds or has submitted a slot on (of `role`, or either). */
  person?: number;
  role?: 'label' | 'qa';
  waiting?: 'expert';
  /** Words searched in the row's data and external id. */
  q?: string;
  /** Rows whose current label pair falls in this confusion cell of the dashboard. */
  cell?: CellFilter;
  sort: RowSort;
  dir: 'asc' | 'desc';
  after?: RowKey;
  limit: number;
}

/**
 * How many of the project's rows one listing request may walk in sort order when its filters leave no
 * small set to start from. However rare the matches, a request stays cheap; the page may come back short
 * with a cursor, which means "more to look at from here".
 */
export const SCAN_WINDOW = 5_000;
/** A filter matching at most this many rows is read as a set and sorted, instead of walking the sort order. */
export const SET_LIMIT = 10_000;
/** A search matching at most this many rows is read as a set on SQLite (see browseRows). */
export const SEARCH_SET_LIMIT = 100_000;

const SORT_COL = { age: null, priority: 'priority', state: 'state' } as const;

function keyOf(r: RowRecord, sort: RowSort): RowKey {
  return { v: sort === 'priority' ? r.priority : sort === 'state' ? r.state : r.id, id: r.id };
}

/**
 * The lead's listing: filters, search and sort with keyset paging, so page N costs what page 1 does.
 * A filter with an index of its own (search, person, expertise) is first counted up to SET_LIMIT; the
 * smallest such set is read and sorted. Otherwise the sort order's index is walked, at most SCAN_WINDOW
 * rows per request (state alone in age or state order is a seek and needs no window). Every filter is
 * also checked per row, so either way the page holds exactly the matching rows.
 * `waiting: 'expert'` finds rows ready for QA that no reviewer of the project can take: none who never
 * held the row covers every domain it still lacks.
 */
export async function browseRows(db: Kysely<DB>, projectId: number, f: RowQuery, window = SCAN_WINDOW): Promise<{ rows: RowRecord[]; next: RowKey | null }> {
  const desc = f.dir === 'desc';
  const col = SORT_COL[f.sort];
  const preds: RawBuilder<boolean>[] = [];
  /** Filters with an index of their own: the ids they match, the same test per row, and how large a set may be read whole. */
  const sets: { ids: RawBuilder<{ id: number }>; holds: RawBuilder<boolean>; limit: number }[] = [];
  const indexed = (ids: RawBuilder<{ id: number }>, holds: RawBuilder<boolean>, limit = SET_LIMIT) => {
    preds.push(holds);
    sets.push({ ids, holds, limit });
  };

  if (f.q !== undefined) {
    const terms = searchTerms(f.q);
    // Two queries: SQLite seeks min() or max() alone on an index but scans the project for both at once.
    const lo = await db.selectFrom('rows').select('id').where('project_id', '=', projectId).orderBy('id', 'asc').limit(1).executeTakeFirst();
    const hi = await db.selectFrom('rows').select('id').where('project_id', '=', projectId).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (!terms.length || !lo || !hi) return { rows: [], next: null };
    const s = rowSearch(db, projectId, terms, [lo.id, hi.id]);
    // SQLite's FTS counts and lists matches fast but tests one row at a time slowly (40 µs), and sorting
    // the matches needs only the covering index (rows_project_order): a set pays far past SET_LIMIT.
    // PostgreSQL tests a row in microseconds but joins a large set by scanning the project's rows.
    indexed(s.ids, s.holds, isPg(db) ? SET_LIMIT : SEARCH_SET_LIMIT);
  }
  if (f.person !== undefined) {
    const kind = f.role ? sql` and a.kind = ${f.role}` : sql``;
    indexed(
      sql`select a.row_id as id from assignments a where a.user_id = ${f.person} and a.project_id = ${projectId}${kind} and a.status in ('active', 'submitted')`,
      sql<boolean>`exists (select 1 from assignments a where a.row_id = r.id and a.user_id = ${f.person}${kind} and a.status in ('active', 'submitted'))`,
    );
  }
  if (f.expertise) {
    indexed(
      sql`select d.row_id as id from row_domains d where d.project_id = ${projectId} and d.domain = ${f.expertise}`,
      sql<boolean>`exists (select 1 from row_domains d where d.row_id = r.id and d.domain = ${f.expertise})`,
    );
  }
  if (f.cell) {
    const c = cellRows(projectId, f.cell);
    indexed(c.ids, c.holds);
  }
  if (f.agree !== undefined) preds.push(sql<boolean>`r.agree = ${f.agree ? 1 : 0}`);
  if (f.waiting === 'expert') {
    preds.push(sql<boolean>`r.state = 'qa' and r.qa_taken = 0 and exists (select 1 from row_needs n where n.row_id = r.id) and not exists (
        select 1 from project_members m
        where m.project_id = r.project_id and m.role = 'reviewer'
          and not exists (select 1 from assignments a2 where a2.row_id = r.id and a2.user_id = m.user_id)
          and not exists (
            select 1 from row_needs n2 where n2.row_id = r.id
              and not exists (select 1 from user_expertise e where e.user_id = m.user_id and e.domain = n2.domain)))`);
  }

  // The smallest set under its limit, if any, is where the rows come from.
  let from = null as (typeof sets)[number] | null;
  let smallest = Infinity;
  for (const set of sets) {
    const n = Number((await sql<{ n: number }>`select count(*) as n from (${set.ids} limit ${sql.lit(set.limit + 1)}) c`.execute(db)).rows[0].n);
    if (n <= set.limit && n < smallest) {
      from = set;
      smallest = n;
    }
  }
  if (from && smallest === 0) return { rows: [], next: null };

  /** Rows after `k` in the sort order (`past`), or up to and including it (the walk's edge). */
  const keyset = (k: RowKey, past = true) => {
    const cmp = sql.raw(past ? (desc ? '<' : '>') : (desc ? '>=' : '<='));
    return col === null
      ? sql<boolean>`r.id ${cmp} ${k.id}`
      : sql<boolean>`(r.${sql.ref(col)}, r.id) ${cmp} (${k.v}, ${k.id})`;
  };
  const order = col === null ? sql.raw(`r.id ${f.dir}`) : sql.raw(`r.${col} ${f.dir}, r.id ${f.dir}`);
  const base = [sql<boolean>`r.project_id = ${projectId}`];
  if (f.after) base.push(keyset(f.after));
  const stateP = f.state ? [sql<boolean>`r.state = ${f.state}`] : [];
  // Walking the sort order: bound the walk unless it is a seek (state alone, in any order: the state
  // index, and its priority twin). The window counts the entries of the index the walk reads.
  let edge: RowKey | null = null;
  if (!from && preds.length > 0) {
    const walk = [...base, ...stateP];
    const e = await sql<RowRecord>`select r.id, r.priority, r.state from rows r where ${sql.join(walk, sql` and `)}
      order by ${order} limit 1 offset ${sql.lit(window - 1)}`.execute(db);
    edge = e.rows[0] ? keyOf(e.rows[0], f.sort) : null;
  }
  // The source set's own test would only repeat what the set says (an FTS probe per row, 40 µs each).
  // Rows an import is still writing are no one's to see (the walk above only bounds how far to read).
  const where = [...base, visibleRow('r'), ...stateP, ...preds.filter((p) => p !== from?.holds)];
  // As a plain comparison, not `not (…)`, so PostgreSQL bounds the index scan with it (a negation is only
  // a filter there: 530 ms for a rare person + disagreement in priority order at a million rows).
  if (edge) where.push(keyset(edge, false));
  let rows: RowRecord[];
  if (from) {
    // The set drives the read, as a join from it (SQLite would otherwise often walk the sort order's index
    // testing each row against the set: 175 ms for a one-row search in priority order at a million rows);
    // the page's ids are sorted first, on the covering index when nothing else is tested, then read whole.
    // PostgreSQL would hash-join the set against a scan of every row (200 ms for 500 matches beside a
    // million-row project): a lateral join looks each id up instead.
    const joined = isPg(db)
      ? sql`(select distinct id from (${from.ids}) x) s cross join lateral (select * from rows r0 where r0.id = s.id) r where`
      : sql`(select distinct id from (${from.ids}) x) s cross join rows r where r.id = s.id and`;
    const page = await sql<{ id: number }>`select r.id from ${joined} ${sql.join(where, sql` and `)}
      order by ${order} limit ${sql.lit(f.limit)}`.execute(db);
    const ids = page.rows.map((x) => x.id);
    rows = ids.length ? (await sql<RowRecord>`select r.* from rows r where r.id in (${sql.join(ids)}) order by ${order}`.execute(db)).rows : [];
  } else {
    rows = (await sql<RowRecord>`select r.* from rows r where ${sql.join(where, sql` and `)} order by ${order} limit ${sql.lit(f.limit)}`.execute(db)).rows;
  }
  return { rows, next: rows.length === f.limit ? keyOf(rows[rows.length - 1], f.sort) : edge };
}

/** The earlier id-order listing (numeric cursor), as `browseRows` in age order. */
export interface RowFilters {
  state?: RowState;
  agree?: boolean;
  expertise?: string;
  labeler?: number;
  waiting?: 'expert';
  cursor?: number;
  limit: number;
}

export async function listRows(db: Kysely<DB>, projectId: number, f: RowFilters, window = SCAN_WINDOW): Promise<{ rows: RowRecord[]; nextCursor: number | null }> {
  const { rows, next } = await browseRows(db, projectId, {
    state: f.state, agree: f.agree, expertise: f.expertise, waiting: f.waiting, limit: f.limit, sort: 'age', dir: 'asc',
    ...(f.labeler !== undefined ? { person: f.labeler, role: 'label' as const } : {}),
    ...(f.cursor !== undefined ? { after: { v: f.cursor, id: f.cursor } } : {}),
  }, window);
  return { rows, nextCursor: next?.id ?? null };
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


import { sql, type Kysely } from 'kysely';
import type { DB, RowState } from '../db/types.js';
import { visibleRow } from './visible.js';
import { isPg } from './row-search.js';
import { markHot } from '../db/prepared.js';

// The reads of a streamed export: a page of rows with their finals and answers in one statement (keyset
// pagination on the primary key), the label texts of rows whose agreement is worked out again, and for
// COCO's second pass the final answers of rows already chosen. Stored JSON comes back as the stored text.

/** A row of a project with its final's columns (all null when it has none) and its round's answers. */
export interface ExportRowRecord {
  id: number;
  external_id: string | null;
  data_json: string;
  prelabels_json: string | null;
  priority: number;
  state: RowState;
  round: number;
  expertise_json: string;
  final_id: number | null;
  agreement_json: string | null;
  updated_at: number;
  f_id: number | null;
  f_answer_json: string | null;
  f_source: 'qa' | 'consensus' | null;
  f_choices_json: string | null;
  f_decided_by: number | null;
  f_guideline_version: number | null;
  f_created_at: number | null;
  f_round: number | null;
  /**
   * The answers of the final's round (else of the row's round) as a JSON array, in no particular order, of
   * `[id, kind, user_id, created_at, active_ms, guideline_version, best_effort]`, each followed by
   * `answer_json, prelabel_json` (the stored texts) when asked for; null when not asked for (or, on
   * PostgreSQL, when there are none).
   */
  answers_json: string | null;
}

/** What a page read carries of each row's answers: nothing, who answered when, or that and the answers' texts. */
export type AnswersRead = 'none' | 'meta' | 'full';

/** The columns of an answer a page reads, and whether each is text (a JSON string when folded). */
const ANSWER = [['a.id', false], ['a.kind', true], ['a.user_id', false], ['a.created_at', false], ['a.active_ms', false], ['a.guideline_version', false], ['a.best_effort', false]] as const;
const ANSWER_TEXTS = [['a.answer_json', true], ['a.prelabel_json', true]] as const;
const answerColumns = (read: AnswersRead) => [...ANSWER, ...(read === 'full' ? ANSWER_TEXTS : [])] as ReadonlyArray<readonly [string, boolean]>;

/**
 * A JSON array of columns written by PostgreSQL as text, by concatenation: json_build_array costs its
 * backend about a fifth more CPU on an export's page (numbers are written as their digits either way,
 * text as a JSON string by to_json).
 */
const pgJsonArray = (cols: ReadonlyArray<readonly [string, boolean]>) =>
  sql.raw(`'[' || ${cols.map(([c, text]) => `coalesce(${text ? `to_json(${c})::text` : `${c}::text`}, 'null')`).join(` || ',' || `)} || ']'`);

/**
 * A row's answers folded into one JSON text by the database: one value per row instead of three or more
 * rows of ten columns, which is most of what reading them costs (the answers_row index finds them). The
 * caller puts them in id order: an ORDER BY inside the aggregate costs SQLite a sort per row. SQLite reads
 * them in the page's statement, a subquery per row.
 */
const sqliteAnswers = (read: AnswersRead) =>
  sql<string | null>`(select json_group_array(json_array(${sql.raw(answerColumns(read).map(([c]) => c).join(', '))})) from answers a where a.row_id = r.id and a.round = coalesce(f.round, r.round))`;

/**
 * PostgreSQL runs a correlated subquery as a sub-plan started anew per row (47 µs a row, four fifths of
 * a page's time): there the page's rows are read first (a CTE) and their answers joined by (row, round)
 * and grouped per row (6 µs a row), in the same statement, so the whole page is one round trip that the
 * database works on while this process builds the previous page (as a second statement it waited for
 * the event loop between the two).
 */
function pgPage(db: Kysely<DB>, projectId: number, after: number, limit: number, read: AnswersRead, only: PageOnly) {
  const page = pageSelect(db, projectId, after, limit, read, only).select(sql<number>`coalesce(f.round, r.round)`.as('answers_round'));
  return sql<PageRow>`with p as materialized (${page})
    select p.id, p.external_id, p.data_json, p.prelabels_json, p.expertise_json, p.agreement_json, p.f_answer_json, p.f_choices_json, p.facts, x.answers_json
    from p left join (
      select a.row_id, '[' || string_agg(${pgJsonArray(answerColumns(read))}, ',') || ']' as answers_json
      from answers a join p on a.row_id = p.id and a.round = p.answers_round group by a.row_id
    ) x on x.row_id = p.id
    order by p.id`;
}

interface PageRow {
  id: number; external_id: string | null; data_json: string; prelabels_json: string | null; expertise_json: string; agreement_json: string | null;
  f_answer_json: string | null; f_choices_json: string | null; facts: string; answers_json: string | null;
}

/** The small columns of a page's row, in the order `facts` folds them. */
const FACTS = [['r.priority', false], ['r.state', true], ['r.round', false], ['r.final_id', false], ['r.updated_at', false], ['f.id', false], ['f.source', true],
  ['f.decided_by', false], ['f.guideline_version', false], ['f.created_at', false], ['f.round', false]] as const;
type Facts = [number, RowState, number, number | null, number, number | null, 'qa' | 'consensus' | null, number | null, number | null, number | null, number | null];

/**
 * A row's small columns as one JSON array: better-sqlite3 gives each column of each row its own property,
 * set one at a time, which cost as much as the database's own work; one text of eleven numbers and words,
 * parsed here, costs a third of that (PostgreSQL's answer is decoded column by column too).
 */
function facts(db: Kysely<DB>) {
  return isPg(db) ? sql<string>`${pgJsonArray(FACTS)}` : sql<string>`json_array(${sql.raw(FACTS.map(([c]) => c).join(', '))})`;
}

/**
 * Up to `limit` visible rows of a project after id `after`, in id order, each with its final and (unless
 * `answers` is 'none') its round's answers. States are left to the caller: with a state condition SQLite
 * prefers the queue index (project, state, …) and sorts every matching row by id on each page, which is
 * quadratic overall. Explicit ids are the exception: a bounded list the primary key and
 * (project, external_id) find directly.
 */
export async function exportRowsPage(db: Kysely<DB>, projectId: number, after: number, limit: number, answers: AnswersRead, only: PageOnly = {}): Promise<ExportRowRecord[]> {
  const q = (isPg(db) && answers !== 'none' ? pgPage(db, projectId, after, limit, answers, only) : pageSelect(db, projectId, after, limit, answers, only)).compile(db);
  // The same text page after page: PostgreSQL keeps it prepared on each connection (db/pg-pool.ts) and plans
  // it once instead of once a page. Not with lists of ids, whose text changes with their length.
  if (isPg(db) && !only.externalIds && !only.rowIds) markHot(q.sql);
  const { rows } = await db.executeQuery<PageRow>(q);
  return rows.map((x) => recordOf(x.id, x.external_id, x.data_json, x.prelabels_json, x.expertise_json, x.agreement_json, x.f_answer_json, x.f_choices_json, x.facts, x.answers_json));
}

/**
 * Rows a page read is limited to: explicit ids (a bounded list the primary key and (project, external_id)
 * find directly), and an id the page ends at (`upTo`, a bound `exportPageEnds` gave).
 */
export interface PageOnly { externalIds?: string[]; rowIds?: number[]; upTo?: number }

/** The project's visible rows after id `after` (and up to `only.upTo`) that `only` keeps. */
function pageRows(db: Kysely<DB>, projectId: number, after: number, only: PageOnly) {
  const { externalIds, rowIds, upTo } = only;
  let sel = db.selectFrom('rows as r').where('r.project_id', '=', projectId).where('r.id', '>', after).where(visibleRow('r'));
  if (upTo !== undefined) sel = sel.where('r.id', '<=', upTo);
  if (externalIds || rowIds) {
    sel = sel.where((eb) => eb.or([
      ...(externalIds ? [eb('r.external_id', 'in', externalIds)] : []),
      ...(rowIds ? [eb('r.id', 'in', rowIds)] : []),
    ]));
  }
  return sel;
}

function pageSelect(db: Kysely<DB>, projectId: number, after: number, limit: number, answers: AnswersRead, only: PageOnly) {
  return pageRows(db, projectId, after, only).leftJoin('finals as f', 'f.id', 'r.final_id')
    .select([
      // Read without answers (formats that write the final alone), a row's prelabels and stored agreement are not written.
      'r.id', 'r.external_id', 'r.data_json', answers === 'none' ? sql<null>`null`.as('prelabels_json') : 'r.prelabels_json', 'r.expertise_json',
      answers === 'none' ? sql<null>`null`.as('agreement_json') : 'r.agreement_json', 'f.answer_json as f_answer_json', 'f.choices_json as f_choices_json',
      facts(db).as('facts'), (answers === 'none' || isPg(db) ? sql<string | null>`null` : sqliteAnswers(answers)).as('answers_json'),
    ])
    .orderBy('r.id').limit(limit);
}

/**
 * Where the next `pages` pages of `size` rows after id `after` end: the id of every `size`-th row, and of
 * the last row when fewer than `pages * size` are left (then `more` is false). Read in the snapshot the
 * pages are read in, these are the pages keyset pagination would read one after the other; knowing them,
 * several can be read at once. Only ids are read (an index walk), and only the ends come back.
 */
export async function exportPageEnds(db: Kysely<DB>, projectId: number, after: number, size: number, pages: number, only: PageOnly = {}): Promise<{ ends: number[]; more: boolean }> {
  const limit = size * pages;
  const ids = pageRows(db, projectId, after, only).select('r.id').orderBy('r.id').limit(limit);
  const { rows } = await sql<{ id: number; n: number }>`with t as materialized (${ids}), c as (select count(*) as total from t)
    select s.id, s.n from (select id, row_number() over (order by id) as n from t) s, c where s.n % ${size} = 0 or s.n = c.total order by s.id`.execute(db);
  const ends = rows.map((r) => Number(r.id));
  return { ends, more: rows.length > 0 && Number(rows[rows.length - 1].n) === limit };
}

function recordOf(
  id: number, externalId: string | null, dataJson: string, prelabelsJson: string | null, expertiseJson: string, agreementJson: string | null,
  fAnswerJson: string | null, fChoicesJson: string | null, factsJson: string, answersJson: string | null,
): ExportRowRecord {
  const f = JSON.parse(factsJson) as Facts;
  return {
    id: Number(id), external_id: externalId, data_json: dataJson, prelabels_json: prelabelsJson, expertise_json: expertiseJson, agreement_json: agreementJson,
    f_answer_json: fAnswerJson, f_choices_json: fChoicesJson, answers_json: answersJson,
    priority: f[0], state: f[1], round: f[2], final_id: f[3], updated_at: f[4], f_id: f[5], f_source: f[6], f_decided_by: f[7], f_guideline_version: f[8], f_created_at: f[9], f_round: f[10],
  };
}

/**
 * SQLite: the page statement for a reader on a connection of its own (services/export/page-worker.ts),
 * as text and parameters, with the place of the `after` parameter; its rows come back as arrays
 * (`recordOfRaw`), which better-sqlite3 builds without setting a property per column.
 */
export function exportRowsPageStatement(db: Kysely<DB>, projectId: number, limit: number, answers: AnswersRead, only: PageOnly = {}) {
  const mark = Number.MIN_SAFE_INTEGER;
  const q = pageSelect(db, projectId, mark, limit, answers, only).compile();
  const parameters = [...q.parameters];
  const afterAt = parameters.indexOf(mark);
  if (afterAt < 0 || parameters.indexOf(mark, afterAt + 1) >= 0) throw new Error('export: the page statement\'s cursor parameter was not found once');
  return { sql: q.sql, parameters, afterAt };
}

/** A row of `exportRowsPageStatement` read raw: its columns in the order selected. */
export const recordOfRaw = (x: unknown[]): ExportRowRecord =>
  recordOf(x[0] as number, x[1] as string | null, x[2] as string, x[3] as string | null, x[4] as string, x[5] as string | null, x[6] as string | null, x[7] as string | null, x[8] as string, x[9] as string | null);

/** The file of a SQLite database ('' for one in memory). */
export async function sqliteFile(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
  return rows[0]?.file ?? '';
}

/** The label texts of the given rows, by row, round and submission order: for rows whose agreement is worked out again. */
export function exportLabelTexts(db: Kysely<DB>, rowIds: number[]): Promise<Array<{ row_id: number; round: number; answer_json: string }>> {
  return db.selectFrom('answers').select(['row_id', 'round', 'answer_json'])
    .where('row_id', 'in', rowIds).where('kind', '=', 'label').orderBy('row_id').orderBy('round').orderBy('id').execute();
}

/**
 * The final answers (stored text) of the given rows of a project (ascending ids), in id order; rows
 * without a final are left out. Ids close together are read as their range, which costs the database
 * less than a list of a thousand values (rows between them that were not asked for are dropped here).
 */
export async function exportFinalAnswers(db: Kysely<DB>, projectId: number, rowIds: number[]): Promise<Array<{ id: number; answer_json: string }>> {
  if (!rowIds.length) return [];
  const first = rowIds[0];
  const last = rowIds[rowIds.length - 1];
  const dense = last - first < 2 * rowIds.length;
  const read = await db.selectFrom('rows as r').innerJoin('finals as f', 'f.id', 'r.final_id')
    .select(['r.id', 'f.answer_json'])
    .where('r.project_id', '=', projectId).where(visibleRow('r'))
    .where((eb) => (dense ? eb.between('r.id', first, last) : eb('r.id', 'in', rowIds)))
    .orderBy('r.id').execute();
  if (!dense) return read;
  const out: typeof read = [];
  let k = 0;
  for (const r of read) {
    const id = Number(r.id);
    while (k < rowIds.length && rowIds[k] < id) k++;
    if (rowIds[k] === id) out.push(r);
  }
  return out;
}

/** The stored data (JSON text) of the given rows of a project. */
export function exportRowData(db: Kysely<DB>, projectId: number, rowIds: number[]): Promise<Array<{ id: number; data_json: string }>> {
  return db.selectFrom('rows').select(['id', 'data_json']).where('project_id', '=', projectId).where('id', 'in', rowIds).execute();
}

/**
 * Everyone who ever answered in a project: a walk of the (project, user) index from one person to the next
 * (a few dozen lookups), where a plain DISTINCT reads an entry per answer (0.9 s at three million answers).
 */
export async function answeredIn(db: Kysely<DB>, projectId: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`with recursive u(id) as (
      select min(user_id) from answers where project_id = ${projectId}
      union all
      select (select min(a.user_id) from answers a where a.project_id = ${projectId} and a.user_id > u.id) from u where u.id is not null
    ) select id from u where id is not null`.execute(db);
  return rows.map((r) => Number(r.id));
}

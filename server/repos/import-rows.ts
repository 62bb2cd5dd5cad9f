import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { NewRow } from './rows.js';

/** Characters of a row's text that are indexed for search (migration 2026-12-07T05): a tsvector holds 1 MB at most. */
const SEARCH_CHARS = 200_000;

/**
 * The text a row is found by: its external id, then every string in its data in document order, the
 * first 200,000 characters: what the insert trigger computes in SQL (json_tree on SQLite, triad_row_text
 * on PostgreSQL), computed here from the value the import holds anyway.
 */
export function searchText(externalId: string | null, data: unknown): string {
  const parts = [externalId ?? ''];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v !== null && typeof v === 'object') for (const k in v) walk((v as Record<string, unknown>)[k]);
  };
  walk(data);
  // U+0000 is read as a space, as the triggers read it (migration 2026-12-07T23).
  for (let i = 1; i < parts.length; i++) if (parts[i].includes('\0')) parts[i] = parts[i].replaceAll('\0', ' ');
  // The text always starts with the id and a space, strings or not, as the trigger's does.
  const text = parts.length === 1 ? `${parts[0]} ` : parts.join(' ');
  // SQL counts characters, JavaScript UTF-16 units: cut by characters, as SQL does, when it matters.
  return text.length <= SEARCH_CHARS ? text : Array.from(text).slice(0, SEARCH_CHARS).join('');
}

/**
 * PostgreSQL's words: every run of characters that are neither letters nor digits becomes a space (as
 * triad_row_text does with [^[:alnum:]], and as searchTerms cuts what a person types), so its parser sees
 * `doc-5` as `doc` and `5`, as FTS5 does.
 */
const pgWords = (text: string) => text.replace(/[^\p{L}\p{N}]+/gu, ' ');

/** Words PostgreSQL's parser keeps whole and 'simple' only lower-cases: ASCII, starting with a letter, or all digits. */
const PLAIN_WORDS = /^[ A-Za-z0-9]*$/;
const SPLIT_BY_PARSER = /(?:^| )[0-9]+[A-Za-z]/;
/** to_tsvector drops a word of 2,047 bytes or more ("word is too long to be indexed"). */
const MAX_LEXEME = 2047;

/**
 * The lexemes to_tsvector('simple', words) would make, space-separated, when they can be told without
 * PostgreSQL's parser (null otherwise): for plain ASCII words it keeps each run whole and lower-cases it,
 * so array_to_tsvector of these gives the same lexemes at a fifth of the cost (6 ms against 33 ms for
 * 2,000 rows of 40 words). A run starting with digits may be cut by the parser (`1e5e5` gives `1e5` and
 * `e5`), and letters beyond ASCII are lower-cased by the server's locale: those rows keep to_tsvector.
 * No positions: a search matches whole words joined by AND (repos/row-search.ts), which positions do not
 * change.
 */
export function plainLexemes(words: string): string | null {
  if (!PLAIN_WORDS.test(words) || SPLIT_BY_PARSER.test(words)) return null;
  const seen = new Set<string>();
  for (const w of words.toLowerCase().split(' ')) if (w && w.length < MAX_LEXEME) seen.add(w);
  return [...seen].join(' ');
}

/**
 * Writes an import's new rows (hidden by `importId` until it publishes, repos/visible.ts) with their
 * search entries, required domains and gold references, in a few statements of fixed text whatever the
 * batch's size: the rows travel as one JSON document (SQLite) or one array per column (PostgreSQL), not as
 * a parameter per value, which Kysely would compile and each database parse anew for every batch. The
 * search entry is written here, not by the insert trigger (migration 2026-12-07T20 skips rows that carry
 * an import id): its text comes from the parsed value, not from reparsing the stored JSON in SQL, which
 * was half of SQLite's cost of an import and most of PostgreSQL's. Returns the ids, in the rows' order.
 */
export async function writeImportRows(db: Kysely<DB>, projectId: number, importId: string, rows: NewRow[], now: number): Promise<number[]> {
  if (!rows.length) return [];
  const cols = rows.map((r) => ({
    ext: r.externalId, data: JSON.stringify(r.data), pre: r.prelabels ? JSON.stringify(r.prelabels) : null,
    exp: JSON.stringify([...new Set(r.expertise ?? [])].sort()), priority: r.priority ?? 0, state: r.gold ? 'gold' : 'labeling',
  }));
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  // A gold row is never one of two labels or QA'd, so no domain is ever missing on it.
  const needs = rows.flatMap((r, i) => (r.gold ? [] : [...new Set(r.expertise ?? [])].map((d) => [i, d] as const)));
  // Needs of rows no claim may hand out yet are `importing`: the experts' seeks pass over them until the
  // import id is cleared (services/import/clear-published.ts).
  let ids: number[];
  if (pg) {
    const texts: Array<string | null> = rows.map((r) => pgWords(searchText(r.externalId, r.data)));
    const lexemes = texts.map((t, i) => {
      const l = plainLexemes(t!);
      if (l !== null) texts[i] = null;
      return l;
    });
    // Ids drawn first, so the search entries and needs of each row are written in the same statement. The
    // sequence is looked up once (a subquery run before the rows): pg_get_serial_sequence per row read the
    // catalog 2,000 times a batch, 11 us each, most of what drawing the ids cost.
    const out = await sql<{ id: string }>`with v as materialized (
        select nextval((select pg_get_serial_sequence('rows', 'id'))::regclass) as id, u.* from unnest(
          ${cols.map((c) => c.ext)}::text[], ${cols.map((c) => c.data)}::text[], ${cols.map((c) => c.pre)}::text[],
          ${cols.map((c) => c.exp)}::text[], ${cols.map((c) => c.priority)}::int[], ${cols.map((c) => c.state)}::text[], ${texts}::text[],
          ${lexemes}::text[]
        ) with ordinality as u(external_id, data_json, prelabels_json, expertise_json, priority, state, body, lexemes, ord)),
      r as (insert into rows (id, project_id, external_id, data_json, prelabels_json, expertise_json, priority, state, round,
          labels_taken, labels_done, qa_taken, created_at, updated_at, import_id)
        select id, ${projectId}, external_id, data_json, prelabels_json, expertise_json, priority, state, 1, 0, 0, 0, ${now}, ${now}, ${importId}
        from v order by ord),
      s as (insert into row_search (row_id, project_id, body) select id, ${projectId},
        coalesce(array_to_tsvector(string_to_array(lexemes, ' ')), to_tsvector('simple'::regconfig, body)) from v),
      n as (insert into row_needs (row_id, project_id, domain, state)
        select v.id, ${projectId}, d.domain, 'importing' from unnest(${needs.map(([i]) => i + 1)}::bigint[], ${needs.map(([, d]) => d)}::text[]) as d(ord, domain)
        join v on v.ord = d.ord)
      select id from v order by ord`.execute(db);
    ids = out.rows.map((r) => Number(r.id));
  } else {
    const doc = JSON.stringify(cols.map((c) => [c.ext, c.data, c.pre, c.exp, c.priority, c.state]));
    const res = await sql`insert into rows (project_id, external_id, data_json, prelabels_json, expertise_json, priority, state, round,
        labels_taken, labels_done, qa_taken, created_at, updated_at, import_id)
      select ${projectId}, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, 1, 0, 0, 0, ${now}, ${now}, ${importId}
      from json_each(${doc}) j order by j.key`.execute(db);
    // One statement's rows get consecutive ids, and nothing else writes in between (one connection).
    const last = Number(res.insertId);
    ids = cols.map((_, i) => last - cols.length + 1 + i);
    await sql`insert into rows_fts (rowid, body) select ${ids[0]} + j.key, j.value from json_each(${JSON.stringify(rows.map((r) => searchText(r.externalId, r.data)))}) j`.execute(db);
    if (needs.length) {
      await sql`insert into row_needs (row_id, project_id, domain, state) select ${ids[0]} + (j.value ->> 0), ${projectId}, j.value ->> 1, 'importing'
        from json_each(${JSON.stringify(needs)}) j`.execute(db);
    }
  }
  const gold = rows.flatMap((r, k) => (r.gold ? [{ row_id: ids[k], project_id: projectId, reference_json: JSON.stringify(r.gold), source: 'import' as const, final_id: null, created_by: null, created_at: now }] : []));
  for (let i = 0; i < gold.length; i += 500) await db.insertInto('gold_rows').values(gold.slice(i, i + 500)).execute();
  return ids;
}

import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/types.js';

/**
 * Full-text search over rows (migration 2026-12-07T05): SQLite's FTS5 table `rows_fts`, PostgreSQL's
 * `row_search` tsvectors. Both index words (runs of letters and digits, lower-cased); a search finds rows
 * holding every word typed.
 */

export const MAX_TERMS = 8;
export const MAX_TERM = 64;

/** The words of a search, as both engines' tokenizers cut text; empty when it holds no letter or digit. */
export function searchTerms(q: string): string[] {
  return (q.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TERMS).map((t) => t.slice(0, MAX_TERM));
}

export const isPg = (db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Terms hold letters and digits only, so quoting them is enough for both query languages. Whole words
 * only: a prefix query merges the postings of every word it starts (FTS5 re-merges them for each row a
 * walk checks: about 1 ms a row for a 4-letter prefix against 40 µs for a word), which no sort order but
 * the index's own could afford at a million rows.
 */
function matchText(terms: string[], pg: boolean): string {
  return terms.map((t) => (pg ? `'${t}'` : `"${t}"`)).join(pg ? ' & ' : ' ');
}

export interface Search {
  /** Ids of the project's matching rows (a subquery). */
  ids: RawBuilder<{ id: number }>;
  /** True when row `r` matches: a seek per row, for walks in another order. */
  holds: RawBuilder<boolean>;
}

/** `span`: the project's lowest and highest row id, which bound the FTS walk on SQLite (its table spans projects). */
export function rowSearch(db: Kysely<DB>, projectId: number, terms: string[], span: [number, number]): Search {
  const pg = isPg(db);
  const m = matchText(terms, pg);
  if (pg) {
    const tq = sql`to_tsquery('simple'::regconfig, ${m})`;
    return {
      ids: sql`select s.row_id as id from row_search s where s.project_id = ${projectId} and s.body @@ ${tq}`,
      holds: sql<boolean>`exists (select 1 from row_search s where s.row_id = r.id and s.body @@ ${tq})`,
    };
  }
  // Rows of other projects inside the span are dropped by the caller's project test.
  return {
    ids: sql`select f.rowid as id from rows_fts f where rows_fts match ${m} and f.rowid between ${span[0]} and ${span[1]}`,
    holds: sql<boolean>`exists (select 1 from rows_fts f where rows_fts match ${m} and f.rowid = r.id)`,
  };
}

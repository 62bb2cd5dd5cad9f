import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/types.js';
import type { RowAnswer } from '@shared/tasks/question.js';
import { canonicalJson } from '../workflow/rules.js';
import type { Cell, DashTables, FinalInfo, PackedUnits } from './counts.js';

/** What the fill driver and both folds share, so every step pages, batches and writes the derived tables alike. */

export const hashOf = (v: unknown) => createHash('sha1').update(canonicalJson(v)).digest('base64').slice(0, 22);

export type Db = Kysely<DB & DashTables>;
export type Tx = Transaction<DB & DashTables>;
export type DashRow = DashTables['dash_rows'];
export type State = DashTables['dash_state'];

/**
 * Answers or finals folded per transaction. Short on SQLite, where a fill's transaction holds the one
 * connection the workflow also needs; longer on Postgres, where it blocks nobody and round trips cost.
 */
export const pageOf = (db: Kysely<any>) => (isPg(db) ? 4000 : 1000);
/** Ids per `IN (…)` list. */
export const CHUNK = 1000;
export const isPg = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
// Rows per insert: a page in one statement (at most 10 columns: 10,000 parameters, under both engines' limits).
export const BATCH = 1000;
export const num = (x: unknown) => Number(x ?? 0);

/**
 * `project_id = ? AND id > ?`, written so SQLite walks the id range (the few new rows) rather than the
 * project's index (every row of the project, then sorted by id).
 */
export const sinceId = (db: Db | Tx, pid: number) => (isPg(db) ? sql<number>`project_id` : sql<number>`project_id + 0`);

/** Replaces the confusion cells of rows whose counted pair changed (`cells`: their new pair's, by row). */
export async function writeCells(tx: Tx, pid: number, cells: Map<number, { at: number; cells: Cell[] }>) {
  const rowIds = [...cells.keys()];
  for (let i = 0; i < rowIds.length; i += CHUNK) await tx.deleteFrom('dash_cells').where('row_id', 'in', rowIds.slice(i, i + CHUNK)).execute();
  const seen = new Set<string>();
  const values: Array<DashTables['dash_cells']> = [];
  for (const [rowId, { at, cells: cs }] of cells) {
    for (const c of cs) {
      // Items of a question asked per turn can share a cell: the row is behind it once.
      const k = `${rowId}\t${c.qi}\t${c.a}\t${c.b}`;
      if (seen.has(k)) continue;
      seen.add(k);
      values.push({ row_id: rowId, project_id: pid, qi: c.qi, a: c.a, b: c.b, at });
    }
  }
  for (let i = 0; i < values.length; i += BATCH) await tx.insertInto('dash_cells').values(values.slice(i, i + BATCH)).execute();
}

export async function writeRows(tx: Tx, rows: Iterable<DashRow>) {
  const values = [...rows];
  for (let i = 0; i < values.length; i += BATCH) {
    await tx.insertInto('dash_rows').values(values.slice(i, i + BATCH)).onConflict((oc) => oc.column('row_id').doUpdateSet((eb) => ({
      first_label_at: eb.ref('excluded.first_label_at'), first_final_at: eb.ref('excluded.first_final_at'),
      a1: eb.ref('excluded.a1'), a2: eb.ref('excluded.a2'), pair_round: eb.ref('excluded.pair_round'), final_id: eb.ref('excluded.final_id'),
    }))).execute();
  }
}

export async function loadRows(tx: Tx, pid: number, rowIds: number[]) {
  const rows = new Map<number, DashRow>();
  for (let i = 0; i < rowIds.length; i += CHUNK) {
    for (const r of await tx.selectFrom('dash_rows').selectAll().where('row_id', 'in', rowIds.slice(i, i + CHUNK)).execute()) {
      rows.set(Number(r.row_id), { ...r, row_id: Number(r.row_id), a1: r.a1 === null ? null : Number(r.a1), a2: r.a2 === null ? null : Number(r.a2), final_id: r.final_id === null ? null : Number(r.final_id) });
    }
  }
  const get = (rowId: number) => {
    let r = rows.get(rowId);
    if (!r) rows.set(rowId, (r = { row_id: rowId, project_id: pid, first_label_at: null, first_final_at: null, a1: null, a2: null, pair_round: null, final_id: null }));
    return r;
  };
  return { rows, get };
}

/** `at`: when the answer was submitted (a pair is counted on its second label's day). */
export interface Derived { user: number; units: PackedUnits; canon: string; agree: string | null; at: number; answer?: RowAnswer }

export async function loadDerived(tx: Tx, ids: number[], into: Map<number, Derived>) {
  const want = [...new Set(ids)].filter((id) => !into.has(id));
  for (let i = 0; i < want.length; i += CHUNK) {
    for (const s of await tx.selectFrom('answer_stats as s').innerJoin('answers as a', 'a.id', 's.answer_id')
      .select(['s.answer_id', 's.user_id', 's.units', 's.canon', 's.agree', 'a.created_at']).where('s.answer_id', 'in', want.slice(i, i + CHUNK)).execute()) {
      into.set(Number(s.answer_id), { user: Number(s.user_id), units: JSON.parse(s.units), canon: s.canon, agree: s.agree, at: Number(s.created_at) });
    }
  }
}

export async function loadFinals(tx: Tx, ids: number[]) {
  const out = new Map<number, FinalInfo>();
  const want = [...new Set(ids)];
  for (let i = 0; i < want.length; i += CHUNK) {
    const part = want.slice(i, i + CHUNK);
    for (const f of await tx.selectFrom('final_stats as fs').innerJoin('finals as f', 'f.id', 'fs.final_id').select(['fs.final_id', 'fs.canon', 'fs.kept', 'f.source', 'f.created_at'])
      .where('fs.final_id', 'in', part).execute()) out.set(Number(f.final_id), { canon: f.canon, kept: f.kept, source: f.source, at: Number(f.created_at) });
  }
  return out;
}

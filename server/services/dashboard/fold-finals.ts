import { sql } from 'kysely';
import type { RowState } from '../../db/types.js';
import { countFinal, dayNumber, hourKey, hourNumber, key, type PairSide } from './counts.js';
import { Deltas, writeDeltas } from './deltas.js';
import {
  BATCH, hashOf, loadDerived, loadFinals, loadRows, num, pageOf, sinceId, writeRows, type DashRow, type Derived, type State, type Tx,
} from './tables.js';

/** The states a reopened row can be in, listed so the state index is searched (a new state fails to compile). */
const NOT_FINAL = Object.keys({ labeling: 1, qa: 1, escalated: 1, gold: 1 } satisfies Record<Exclude<RowState, 'final'>, 1>) as RowState[];

const KEPT_CODE: Record<string, string> = { l1: '1', l2: '2', agreed: 'b', edited: 'e' };

/**
 * What QA kept of each label: '#', then one character per question of the schema: '1' or '2' (that label's
 * answer taken), 'b' (the two agreed: both kept), 'e' (QA wrote its own: neither), '-' (not decided, a
 * question the final's conditions hid). A consensus final keeps both.
 */
export const keptPerQuestion = (source: string, questionIds: string[], choices: Record<string, string>) =>
  `#${questionIds.map((q) => (source === 'consensus' ? 'b' : choices[q] === undefined ? '-' : KEPT_CODE[choices[q]] ?? 'e')).join('')}`;

/** Folds one page of finals: their derived form and the day each row was first finalized. */
export async function foldFinals(tx: Tx, st: State, mode: 'id' | 'marker', finalized: Set<number>, questionIds: string[]): Promise<boolean> {
  const PAGE = pageOf(tx);
  const pid = st.project_id;
  const cols = ['f.id', 'f.row_id', 'f.answer_json', 'f.source', 'f.choices_json', 'f.created_at'] as const;
  const page = mode === 'id'
    ? await tx.selectFrom('finals as f').select(cols).where(sinceId(tx, pid), '=', pid).where('f.id', '>', num(st.final_wm)).orderBy('f.id').limit(PAGE).execute()
    : await tx.selectFrom('finals as f').leftJoin('final_stats as s', 's.final_id', 'f.id').select(cols)
      .where('f.project_id', '=', pid).where('s.final_id', 'is', null).orderBy('f.id').limit(PAGE).execute();
  if (!page.length) return false;
  for (const f of page) finalized.add(Number(f.row_id));
  const { rows, get } = await loadRows(tx, pid, [...new Set(page.map((f) => Number(f.row_id)))]);
  const d = new Deltas();
  const values = page.map((f) => {
    const kept = keptPerQuestion(f.source, questionIds, f.choices_json ? (JSON.parse(f.choices_json) as Record<string, string>) : {});
    const r = get(Number(f.row_id));
    const at = Number(f.created_at);
    if (r.first_final_at === null || at < Number(r.first_final_at)) {
      if (r.first_final_at !== null) {
        d.add(key.finalizedDay(dayNumber(r.first_final_at)), -1);
        d.addHour(hourNumber(r.first_final_at), hourKey.finalized, -1);
      }
      d.add(key.finalizedDay(dayNumber(at)));
      d.addHour(hourNumber(at), hourKey.finalized);
      r.first_final_at = at;
    }
    return { final_id: Number(f.id), project_id: pid, canon: hashOf(JSON.parse(f.answer_json)), kept };
  });
  for (let i = 0; i < values.length; i += BATCH) await tx.insertInto('final_stats').values(values.slice(i, i + BATCH)).execute();
  await writeRows(tx, rows.values());
  await writeDeltas(tx, pid, d);
  const maxId = Math.max(num(st.final_wm), ...page.map((f) => Number(f.id)));
  await tx.updateTable('dash_state').set({ final_wm: maxId, finals_seen: num(st.finals_seen) + page.length }).where('project_id', '=', pid).execute();
  return page.length === PAGE;
}

/**
 * Brings the counted finals in line with the rows, for the given rows or for the rows not final now
 * (by id, a page at a time): a pair is compared with the row's final when that final was made on the
 * pair's round. `last` is the last row id looked at, null when there was none.
 */
export async function recheckFinals(tx: Tx, pid: number, which: { rows: number[] } | { notFinalAfter: number }): Promise<{ last: number | null; complete: boolean }> {
  const PAGE = pageOf(tx);
  let q = tx.selectFrom('dash_rows as d')
    .innerJoin('rows as r', 'r.id', 'd.row_id').leftJoin('finals as f', 'f.id', 'r.final_id')
    .selectAll('d').select(sql<number | null>`case when f.round = d.pair_round then r.final_id end`.as('current'))
    .where('d.a2', 'is not', null)
    .where(sql<boolean>`(case when f.round = d.pair_round then r.final_id end) is distinct from d.final_id`);
  q = 'rows' in which
    ? q.where('d.row_id', 'in', which.rows)
    : q.where('r.project_id', '=', pid).where('r.state', 'in', NOT_FINAL).where('d.final_id', 'is not', null).where('r.id', '>', which.notFinalAfter).orderBy('r.id').limit(PAGE);
  const page = await q.execute();
  if (!page.length) return { last: null, complete: true };
  const derived = new Map<number, Derived>();
  await loadDerived(tx, page.flatMap((r) => [Number(r.a1), Number(r.a2)]), derived);
  const finals = await loadFinals(tx, page.flatMap((r) => [r.final_id, r.current].filter((x): x is number => x !== null).map(Number)));
  const d = new Deltas();
  const rows: DashRow[] = [];
  let complete = true;
  for (const p of page) {
    if (p.current !== null && !finals.has(Number(p.current))) { complete = false; continue; }
    const l1: PairSide = derived.get(Number(p.a1))!;
    const l2: PairSide = derived.get(Number(p.a2))!;
    if (p.final_id !== null) countFinal(d, l1, l2, finals.get(Number(p.final_id))!, -1);
    if (p.current !== null) countFinal(d, l1, l2, finals.get(Number(p.current))!, 1);
    const { current, ...row } = p;
    rows.push({ ...row, final_id: current === null ? null : Number(current) });
  }
  await writeRows(tx, rows);
  await writeDeltas(tx, pid, d);
  return { last: page.length === PAGE ? Number(page[page.length - 1].row_id) : null, complete };
}

import type { ProjectRecord } from '../../repos/projects.js';
import type { RowAnswer } from '@shared/tasks/question.js';
import { questionModule, questionInterop } from '@shared/tasks/question-module.js';
import type { Question } from '@shared/tasks/question.js';
import { countFinal, countPair, dayNumber, encodeAgree, hourKey, hourNumber, key, schemaPartOf, type Cell, type DashTables, type PackedUnits } from './counts.js';
import { Deltas, writeDeltas } from './deltas.js';
import { itemAgreement } from '../scope-items.js';
import {
  BATCH, CHUNK, hashOf, loadDerived, loadFinals, loadRows, num, pageOf, sinceId, writeCells, writeRows, type Derived, type State, type Tx,
} from './tables.js';

/** Per scoped question, whether each item of a pair agreed (as the submit stores it). */
type ItemFlags = Record<string, Record<string, boolean>>;

/**
 * Whether a label holds an answer to the question: present, and for a question asked per turn or
 * response, about at least one item (a row with no turn to judge asked nothing). Pairs where either
 * label holds none do not count as agreeing or not, so a conditional question hidden for both is left out.
 */
const given = (q: Question, v: unknown) =>
  v !== undefined && v !== null && !(q.scope && Object.keys((v as { items?: object }).items ?? {}).length === 0);

/** Folds one page of answers; true when there may be more. Rows whose label pair changed go to `moved`. */
export async function foldAnswers(tx: Tx, project: ProjectRecord, st: State, mode: 'id' | 'marker', moved: Set<number>): Promise<boolean> {
  const PAGE = pageOf(tx);
  const pid = project.id;
  const cols = ['a.id', 'a.row_id', 'a.round', 'a.user_id', 'a.kind', 'a.answer_json', 'a.prelabel_json', 'a.active_ms', 'a.guideline_version', 'a.created_at', 'a.best_effort'] as const;
  const page = mode === 'id'
    ? await tx.selectFrom('answers as a').select(cols).where(sinceId(tx, pid), '=', pid).where('a.id', '>', num(st.answer_wm)).orderBy('a.id').limit(PAGE).execute()
    : await tx.selectFrom('answers as a').leftJoin('answer_stats as s', 's.answer_id', 'a.id').select(cols)
      .where('a.project_id', '=', pid).where('s.answer_id', 'is', null).orderBy('a.id').limit(PAGE).execute();
  if (!page.length) return false;

  // Answers to gold rows measure a labeler against a reference: no part of the project's figures (issue 16).
  const gold = new Set<number>();
  const labelIds = page.filter((a) => a.kind === 'label').map((a) => Number(a.id));
  for (let i = 0; i < labelIds.length; i += CHUNK) {
    for (const g of await tx.selectFrom('gold_answers').select('answer_id').where('answer_id', 'in', labelIds.slice(i, i + CHUNK)).execute()) gold.add(Number(g.answer_id));
  }
  const labels = page.filter((a) => a.kind === 'label' && !gold.has(Number(a.id)));
  const rowIds = [...new Set(labels.map((a) => Number(a.row_id)))];
  // Every label of these rows: the slot is the place in submission order, and a second label is scored against the first.
  const siblings = new Map<string, Array<{ id: number; user: number; json: string; at: number }>>();
  for (let i = 0; i < rowIds.length; i += CHUNK) {
    for (const l of await tx.selectFrom('answers').select(['id', 'row_id', 'round', 'user_id', 'answer_json', 'created_at']).where('row_id', 'in', rowIds.slice(i, i + CHUNK)).where('kind', '=', 'label').orderBy('id').execute()) {
      const k = `${l.row_id}:${l.round}`;
      const e = siblings.get(k);
      const s = { id: Number(l.id), user: Number(l.user_id), json: l.answer_json, at: Number(l.created_at) };
      if (e) e.push(s); else siblings.set(k, [s]);
    }
  }
  // The submit stored each question's agreement of the round's pair, computed outside any transaction; the
  // fold reuses it, when made under the same schema, rather than run edit distances and matchings again
  // inside this write transaction. Older rounds and older schemas are scored here.
  const stored = new Map<number, { round: number; agree: Record<string, boolean>; items: ItemFlags }>();
  // The state's key also carries the counters' version; the submit stores the schema's fingerprint alone.
  const schemaOnly = schemaPartOf(st.schema_key);
  for (let i = 0; i < rowIds.length; i += CHUNK) {
    for (const r of await tx.selectFrom('rows').select(['id', 'round', 'agreement_json']).where('id', 'in', rowIds.slice(i, i + CHUNK)).where('agreement_json', 'is not', null).execute()) {
      const a = JSON.parse(r.agreement_json!) as { schemaKey?: string; questions?: Record<string, { agree: boolean }>; items?: ItemFlags };
      if (a.schemaKey !== schemaOnly) continue;
      stored.set(Number(r.id), { round: Number(r.round), agree: Object.fromEntries(Object.entries(a.questions ?? {}).map(([k, v]) => [k, v.agree])), items: a.items ?? {} });
    }
  }
  const data = new Map<number, Record<string, unknown>>();
  if (project.schema.some((q) => questionInterop(q).dashboard.unitsReadData)) {
    for (let i = 0; i < rowIds.length; i += CHUNK) {
      for (const r of await tx.selectFrom('rows').select(['id', 'data_json']).where('id', 'in', rowIds.slice(i, i + CHUNK)).execute()) data.set(Number(r.id), JSON.parse(r.data_json));
    }
  }
  const { rows, get } = await loadRows(tx, pid, rowIds);
  const derived = new Map<number, Derived>();
  // What the rows' current pairs counted, to take it back if a new round replaces them.
  await loadDerived(tx, [...rows.values()].flatMap((r) => (r.a2 === null ? [] : [r.a1!, r.a2])), derived);
  const finals = await loadFinals(tx, [...rows.values()].flatMap((r) => (r.final_id === null ? [] : [r.final_id])));

  const unitsOf = (answer: RowAnswer, rowId: number): PackedUnits => {
    const units: PackedUnits = {};
    const d = data.get(rowId) ?? {};
    for (const q of project.schema) {
      const v = answer[q.id];
      if (v === undefined || v === null) continue;
      const us = questionModule(q).units(v, q.config, d);
      if (us.length) units[q.id] = [us[0].metric, ...us.flatMap((u) => [u.key, u.value])];
    }
    return units;
  };
  const derive = (s: { id: number; user: number; json: string; at: number }, rowId: number): Derived => {
    let x = derived.get(s.id);
    if (!x) {
      const answer = JSON.parse(s.json) as RowAnswer;
      derived.set(s.id, (x = { user: s.user, units: unitsOf(answer, rowId), canon: hashOf(answer), agree: null, at: s.at, answer }));
    }
    // Loaded from answer_stats (a pair counted before): the answer itself only when needed.
    x.answer ??= JSON.parse(s.json) as RowAnswer;
    return x;
  };

  const d = new Deltas();
  // The confusion cells of rows whose counted pair changed, to list the rows behind a cell.
  const cells = new Map<number, { at: number; cells: Cell[] }>();
  const stats: Array<DashTables['answer_stats']> = [];
  const schemaKey = st.schema_key;
  for (const a of page) {
    const id = Number(a.id);
    const rowId = Number(a.row_id);
    const user = Number(a.user_id);
    const day = dayNumber(a.created_at);
    const hour = hourNumber(a.created_at);
    if (gold.has(id)) {
      // A marker only, so the answer is not looked at again.
      stats.push({ answer_id: id, project_id: pid, row_id: rowId, round: a.round, user_id: user, slot: 0, schema_key: schemaKey, units: '', canon: '', agree: null });
      continue;
    }
    d.addOn(day, key.person(user, a.kind, 'n'));
    d.addOn(day, key.person(user, a.kind, 'ms'), num(a.active_ms));
    d.addOn(day, key.version(a.guideline_version === null ? null : Number(a.guideline_version), a.kind));
    if (a.kind === 'qa') {
      // A QA answer is a row accepted (sending back and escalating leave none: fold-events counts those).
      d.add(key.qaDay(user, day, 'a'));
      d.addHour(hour, hourKey.qa(user, 'a'));
    }
    if (a.kind !== 'label') {
      // A marker only: it says this answer is counted.
      stats.push({ answer_id: id, project_id: pid, row_id: rowId, round: a.round, user_id: user, slot: 0, schema_key: schemaKey, units: '', canon: '', agree: null });
      continue;
    }
    d.add(key.personDay(user, day));
    d.addHour(hour, hourKey.person(user));
    if (Number(a.best_effort)) d.add(key.qBest(user));
    d.add(key.submittedDay(day));
    d.addHour(hour, hourKey.submitted);
    if (a.prelabel_json) {
      const outcomes = JSON.parse(a.prelabel_json) as Record<string, string>;
      project.schema.forEach((q, qi) => {
        const o = outcomes[q.id];
        if (o === undefined || o === 'none') return;
        d.addOn(day, key.prelabel(qi, 'shown'));
        if (o === 'kept') d.addOn(day, key.prelabel(qi, 'kept'));
      });
    }
    const r = get(rowId);
    const at = Number(a.created_at);
    if (r.first_label_at === null || at < Number(r.first_label_at)) {
      if (r.first_label_at !== null) {
        d.add(key.labeledDay(dayNumber(r.first_label_at)), -1);
        d.addHour(hourNumber(r.first_label_at), hourKey.labeled, -1);
      }
      d.add(key.labeledDay(day));
      d.addHour(hour, hourKey.labeled);
      r.first_label_at = at;
    }

    const sibs = siblings.get(`${rowId}:${a.round}`)!;
    const slot = sibs.findIndex((l) => l.id === id) === 0 ? 1 : 2;
    const me = derive(sibs.find((l) => l.id === id)!, rowId);
    const first = derive(sibs[0], rowId);
    if (slot === 2) {
      const firstAnswer = first.answer!;
      const answer = me.answer!;
      let agree = '';
      const known = stored.get(rowId);
      const same = known?.round === a.round ? known : undefined;
      const items = new Map<number, [number, number]>();
      let flags: ItemFlags | undefined;
      project.schema.forEach((q, qi) => {
        const v = answer[q.id];
        const w = firstAnswer[q.id];
        if (!given(q, v) || !given(q, w)) { agree += '-'; return; }
        agree += (same?.agree[q.id] ?? questionModule(q).agreement(w, v, q.config).agree) ? '1' : '0';
        if (!q.scope) return;
        // Older rounds (and pairs stored before items were) are scored here, once per pair.
        const f = same?.items[q.id] ?? (flags ??= itemAgreement(project.schema, firstAnswer, answer))[q.id] ?? {};
        const all = Object.values(f);
        items.set(qi, [all.length, all.filter(Boolean).length]);
      });
      me.agree = encodeAgree(agree, items);
    }
    stats.push({ answer_id: id, project_id: pid, row_id: rowId, round: a.round, user_id: user, slot, schema_key: schemaKey, units: JSON.stringify(me.units), canon: me.canon, agree: me.agree });

    // The row's statistics use its latest round holding two labels.
    if (slot === 2 && (r.pair_round === null || a.round >= r.pair_round) && r.a2 !== id) {
      if (r.a2 !== null) {
        const o1 = derived.get(r.a1!)!;
        const o2 = derived.get(r.a2)!;
        countPair(d, project, o1.units, o2.units, o2.agree ?? '', -1, { day: dayNumber(o2.at), users: [o1.user, o2.user] });
        if (r.final_id !== null) countFinal(d, o1, o2, finals.get(r.final_id)!, -1);
      }
      const rowCells = { at: Number(a.created_at), cells: [] as Cell[] };
      countPair(d, project, first.units, me.units, me.agree ?? '', 1, { day, users: [first.user, me.user], cells: rowCells.cells });
      cells.set(rowId, rowCells);
      Object.assign(r, { a1: sibs[0].id, a2: id, pair_round: a.round, final_id: null });
      moved.add(rowId);
    }
  }
  for (let i = 0; i < stats.length; i += BATCH) await tx.insertInto('answer_stats').values(stats.slice(i, i + BATCH)).execute();
  await writeRows(tx, rows.values());
  await writeCells(tx, pid, cells);
  await writeDeltas(tx, pid, d);
  const maxId = Math.max(num(st.answer_wm), ...page.map((a) => Number(a.id)));
  await tx.updateTable('dash_state').set({ answer_wm: maxId, answers_seen: num(st.answers_seen) + page.length }).where('project_id', '=', pid).execute();
  return page.length === PAGE;
}

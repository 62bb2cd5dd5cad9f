import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Kysely, type Transaction } from 'kysely';
import type { DB, RowState } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import type { RowAnswer } from '@shared/tasks/question.js';
import { taskInterop, taskModule } from '@shared/tasks/registry.js';
import { canonicalJson, schemaKey } from '../workflow/rules.js';
import { Deltas, countFinal, countPair, dayNumber, key, type DashTables, type FinalInfo, type PackedUnits, type PairSide } from './counts.js';

export type { PackedUnits } from './counts.js';

const hashOf = (v: unknown) => createHash('sha1').update(canonicalJson(v)).digest('base64').slice(0, 22);
export const schemaKeyOf = (project: ProjectRecord) => schemaKey(project.schema);

type Db = Kysely<DB & DashTables>;
type Tx = Transaction<DB & DashTables>;
type DashRow = DashTables['dash_rows'];
type State = DashTables['dash_state'];

/**
 * Answers or finals folded per transaction. Short on SQLite, where a fill's transaction holds the one
 * connection the workflow also needs; longer on Postgres, where it blocks nobody and round trips cost.
 */
const pageOf = (db: Kysely<any>) => (isPg(db) ? 4000 : 1000);
/** The states a reopened row can be in, listed so the state index is searched (a new state fails to compile). */
const NOT_FINAL = Object.keys({ labeling: 1, qa: 1, escalated: 1 } satisfies Record<Exclude<RowState, 'final'>, 1>) as RowState[];
/** Ids per `IN (…)` list. */
const CHUNK = 1000;
const isPg = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
const LOCK_SPACE = 0x7a11;
// Rows per insert: a page in one statement (at most 10 columns: 10,000 parameters, under both engines' limits).
const BATCH = 1000;

/** One fill at a time per database and project in this process; across processes the Postgres lock in `step`. */
const running = new WeakMap<object, Map<number, Promise<void>>>();

/**
 * Folds the project's answers and finals that are new since the last fill into the dashboard's counters
 * (derived per answer into answer_stats / final_stats on the way), and takes back what a new round or a
 * reopen undid. Answers are append-only, so a project pays once per answer: a read after k new answers
 * does work for k answers and their rows (plus, when the project's final rows changed, a look at the
 * rows not final now); a read with nothing new costs a few index probes.
 */
export function fillStats(db: Kysely<DB>, project: ProjectRecord): Promise<void> {
  let perDb = running.get(db);
  if (!perDb) running.set(db, (perDb = new Map()));
  const before = perDb.get(project.id) ?? Promise.resolve();
  const next = before.catch(() => undefined).then(() => fill(db.withTables<DashTables>(), project));
  perDb.set(project.id, next);
  const map = perDb;
  void next.finally(() => { if (map.get(project.id) === next) map.delete(project.id); }).catch(() => undefined);
  return next;
}

const num = (x: unknown) => Number(x ?? 0);

async function fill(db: Db, project: ProjectRecord): Promise<void> {
  const pid = project.id;
  const schemaKey = schemaKeyOf(project);
  let st = await db.selectFrom('dash_state').selectAll().where('project_id', '=', pid).executeTakeFirst();
  if (!st || st.schema_key !== schemaKey) st = await step(db, pid, async (tx) => reset(tx, pid, schemaKey));
  const finalRows = await finalRowsSum(db, pid);
  const finalsMoved = finalRows.n !== num(st.final_rows) || finalRows.sum !== num(st.final_rows_sum);
  if (!finalsMoved && !(await anythingNew(db, pid, st))) return;

  const PAGE = pageOf(db);
  // Rows whose counted final may be stale: a new pair, a new final.
  const candidates = new Set<number>();
  // By id first; on Postgres then by marker if the count still disagrees, since there an answer can
  // commit after one with a higher id was folded.
  const modes = isPg(db) ? (['id', 'marker'] as const) : (['id'] as const);
  for (const mode of modes) {
    if (mode === 'marker' && (await answerCount(db, pid)) === num((await state(db, pid)).answers_seen)) break;
    for (let more = true; more;) more = await step(db, pid, (tx, s) => foldAnswers(tx, project, s, mode, candidates));
  }
  for (const mode of modes) {
    if (mode === 'marker' && (await finalCount(db, pid)) === num((await state(db, pid)).finals_seen)) break;
    for (let more = true; more;) more = await step(db, pid, (tx, s) => foldFinals(tx, s, mode, candidates));
  }
  let complete = true;
  const ids = [...candidates].sort((a, b) => a - b);
  for (let i = 0; i < ids.length; i += PAGE) {
    const part = ids.slice(i, i + PAGE);
    complete = (await step(db, pid, (tx) => recheckFinals(tx, pid, { rows: part }))).complete && complete;
  }
  // A reopen takes a row out of the final state without a new final: such rows are found among the
  // rows not final now that still have a counted final (few, and an index on state finds them).
  if (finalsMoved) {
    for (let after = 0; ;) {
      const r = await step(db, pid, (tx) => recheckFinals(tx, pid, { notFinalAfter: after }));
      complete &&= r.complete;
      if (r.last === null) break;
      after = r.last;
    }
  }
  // The sums were measured before comparing, so a reopen landing meanwhile leaves them stale and is
  // caught next time; so is a final not folded yet (committed during this fill).
  await db.updateTable('dash_state').set({ final_rows: complete ? finalRows.n : -1, final_rows_sum: finalRows.sum }).where('project_id', '=', pid).execute();
}

/**
 * Whether answers or finals arrived since the last fill. SQLite commits ids in order, so a probe past
 * the highest folded id answers it; Postgres sequences do not, so there the counts are compared.
 */
async function anythingNew(db: Db, pid: number, st: State): Promise<boolean> {
  if (isPg(db)) {
    const [answersN, finalsN] = await Promise.all([answerCount(db, pid), finalCount(db, pid)]);
    return answersN !== num(st.answers_seen) || finalsN !== num(st.finals_seen);
  }
  const [a, f] = await Promise.all([
    db.selectFrom('answers').select('id').where('id', '>', num(st.answer_wm)).where(sql<number>`project_id + 0`, '=', pid).limit(1).executeTakeFirst(),
    db.selectFrom('finals').select('id').where('id', '>', num(st.final_wm)).where(sql<number>`project_id + 0`, '=', pid).limit(1).executeTakeFirst(),
  ]);
  return a !== undefined || f !== undefined;
}

/**
 * `project_id = ? AND id > ?`, written so SQLite walks the id range (the few new rows) rather than the
 * project's index (every row of the project, then sorted by id).
 */
const sinceId = (db: Db | Tx, pid: number) => (isPg(db) ? sql<number>`project_id` : sql<number>`project_id + 0`);

const answerCount = async (db: Db | Tx, pid: number) =>
  num((await db.selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).executeTakeFirst())?.n);
const finalCount = async (db: Db | Tx, pid: number) =>
  num((await db.selectFrom('finals').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).executeTakeFirst())?.n);
/** Count and id sum of the project's final rows: a reopen lowers them without adding a final. */
async function finalRowsSum(db: Db | Tx, pid: number) {
  const r = await db.selectFrom('rows').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('id').as('s')])
    .where('project_id', '=', pid).where('state', '=', 'final').executeTakeFirst();
  return { n: num(r?.n), sum: num(r?.s) };
}
const state = async (db: Db | Tx, pid: number) => (await db.selectFrom('dash_state').selectAll().where('project_id', '=', pid).executeTakeFirstOrThrow());

/**
 * Runs `fn` in a transaction holding the project's fill lock (Postgres: other processes wait). Each step
 * first lets waiting requests through: a first fill of a big project is a hundred steps, and would
 * otherwise hold the server for seconds.
 */
async function step<T>(db: Db, pid: number, fn: (tx: Tx, st: State) => Promise<T>): Promise<T> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return db.transaction().execute(async (tx) => {
    if (isPg(tx)) await sql`select pg_advisory_xact_lock(${LOCK_SPACE}::int, ${pid}::int)`.execute(tx);
    const st = await tx.selectFrom('dash_state').selectAll().where('project_id', '=', pid).executeTakeFirst();
    return fn(tx, st!);
  });
}

async function reset(tx: Tx, pid: number, schemaKey: string): Promise<State> {
  for (const t of ['answer_stats', 'final_stats', 'dash_rows', 'dash_counts'] as const) await tx.deleteFrom(t).where('project_id', '=', pid).execute();
  const st: State = { project_id: pid, schema_key: schemaKey, answer_wm: 0, answers_seen: 0, final_wm: 0, finals_seen: 0, final_rows: 0, final_rows_sum: 0 };
  await tx.insertInto('dash_state').values(st).onConflict((oc) => oc.column('project_id').doUpdateSet(st)).execute();
  return st;
}

async function writeDeltas(tx: Tx, pid: number, d: Deltas) {
  const values = [...d].filter(([, n]) => n !== 0).map(([k, n]) => ({ project_id: pid, k, n }));
  for (let i = 0; i < values.length; i += BATCH) {
    await tx.insertInto('dash_counts').values(values.slice(i, i + BATCH))
      .onConflict((oc) => oc.columns(['project_id', 'k']).doUpdateSet({ n: sql`dash_counts.n + excluded.n` })).execute();
  }
}

async function writeRows(tx: Tx, rows: Iterable<DashRow>) {
  const values = [...rows];
  for (let i = 0; i < values.length; i += BATCH) {
    await tx.insertInto('dash_rows').values(values.slice(i, i + BATCH)).onConflict((oc) => oc.column('row_id').doUpdateSet((eb) => ({
      first_label_at: eb.ref('excluded.first_label_at'), first_final_at: eb.ref('excluded.first_final_at'),
      a1: eb.ref('excluded.a1'), a2: eb.ref('excluded.a2'), pair_round: eb.ref('excluded.pair_round'), final_id: eb.ref('excluded.final_id'),
    }))).execute();
  }
}

async function loadRows(tx: Tx, pid: number, rowIds: number[]) {
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

interface Derived { user: number; units: PackedUnits; canon: string; agree: string | null; answer?: RowAnswer }

async function loadDerived(tx: Tx, ids: number[], into: Map<number, Derived>) {
  const want = [...new Set(ids)].filter((id) => !into.has(id));
  for (let i = 0; i < want.length; i += CHUNK) {
    for (const s of await tx.selectFrom('answer_stats').select(['answer_id', 'user_id', 'units', 'canon', 'agree']).where('answer_id', 'in', want.slice(i, i + CHUNK)).execute()) {
      into.set(Number(s.answer_id), { user: Number(s.user_id), units: JSON.parse(s.units), canon: s.canon, agree: s.agree });
    }
  }
}

async function loadFinals(tx: Tx, ids: number[]) {
  const out = new Map<number, FinalInfo>();
  const want = [...new Set(ids)];
  for (let i = 0; i < want.length; i += CHUNK) {
    const part = want.slice(i, i + CHUNK);
    for (const f of await tx.selectFrom('final_stats as fs').innerJoin('finals as f', 'f.id', 'fs.final_id').select(['fs.final_id', 'fs.canon', 'fs.kept', 'f.source'])
      .where('fs.final_id', 'in', part).execute()) out.set(Number(f.final_id), { canon: f.canon, kept: f.kept, source: f.source });
  }
  return out;
}

/** Folds one page of answers; true when there may be more. Rows whose label pair changed go to `moved`. */
async function foldAnswers(tx: Tx, project: ProjectRecord, st: State, mode: 'id' | 'marker', moved: Set<number>): Promise<boolean> {
  const PAGE = pageOf(tx);
  const pid = project.id;
  const cols = ['a.id', 'a.row_id', 'a.round', 'a.user_id', 'a.kind', 'a.answer_json', 'a.prelabel_json', 'a.active_ms', 'a.guideline_version', 'a.created_at'] as const;
  const page = mode === 'id'
    ? await tx.selectFrom('answers as a').select(cols).where(sinceId(tx, pid), '=', pid).where('a.id', '>', num(st.answer_wm)).orderBy('a.id').limit(PAGE).execute()
    : await tx.selectFrom('answers as a').leftJoin('answer_stats as s', 's.answer_id', 'a.id').select(cols)
      .where('a.project_id', '=', pid).where('s.answer_id', 'is', null).orderBy('a.id').limit(PAGE).execute();
  if (!page.length) return false;

  const labels = page.filter((a) => a.kind === 'label');
  const rowIds = [...new Set(labels.map((a) => Number(a.row_id)))];
  // Every label of these rows: the slot is the place in submission order, and a second label is scored against the first.
  const siblings = new Map<string, Array<{ id: number; user: number; json: string }>>();
  for (let i = 0; i < rowIds.length; i += CHUNK) {
    for (const l of await tx.selectFrom('answers').select(['id', 'row_id', 'round', 'user_id', 'answer_json']).where('row_id', 'in', rowIds.slice(i, i + CHUNK)).where('kind', '=', 'label').orderBy('id').execute()) {
      const k = `${l.row_id}:${l.round}`;
      const e = siblings.get(k);
      const s = { id: Number(l.id), user: Number(l.user_id), json: l.answer_json };
      if (e) e.push(s); else siblings.set(k, [s]);
    }
  }
  // The submit stored each question's agreement of the round's pair, computed outside any transaction; the
  // fold reuses it, when made under the same schema, rather than run edit distances and matchings again
  // inside this write transaction. Older rounds and older schemas are scored here.
  const stored = new Map<number, { round: number; agree: Record<string, boolean> }>();
  for (let i = 0; i < rowIds.length; i += CHUNK) {
    for (const r of await tx.selectFrom('rows').select(['id', 'round', 'agreement_json']).where('id', 'in', rowIds.slice(i, i + CHUNK)).where('agreement_json', 'is not', null).execute()) {
      const a = JSON.parse(r.agreement_json!) as { schemaKey?: string; questions?: Record<string, { agree: boolean }> };
      if (a.schemaKey !== st.schema_key) continue;
      stored.set(Number(r.id), { round: Number(r.round), agree: Object.fromEntries(Object.entries(a.questions ?? {}).map(([k, v]) => [k, v.agree])) });
    }
  }
  const data = new Map<number, Record<string, unknown>>();
  if (project.schema.some((q) => taskInterop(q.type).dashboard.unitsReadData)) {
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
      const us = taskModule(q.type).units(v, q.config, d);
      if (us.length) units[q.id] = [us[0].metric, ...us.flatMap((u) => [u.key, u.value])];
    }
    return units;
  };
  const derive = (s: { id: number; user: number; json: string }, rowId: number): Derived => {
    let x = derived.get(s.id);
    if (!x) {
      const answer = JSON.parse(s.json) as RowAnswer;
      derived.set(s.id, (x = { user: s.user, units: unitsOf(answer, rowId), canon: hashOf(answer), agree: null, answer }));
    }
    // Loaded from answer_stats (a pair counted before): the answer itself only when needed.
    x.answer ??= JSON.parse(s.json) as RowAnswer;
    return x;
  };

  const d = new Deltas();
  const stats: Array<DashTables['answer_stats']> = [];
  const schemaKey = st.schema_key;
  for (const a of page) {
    const id = Number(a.id);
    const rowId = Number(a.row_id);
    const user = Number(a.user_id);
    const day = dayNumber(a.created_at);
    d.add(key.person(user, a.kind, 'n'));
    d.add(key.person(user, a.kind, 'ms'), num(a.active_ms));
    d.add(key.version(a.guideline_version === null ? null : Number(a.guideline_version), a.kind));
    if (a.kind !== 'label') {
      // A marker only: it says this answer is counted.
      stats.push({ answer_id: id, project_id: pid, row_id: rowId, round: a.round, user_id: user, slot: 0, schema_key: schemaKey, units: '', canon: '', agree: null });
      continue;
    }
    d.add(key.personDay(user, day));
    d.add(key.submittedDay(day));
    if (a.prelabel_json) {
      const outcomes = JSON.parse(a.prelabel_json) as Record<string, string>;
      project.schema.forEach((q, qi) => {
        const o = outcomes[q.id];
        if (o === undefined || o === 'none') return;
        d.add(key.prelabel(qi, 'shown'));
        if (o === 'kept') d.add(key.prelabel(qi, 'kept'));
      });
    }
    const r = get(rowId);
    const at = Number(a.created_at);
    if (r.first_label_at === null || at < Number(r.first_label_at)) {
      if (r.first_label_at !== null) d.add(key.labeledDay(dayNumber(r.first_label_at)), -1);
      d.add(key.labeledDay(day));
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
      const same = known?.round === a.round ? known.agree : undefined;
      for (const q of project.schema) {
        const v = answer[q.id];
        const w = firstAnswer[q.id];
        if (v === undefined || v === null || w === undefined || w === null) agree += '-';
        else agree += (same?.[q.id] ?? taskModule(q.type).agreement(w, v, q.config).agree) ? '1' : '0';
      }
      me.agree = agree;
    }
    stats.push({ answer_id: id, project_id: pid, row_id: rowId, round: a.round, user_id: user, slot, schema_key: schemaKey, units: JSON.stringify(me.units), canon: me.canon, agree: me.agree });

    // The row's statistics use its latest round holding two labels.
    if (slot === 2 && (r.pair_round === null || a.round >= r.pair_round) && r.a2 !== id) {
      if (r.a2 !== null) {
        const o1 = derived.get(r.a1!)!;
        const o2 = derived.get(r.a2)!;
        countPair(d, project, o1.units, o2.units, o2.agree ?? '', -1);
        if (r.final_id !== null) countFinal(d, o1, o2, finals.get(r.final_id)!, -1);
      }
      countPair(d, project, first.units, me.units, me.agree ?? '', 1);
      Object.assign(r, { a1: sibs[0].id, a2: id, pair_round: a.round, final_id: null });
      moved.add(rowId);
    }
  }
  for (let i = 0; i < stats.length; i += BATCH) await tx.insertInto('answer_stats').values(stats.slice(i, i + BATCH)).execute();
  await writeRows(tx, rows.values());
  await writeDeltas(tx, pid, d);
  const maxId = Math.max(num(st.answer_wm), ...page.map((a) => Number(a.id)));
  await tx.updateTable('dash_state').set({ answer_wm: maxId, answers_seen: num(st.answers_seen) + page.length }).where('project_id', '=', pid).execute();
  return page.length === PAGE;
}

/** Folds one page of finals: their derived form and the day each row was first finalized. */
async function foldFinals(tx: Tx, st: State, mode: 'id' | 'marker', finalized: Set<number>): Promise<boolean> {
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
    const choices = f.choices_json ? Object.values(JSON.parse(f.choices_json) as Record<string, string>) : [];
    // A consensus final is both labels; a QA final keeps a labeler whose version was taken for some question.
    const kept = f.source === 'consensus' ? '12' : ['l1', 'l2'].filter((s) => choices.some((c) => c === s || c === 'agreed')).map((s) => s[1]).join('');
    const r = get(Number(f.row_id));
    const at = Number(f.created_at);
    if (r.first_final_at === null || at < Number(r.first_final_at)) {
      if (r.first_final_at !== null) d.add(key.finalizedDay(dayNumber(r.first_final_at)), -1);
      d.add(key.finalizedDay(dayNumber(at)));
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
async function recheckFinals(tx: Tx, pid: number, which: { rows: number[] } | { notFinalAfter: number }): Promise<{ last: number | null; complete: boolean }> {
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

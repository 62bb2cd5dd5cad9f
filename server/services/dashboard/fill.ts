import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ProjectRecord } from '../../repos/projects.js';
import { schemaKey } from '../workflow/rules.js';
import { COUNTS_VERSION, type DashTables } from './counts.js';
import { QA_EVENTS, foldEvents } from './fold-events.js';
import { foldAnswers } from './fold-answers.js';
import { foldFinals, recheckFinals } from './fold-finals.js';
import { isPg, num, pageOf, type Db, type State, type Tx } from './tables.js';

const schemaKeyOf = (project: ProjectRecord) => `${schemaKey(project.schema)}#${COUNTS_VERSION}`;

const LOCK_SPACE = 0x7a11;

/** One fill at a time per database and project in this process; across processes the Postgres lock in `step`. */
const running = new WeakMap<object, Map<number, Promise<void>>>();

/**
 * Folds the project's answers and finals that are new since the last fill into the dashboard's counters
 * (derived per answer into answer_stats / final_stats on the way), and takes back what a new round or a
 * reopen undid. Answers are append-only, so a project pays once per answer: a read after k new answers
 * does work for k answers and their rows (plus, when the project's final rows changed, a look at the
 * rows not final now); a read with nothing new costs a few index probes.
 */
export function fillStats(db: Kysely<DB>, project: ProjectRecord, finalRows?: FinalRows): Promise<void> {
  let perDb = running.get(db);
  if (!perDb) running.set(db, (perDb = new Map()));
  const before = perDb.get(project.id) ?? Promise.resolve();
  const next = before.catch(() => undefined).then(() => fill(db.withTables<DashTables>(), project, finalRows))
    .catch((e) => { if (!(e instanceof TotalsGone)) throw e; });
  perDb.set(project.id, next);
  const map = perDb;
  void next.finally(() => { if (map.get(project.id) === next) map.delete(project.id); }).catch(() => undefined);
  return next;
}

/** Count and id sum of a project's final rows (see finalRowsSum). */
export interface FinalRows { n: number; sum: number }

/**
 * `finalRows`, when the caller already counted the project's rows by state (the dashboard does), saves a
 * second pass over every final row: at a million rows that pass is most of a read with nothing to fold.
 */
async function fill(db: Db, project: ProjectRecord, counted?: FinalRows): Promise<void> {
  const pid = project.id;
  const schemaKey = schemaKeyOf(project);
  let st = await db.selectFrom('dash_state').selectAll().where('project_id', '=', pid).executeTakeFirst();
  if (!st || st.schema_key !== schemaKey) st = await locked(db, pid, (tx) => reset(tx, pid, schemaKey));
  const finalRows = counted ?? await finalRowsSum(db, pid);
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
    for (let more = true; more;) more = await step(db, pid, (tx, s) => foldFinals(tx, s, mode, candidates, project.schema.map((q) => q.id)));
  }
  for (const mode of modes) {
    if (mode === 'marker' && (await eventCount(db, pid)) === num((await state(db, pid)).events_seen)) break;
    for (let more = true; more;) more = await step(db, pid, (tx, s) => foldEvents(tx, s, mode));
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
    const [answersN, finalsN, eventsN] = await Promise.all([answerCount(db, pid), finalCount(db, pid), eventCount(db, pid)]);
    return answersN !== num(st.answers_seen) || finalsN !== num(st.finals_seen) || eventsN !== num(st.events_seen);
  }
  const [a, f, e] = await Promise.all([
    db.selectFrom('answers').select('id').where('id', '>', num(st.answer_wm)).where(sql<number>`project_id + 0`, '=', pid).limit(1).executeTakeFirst(),
    db.selectFrom('finals').select('id').where('id', '>', num(st.final_wm)).where(sql<number>`project_id + 0`, '=', pid).limit(1).executeTakeFirst(),
    db.selectFrom('audit_log').select('id').where('project_id', '=', pid).where('action', 'in', QA_EVENTS).where('id', '>', num(st.event_wm)).limit(1).executeTakeFirst(),
  ]);
  return a !== undefined || f !== undefined || e !== undefined;
}

const answerCount = async (db: Db | Tx, pid: number) =>
  num((await db.selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).executeTakeFirst())?.n);
const finalCount = async (db: Db | Tx, pid: number) =>
  num((await db.selectFrom('finals').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).executeTakeFirst())?.n);
const eventCount = async (db: Db | Tx, pid: number) =>
  num((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).where('action', 'in', QA_EVENTS).executeTakeFirst())?.n);
/** Count and id sum of the project's final rows: a reopen lowers them without adding a final. */
async function finalRowsSum(db: Db | Tx, pid: number) {
  const r = await db.selectFrom('rows').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('id').as('s')])
    .where('project_id', '=', pid).where('state', '=', 'final').executeTakeFirst();
  return { n: num(r?.n), sum: num(r?.s) };
}
async function state(db: Db | Tx, pid: number): Promise<State> {
  const st = await db.selectFrom('dash_state').selectAll().where('project_id', '=', pid).executeTakeFirst();
  if (!st) throw new TotalsGone();
  return st;
}

/**
 * Runs `fn` in a transaction holding the project's fill lock (Postgres: other processes wait). Each step
 * first lets waiting requests through: a first fill of a big project is a hundred steps, and would
 * otherwise hold the server for seconds.
 */
async function locked<T>(db: Db, pid: number, fn: (tx: Tx) => Promise<T>): Promise<T> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  return db.transaction().execute(async (tx) => {
    if (isPg(tx)) await sql`select pg_advisory_xact_lock(${LOCK_SPACE}::int, ${pid}::int)`.execute(tx);
    return fn(tx);
  });
}

/**
 * The project's totals vanished between two steps (the project was deleted, or its counters cleared).
 * What was folded so far counts for nothing: the fill stops, and the next one starts over from a reset.
 */
class TotalsGone extends Error {}

/** A step of the fill, on the project's totals as they are under the lock. */
const step = <T>(db: Db, pid: number, fn: (tx: Tx, st: State) => Promise<T>): Promise<T> =>
  locked(db, pid, async (tx) => fn(tx, await state(tx, pid)));

async function reset(tx: Tx, pid: number, schemaKey: string): Promise<State> {
  for (const t of ['answer_stats', 'final_stats', 'dash_rows', 'dash_counts', 'dash_days', 'dash_hours', 'dash_cells', 'dash_events'] as const) {
    await tx.deleteFrom(t).where('project_id', '=', pid).execute();
  }
  const st: State = {
    project_id: pid, schema_key: schemaKey, answer_wm: 0, answers_seen: 0, final_wm: 0, finals_seen: 0, final_rows: 0, final_rows_sum: 0, event_wm: 0, events_seen: 0,
  };
  await tx.insertInto('dash_state').values(st).onConflict((oc) => oc.column('project_id').doUpdateSet(st)).execute();
  return st;
}


import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB, RowState, SignalKind } from '../db/types.js';
import type { Engine } from '../db/connection.js';
import { prepared } from '../db/prepared.js';
import { answerInsert, answerValues, insertAnswer, type AnswerValues, type NewAnswer } from './answers.js';
import { finishAssignment, type Assignment } from './assignments.js';
import { insertSignals } from './integrity.js';
import { setLabelsDone, setSecondLabel } from './row-state.js';

/**
 * A label submit's statements: one read (the claim, its row, the round's other label and the person's
 * recent answers), then the writes: the answer, its claim submitted, the row's count of labels (with the
 * second label, the pair's agreement and the row's next state) and the answer's integrity signals. SQLite
 * runs the writes one by one on its one connection, where a statement costs microseconds; Postgres runs
 * them as one statement (data-modifying CTEs, each guarded by the answer's insert), sent with the
 * transaction's COMMIT when nothing follows it, since there every statement is a round trip.
 */

/**
 * A claim with the row fields a submit needs, the label another person already gave in the claim's round
 * (`o_`), and how many of the person's latest answers in the project (up to `look`) are the answer now
 * submitted, newest first, before the first other one (`same_before`, for the streak signal); on Postgres
 * the claim and its row are locked (`FOR UPDATE OF`), so a concurrent retry of the same submit waits and
 * then sees it.
 */
export type ClaimForSubmit = Assignment & {
  r_round: number; r_labels_done: number; r_expertise_json: string; r_prelabels_json: string | null; r_state: RowState;
  o_id: number | null; o_answer_json: string | null; same_before: number;
};
type ReadArgs = { id: number; answerJson: string };

/** The latest `n` labels in its project of claim `a`'s owner, newest first. */
const latest = (columns: RawBuilder<unknown>, n: unknown) => sql`select ${columns} from answers x
    where x.project_id = a.project_id and x.kind = 'label' and x.user_id = a.user_id order by x.created_at desc, x.id desc limit ${n}`;

const claimForSubmitQ = (lock: boolean) => prepared<ReadArgs, ClaimForSubmit>((db, p) => db.selectFrom('assignments as a')
  .innerJoin('rows as r', 'r.id', 'a.row_id')
  // A round has two label slots: besides this claim's own, at most one other label.
  .leftJoin('answers as o', (j) => j.onRef('o.row_id', '=', 'a.row_id').onRef('o.round', '=', 'a.round').on('o.kind', '=', 'label').onRef('o.assignment_id', '<>', 'a.id'))
  .selectAll('a')
  .select(['r.round as r_round', 'r.labels_done as r_labels_done', 'r.expertise_json as r_expertise_json', 'r.prelabels_json as r_prelabels_json', 'r.state as r_state'])
  .select(['o.id as o_id', 'o.answer_json as o_answer_json'])
  // The person's latest label (one index seek on answers_console) carries the run of the same answer it
  // ended (answers.same_run): this answer continues it or starts none. -1: that label is the same answer
  // but predates the column, and `runBefore` counts the run. (A fallback inside this statement would be
  // evaluated on every submit: SQLite computes the window subquery even where coalesce does not need it.)
  .select(sql<number>`coalesce((select case when l.answer_json <> ${p('answerJson')} then 0 else coalesce(l.same_run, -1) end
      from (${latest(sql`x.answer_json, x.same_run`, sql.lit(1))}) l), 0)`.as('same_before'))
  .where('a.id', '=', p('id')).$if(lock, (q) => q.forUpdate(['a', 'r'])));
const claimForSubmitBy = { sqlite: claimForSubmitQ(false), postgres: claimForSubmitQ(true) };

/**
 * How many of claim `id`'s owner's latest `look` labels are `answerJson`, newest first, before the first
 * other one: the latest numbered newest first, the run ends at the first other answer; a run as long as the
 * window reads it all, and counts it.
 */
const runBeforeQ = prepared<ReadArgs & { look: number }, { n: number }>((db, p) => db.selectFrom('assignments as a')
  .select(sql<number>`coalesce(
      (select h.n - 1 from (select w.answer_json, row_number() over (order by w.created_at desc, w.id desc) as n
        from (${latest(sql`x.answer_json, x.created_at, x.id`, p('look'))}) w) h
        where h.answer_json <> ${p('answerJson')} limit 1),
      (select count(*) from (${latest(sql`1`, p('look'))}) w))`.as('n'))
  .where('a.id', '=', p('id')));

export async function claimForSubmit(db: Kysely<DB>, engine: Engine, id: number, answerJson: string, look: number): Promise<ClaimForSubmit | undefined> {
  const c = (await claimForSubmitBy[engine](db, { id, answerJson })).rows[0];
  if (!c) return undefined;
  const before = Number(c.same_before) === -1 ? Number((await runBeforeQ(db, { id, answerJson, look })).rows[0].n) : Number(c.same_before);
  return { ...c, same_before: Math.min(before, look) };
}

/** The label another person gave in the claim's round (the read of `claimForSubmit` may predate it). */
const otherLabelQ = prepared<{ rowId: number; round: number; assignmentId: number }, { id: number; answer_json: string }>((db, p) => db
  .selectFrom('answers').select(['id', 'answer_json'])
  .where('row_id', '=', p('rowId')).where('round', '=', p('round')).where('kind', '=', 'label').where('assignment_id', '<>', p('assignmentId')));

export async function otherLabel(db: Kysely<DB>, rowId: number, round: number, assignmentId: number): Promise<{ id: number; answerJson: string } | undefined> {
  const o = (await otherLabelQ(db, { rowId, round, assignmentId })).rows[0];
  return o && { id: Number(o.id), answerJson: o.answer_json };
}

export type RowAfterLabel =
  | { labelsDone: 1 }
  | { labelsDone: 2; agreementJson: string; agree: boolean; state: Extract<RowState, 'qa' | 'final'>; finalId: number | null };

/** An integrity signal of the answer being written (its answer id is the insert's). */
export interface LabelSignal { kind: SignalKind; details: unknown }

type Args = AnswerValues & {
  now: number; labels_done: number; agreement_json: string | null; agree: number; state: RowState; final_id: number | null;
  /** The signals as a JSON array of { kind, details_json }. */
  signals: string;
};
type Slot = <K extends keyof Args & string>(name: K) => Args[K];

/** Each write after the answer's insert happens only if the insert did (the submission id was free). */
const inserted = sql<boolean>`exists (select 1 from ins)`;

const claimSubmitted = (db: Kysely<DB>, p: Slot) => db.updateTable('assignments')
  .set({ status: 'submitted', finished_at: p('now'), release_reason: null })
  .where('id', '=', p('assignment_id')).where(inserted);

const signalsInserted = (db: Kysely<DB>, p: Slot) => db.insertInto('answer_signals')
  .columns(['answer_id', 'project_id', 'row_id', 'user_id', 'kind', 'details_json', 'created_at'])
  .expression(sql`select ins.id, ${p('project_id')}::bigint, ${p('row_id')}::bigint, ${p('user_id')}::bigint, s.kind, s.details_json, ${p('now')}::bigint
    from ins cross join json_to_recordset(${p('signals')}::json) as s(kind text, details_json text)`)
  .onConflict((oc) => oc.columns(['answer_id', 'kind']).doNothing());

/** The guesses a one-statement label rests on (submit-hints.ts); `other_id`: the round's other label, null for none. */
type Guess = { claimed_at: number; prelabels_json: string | null; latest_id: number; other_id: number | null };
type GuessSlot = <K extends keyof (Args & Guess) & string>(name: K) => (Args & Guess)[K];

/**
 * The claim and its row, locked, only if every guess the label was worked out from still holds: the claim
 * is live, made when it was guessed to be, on a row with the guessed prelabels whose round has exactly the
 * guessed other label (none for a first label), and the person's latest label is the guessed one. A second
 * label also needs a row that asks for no domain (then no needs decide its fate). Mirrors what `submit`
 * checks on its read.
 */
const guessHolds = (db: Kysely<DB>, p: GuessSlot, second: boolean) => db
  .selectFrom('assignments as a').innerJoin('rows as r', 'r.id', 'a.row_id').select('a.id')
  .where('a.id', '=', p('assignment_id')).where('a.user_id', '=', p('user_id')).where('a.kind', '=', 'label').where('a.status', '=', 'active')
  .where('a.round', '=', p('round')).where('a.expires_at', '>', p('now')).where('a.claimed_at', '=', p('claimed_at'))
  .whereRef('r.round', '=', 'a.round').where('r.state', '=', 'labeling').where('r.labels_done', '=', second ? 1 : 0)
  .$if(second, (q) => q.where('r.expertise_json', '=', '[]'))
  .where(sql<boolean>`r.prelabels_json is not distinct from ${p('prelabels_json')}`)
  .where(sql<boolean>`(select o.id from answers o where o.row_id = a.row_id and o.round = a.round and o.kind = 'label' and o.assignment_id <> a.id)
      is not distinct from ${p('other_id')}`)
  .where(sql<boolean>`(${latest(sql`x.id`, sql.lit(1))}) = ${p('latest_id')}`)
  .forUpdate(['a', 'r']);

const writePg = (second: boolean, commits: boolean, guessed = false) => prepared<Args & Partial<Guess>, { id: number | null; held?: boolean }>((db, p) => {
  const start = guessed ? db.with('guess', (w) => guessHolds(w as Kysely<DB>, p as GuessSlot, second)) : db;
  const q = start
    .with('ins', (w) => answerInsert(w as Kysely<DB>, p, guessed ? 'guess' : undefined))
    .with('fin', (w) => claimSubmitted(w as Kysely<DB>, p))
    .with('upd', (w) => (w as Kysely<DB>).updateTable('rows')
      .set(second
        ? { labels_done: p('labels_done'), agreement_json: p('agreement_json'), agree: p('agree'), state: p('state'), final_id: p('final_id'), updated_at: p('now') }
        : { labels_done: p('labels_done'), updated_at: p('now') })
      .where('id', '=', p('row_id')).where(inserted))
    .with('sig', (w) => signalsInserted(w as Kysely<DB>, p));
  // Guessed: one row whatever happened, saying whether the guesses held (no id then: the submission id was taken).
  return guessed
    ? (q as unknown as Kysely<any>).selectNoFrom([sql<number | null>`(select id from ins)`.as('id'), sql<boolean>`exists (select 1 from guess)`.as('held')])
    : q.selectFrom('ins').select('ins.id');
}, { commits });
const writesPg = {
  first: { mid: writePg(false, false), last: writePg(false, true), guessed: writePg(false, false, true) },
  second: { mid: writePg(true, false), last: writePg(true, true), guessed: writePg(true, false, true) },
};

const labelArgs = (answer: NewAnswer, row: RowAfterLabel, signals: LabelSignal[]): Args => {
  const second = row.labelsDone === 2 ? row : null;
  return {
    ...answerValues(answer), now: answer.now, labels_done: row.labelsDone,
    agreement_json: second?.agreementJson ?? null, agree: second?.agree ? 1 : 0, state: second?.state ?? 'labeling', final_id: second?.finalId ?? null,
    signals: JSON.stringify(signals.map((s) => ({ kind: s.kind, details_json: JSON.stringify(s.details) }))),
  };
};

/**
 * Postgres: a label written in one statement, outside any transaction, from guessed facts instead of a read
 * (submit-hints.ts): `held` false when a guess was wrong (nothing written: the submit takes its ordinary
 * path); else the new answer's id, undefined when the client submission id is already taken. A second label
 * comes with the row's next state worked out from the guessed first one; a final is never written here.
 */
export async function writeLabelAtOnce(db: Kysely<DB>, answer: NewAnswer, row: RowAfterLabel, signals: LabelSignal[], guess: { claimedAt: number; prelabelsJson: string | null; latestId: number; otherId: number | null }): Promise<{ held: boolean; id?: number }> {
  if (row.labelsDone === 2 && row.finalId !== null) throw new Error('a final is written with its label in a transaction, not at once');
  const r = (await writesPg[row.labelsDone === 2 ? 'second' : 'first'].guessed(db, {
    ...labelArgs(answer, row, signals), claimed_at: guess.claimedAt, prelabels_json: guess.prelabelsJson, latest_id: guess.latestId, other_id: guess.otherId,
  })).rows[0];
  return { held: r.held === true, ...(r.id === null ? {} : { id: Number(r.id) }) };
}

/**
 * Records a label with its integrity signals; undefined (and nothing written) when its client submission
 * id is already taken. `last`: nothing else is written in the transaction after it (Postgres commits with it).
 */
export async function writeLabel(db: Kysely<DB>, engine: Engine, answer: NewAnswer, row: RowAfterLabel, signals: LabelSignal[], last: boolean): Promise<number | undefined> {
  if (engine === 'postgres') {
    const r = await writesPg[row.labelsDone === 2 ? 'second' : 'first'][last ? 'last' : 'mid'](db, labelArgs(answer, row, signals));
    return r.rows.length ? Number(r.rows[0].id) : undefined;
  }
  const id = await insertAnswer(db, answer);
  if (id === undefined) return undefined;
  await finishAssignment(db, answer.assignmentId, 'submitted', answer.now, null);
  if (row.labelsDone === 1) await setLabelsDone(db, answer.rowId, 1, answer.now);
  else await setSecondLabel(db, answer.rowId, { agreementJson: row.agreementJson, agree: row.agree, state: row.state, finalId: row.finalId, now: answer.now });
  await insertSignals(db, signals.map((s) => ({ ...s, answerId: id, projectId: answer.projectId, rowId: answer.rowId, userId: answer.userId, now: answer.now })));
  return id;
}

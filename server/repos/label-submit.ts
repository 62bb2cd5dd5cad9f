import { sql, type Kysely } from 'kysely';
import type { DB, RowState } from '../db/types.js';
import type { Engine } from '../db/connection.js';
import { prepared } from '../db/prepared.js';
import { answerInsert, answerValues, insertAnswer, type AnswerValues, type NewAnswer } from './answers.js';
import { finishAssignment } from './assignments.js';
import { setLabelsDone, setSecondLabel } from './row-state.js';

/**
 * The writes of a label submit: the answer, its claim submitted, and the row's count of labels (with the
 * second label, the pair's agreement and the row's next state). SQLite runs them one by one on its one
 * connection, where a statement costs microseconds; Postgres runs them as one statement (data-modifying
 * CTEs, each guarded by the answer's insert), since there every statement is a round trip.
 */
export type RowAfterLabel =
  | { labelsDone: 1 }
  | { labelsDone: 2; agreementJson: string; agree: boolean; state: Extract<RowState, 'qa' | 'final'>; finalId: number | null };

type Args = AnswerValues & {
  now: number; labels_done: number; agreement_json: string | null; agree: number; state: RowState; final_id: number | null;
};

/** Each write after the answer's insert happens only if the insert did (the submission id was free). */
const inserted = sql<boolean>`exists (select 1 from ins)`;

const claimSubmitted = (db: Kysely<DB>, p: <K extends keyof Args & string>(name: K) => Args[K]) => db.updateTable('assignments')
  .set({ status: 'submitted', finished_at: p('now'), release_reason: null })
  .where('id', '=', p('assignment_id')).where(inserted);

const firstPg = prepared<Args, { id: number }>((db, p) => db
  .with('ins', (w) => answerInsert(w as Kysely<DB>, p))
  .with('fin', (w) => claimSubmitted(w as Kysely<DB>, p))
  .with('upd', (w) => (w as Kysely<DB>).updateTable('rows').set({ labels_done: p('labels_done'), updated_at: p('now') })
    .where('id', '=', p('row_id')).where(inserted))
  .selectFrom('ins').select('ins.id'));

const secondPg = prepared<Args, { id: number }>((db, p) => db
  .with('ins', (w) => answerInsert(w as Kysely<DB>, p))
  .with('fin', (w) => claimSubmitted(w as Kysely<DB>, p))
  .with('upd', (w) => (w as Kysely<DB>).updateTable('rows').set({
    labels_done: p('labels_done'), agreement_json: p('agreement_json'), agree: p('agree'), state: p('state'), final_id: p('final_id'), updated_at: p('now'),
  }).where('id', '=', p('row_id')).where(inserted))
  .selectFrom('ins').select('ins.id'));

/** Records a label; undefined (and nothing written) when its client submission id is already taken. */
export async function writeLabel(db: Kysely<DB>, engine: Engine, answer: NewAnswer, row: RowAfterLabel): Promise<number | undefined> {
  if (engine === 'postgres') {
    const second = row.labelsDone === 2 ? row : null;
    const args: Args = {
      ...answerValues(answer), now: answer.now, labels_done: row.labelsDone,
      agreement_json: second?.agreementJson ?? null, agree: second?.agree ? 1 : 0, state: second?.state ?? 'labeling', final_id: second?.finalId ?? null,
    };
    const r = await (second ? secondPg : firstPg)(db, args);
    return r.rows.length ? Number(r.rows[0].id) : undefined;
  }
  const id = await insertAnswer(db, answer);
  if (id === undefined) return undefined;
  await finishAssignment(db, answer.assignmentId, 'submitted', answer.now, null);
  if (row.labelsDone === 1) await setLabelsDone(db, answer.rowId, 1, answer.now);
  else await setSecondLabel(db, answer.rowId, { agreementJson: row.agreementJson, agree: row.agree, state: row.state, finalId: row.finalId, now: answer.now });
  return id;
}

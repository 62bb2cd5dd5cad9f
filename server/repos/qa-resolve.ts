import { sql, type Kysely } from 'kysely';
import type { DB, RowState } from '../db/types.js';
import type { Engine } from '../db/connection.js';
import { prepared } from '../db/prepared.js';
import { answerInsert, answerValues, insertAnswer, type AnswerValues, type NewAnswer } from './answers.js';
import { finishAssignment, type Assignment } from './assignments.js';
import { insertFinal } from './finals.js';
import { updateRow } from './row-state.js';

/**
 * A QA resolution's statements: one read (the claim, its row, the answer already stored under the client
 * submission id, the round's labels), then for an accept the writes (the reviewer's answer, the final,
 * the claim submitted, the row final), one statement on Postgres, where each is a round trip.
 */

export interface ResolveRead {
  claim: Assignment;
  row: {
    id: number; project_id: number; state: RowState; labels_done: number; round: number; expertise_json: string; prelabels_json: string | null;
    agreement_json: string | null; final_id: number | null;
  };
  /** The answer stored under the client submission id, if any (a retried accept, or a reused id). */
  dup: { id: number; assignment_id: number } | null;
  /** The labels of the row's current round, in submission order. */
  labels: { id: number; user_id: number; answer_json: string }[];
}

type ReadRow = Assignment & {
  r_state: RowState; r_labels_done: number; r_round: number; r_expertise_json: string; r_prelabels_json: string | null; r_agreement_json: string | null; r_final_id: number | null;
  d_id: number | null; d_assignment_id: number | null; l_id: number | null; l_user_id: number | null; l_answer_json: string | null;
};

const readQ = (lock: boolean) => prepared<{ id: number; clientSubmissionId: string | null }, ReadRow>((db, p) => db.selectFrom('assignments as a')
  .innerJoin('rows as r', 'r.id', 'a.row_id')
  .leftJoin('answers as d', (j) => j.onRef('d.project_id', '=', 'a.project_id').on('d.client_submission_id', '=', p('clientSubmissionId')))
  .leftJoin('answers as l', (j) => j.onRef('l.row_id', '=', 'a.row_id').onRef('l.round', '=', 'r.round').on('l.kind', '=', 'label'))
  .selectAll('a')
  .select(['r.state as r_state', 'r.labels_done as r_labels_done', 'r.round as r_round', 'r.expertise_json as r_expertise_json',
    'r.prelabels_json as r_prelabels_json', 'r.agreement_json as r_agreement_json', 'r.final_id as r_final_id', 'd.id as d_id', 'd.assignment_id as d_assignment_id',
    'l.id as l_id', 'l.user_id as l_user_id', 'l.answer_json as l_answer_json'])
  .where('a.id', '=', p('id')).orderBy('l.id')
  // Claim and row locked (Postgres): a concurrent retry of the same accept waits, then sees it.
  .$if(lock, (q) => q.forUpdate(['a', 'r'])));
const readBy = { sqlite: readQ(false), postgres: readQ(true) };

/** Reads (and on Postgres locks) a QA claim with what resolving it needs; undefined when there is no such claim. */
export async function readForResolve(db: Kysely<DB>, engine: Engine, id: number, clientSubmissionId: string | null): Promise<ResolveRead | undefined> {
  const rs = (await readBy[engine](db, { id, clientSubmissionId })).rows;
  if (!rs.length) return undefined;
  const {
    r_state, r_labels_done, r_round, r_expertise_json, r_prelabels_json, r_agreement_json, r_final_id, d_id, d_assignment_id, l_id: _l, l_user_id: _u, l_answer_json: _j, ...claim
  } = rs[0];
  return {
    claim,
    row: {
      id: claim.row_id, project_id: claim.project_id, state: r_state, labels_done: r_labels_done, round: r_round,
      expertise_json: r_expertise_json, prelabels_json: r_prelabels_json, agreement_json: r_agreement_json, final_id: r_final_id,
    },
    dup: d_id === null ? null : { id: Number(d_id), assignment_id: Number(d_assignment_id) },
    labels: rs.filter((x) => x.l_id !== null).map((x) => ({ id: Number(x.l_id), user_id: Number(x.l_user_id), answer_json: x.l_answer_json! })),
  };
}

export interface NewFinal {
  answer: unknown; choices: Record<string, string>; decidedBy: number; guidelineVersion: number | null;
}

type AcceptArgs = AnswerValues & { choices_json: string; decided_by: number; now: number };

const inserted = sql<boolean>`exists (select 1 from ins)`;

const acceptPg = prepared<AcceptArgs, { answer_id: number; final_id: number }>((db, p) => db
  .with('ins', (w) => answerInsert(w as Kysely<DB>, p))
  .with('fin', (w) => (w as Kysely<DB>).insertInto('finals')
    .columns(['row_id', 'project_id', 'round', 'answer_json', 'source', 'choices_json', 'decided_by', 'qa_assignment_id', 'guideline_version', 'created_at'])
    .expression(sql`select ${p('row_id')}::bigint, ${p('project_id')}::bigint, ${p('round')}::int, ${p('answer_json')}::text, 'qa',
      ${p('choices_json')}::text, ${p('decided_by')}::bigint, ${p('assignment_id')}::bigint, ${p('guideline_version')}::int, ${p('now')}::bigint from ins`)
    .returning('id'))
  .with('sub', (w) => (w as Kysely<DB>).updateTable('assignments').set({ status: 'submitted', finished_at: p('now'), release_reason: null })
    .where('id', '=', p('assignment_id')).where(inserted))
  .with('upd', (w) => (w as Kysely<DB>).updateTable('rows').set({ state: 'final', final_id: sql`(select id from fin)`, updated_at: p('now') })
    .where('id', '=', p('row_id')).where(inserted))
  .selectFrom(['ins', 'fin']).select(['ins.id as answer_id', 'fin.id as final_id']));

/**
 * Stores an accept: QA's answer, the final it makes of the same answer, the claim submitted and the row final. Undefined
 * (and nothing written) when the client submission id is already taken.
 */
export async function writeAccept(db: Kysely<DB>, engine: Engine, answer: NewAnswer, f: NewFinal): Promise<{ answerId: number; finalId: number } | undefined> {
  if (engine === 'postgres') {
    const r = (await acceptPg(db, {
      ...answerValues(answer), choices_json: JSON.stringify(f.choices), decided_by: f.decidedBy, now: answer.now,
    })).rows[0];
    return r && { answerId: Number(r.answer_id), finalId: Number(r.final_id) };
  }
  const answerId = await insertAnswer(db, answer);
  if (answerId === undefined) return undefined;
  const finalId = await insertFinal(db, {
    rowId: answer.rowId, projectId: answer.projectId, round: answer.round, answer: f.answer, source: 'qa', choices: f.choices,
    decidedBy: f.decidedBy, qaAssignmentId: answer.assignmentId, guidelineVersion: f.guidelineVersion, now: answer.now,
  });
  await finishAssignment(db, answer.assignmentId, 'submitted', answer.now, null);
  await updateRow(db, answer.rowId, { state: 'final', final_id: finalId, updated_at: answer.now });
  return { answerId, finalId };
}

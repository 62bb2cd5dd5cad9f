import type { Kysely, Selectable } from 'kysely';
import type { AnswersTable, AssignmentKind, DB } from '../db/types.js';
import { prepared } from '../db/prepared.js';

export type AnswerRecord = Selectable<AnswersTable>;

export async function answerBySubmission(db: Kysely<DB>, projectId: number, clientSubmissionId: string): Promise<AnswerRecord | undefined> {
  return (await bySubmission(db, { projectId, clientSubmissionId })).rows[0];
}

const bySubmission = prepared<{ projectId: number; clientSubmissionId: string }, AnswerRecord>((db, p) => db.selectFrom('answers').selectAll()
  .where('project_id', '=', p('projectId')).where('client_submission_id', '=', p('clientSubmissionId')));

/**
 * Answers are append-only: a new submission is a new record, never an edit. Undefined when the client
 * submission id is already taken in the project (the unique index decides, with no read first and without
 * aborting a Postgres transaction).
 */
export async function insertAnswer(db: Kysely<DB>, a: {
  assignmentId: number; rowId: number; projectId: number; userId: number; kind: AssignmentKind; round: number;
  answer: unknown; bestEffort: boolean; activeMs: number; guidelineVersion: number | null; clientSubmissionId: string;
  prelabels: unknown; now: number;
}): Promise<number | undefined> {
  const r = await insertAnswerQ(db, {
    assignment_id: a.assignmentId, row_id: a.rowId, project_id: a.projectId, user_id: a.userId, kind: a.kind, round: a.round,
    answer_json: JSON.stringify(a.answer), best_effort: a.bestEffort ? 1 : 0, active_ms: a.activeMs,
    guideline_version: a.guidelineVersion, client_submission_id: a.clientSubmissionId,
    prelabel_json: a.prelabels === null ? null : JSON.stringify(a.prelabels), created_at: a.now,
  });
  return r.rows.length ? Number(r.rows[0].id) : undefined;
}

type AnswerValues = Omit<AnswerRecord, 'id'>;
const insertAnswerQ = prepared<AnswerValues, { id: number }>((db, p) => db.insertInto('answers').values({
  assignment_id: p('assignment_id'), row_id: p('row_id'), project_id: p('project_id'), user_id: p('user_id'), kind: p('kind'), round: p('round'),
  answer_json: p('answer_json'), best_effort: p('best_effort'), active_ms: p('active_ms'), guideline_version: p('guideline_version'),
  client_submission_id: p('client_submission_id'), prelabel_json: p('prelabel_json'), created_at: p('created_at'),
}).onConflict((oc) => oc.columns(['project_id', 'client_submission_id']).doNothing()).returning('id'));

/** The round's label answers in submission order: slot 1 is the first to arrive. */
export async function labelAnswers(db: Kysely<DB>, rowId: number, round: number): Promise<AnswerRecord[]> {
  return (await labelAnswersQ(db, { rowId, round })).rows;
}

const labelAnswersQ = prepared<{ rowId: number; round: number }, AnswerRecord>((db, p) => db.selectFrom('answers').selectAll()
  .where('row_id', '=', p('rowId')).where('round', '=', p('round')).where('kind', '=', 'label').orderBy('id'));

/** The label another person already submitted in the round of this label claim, if any. */
export async function otherLabelOfRound(db: Kysely<DB>, assignmentId: number): Promise<AnswerRecord | undefined> {
  return (await otherLabelQ(db, { assignmentId })).rows[0];
}

const otherLabelQ = prepared<{ assignmentId: number }, AnswerRecord>((db, p) => db.selectFrom('assignments as a')
  .innerJoin('answers as o', (j) => j.onRef('o.row_id', '=', 'a.row_id').onRef('o.round', '=', 'a.round'))
  .selectAll('o').where('a.id', '=', p('assignmentId')).where('o.kind', '=', 'label').whereRef('o.assignment_id', '<>', 'a.id')
  .orderBy('o.id').limit(1));

export async function answersOfRow(db: Kysely<DB>, rowId: number): Promise<AnswerRecord[]> {
  return db.selectFrom('answers').selectAll().where('row_id', '=', rowId).orderBy('id').execute();
}

export async function answersOfUserOnRow(db: Kysely<DB>, rowId: number, userId: number): Promise<AnswerRecord[]> {
  return db.selectFrom('answers').selectAll().where('row_id', '=', rowId).where('user_id', '=', userId).orderBy('id').execute();
}

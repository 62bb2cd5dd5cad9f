import type { Kysely, Selectable } from 'kysely';
import type { AnswersTable, AssignmentKind, DB } from '../db/types.js';

export type AnswerRecord = Selectable<AnswersTable>;

export async function answerBySubmission(db: Kysely<DB>, projectId: number, clientSubmissionId: string): Promise<AnswerRecord | undefined> {
  return db.selectFrom('answers').selectAll()
    .where('project_id', '=', projectId).where('client_submission_id', '=', clientSubmissionId).executeTakeFirst();
}

/** Answers are append-only: a new submission is a new record, never an edit. */
export async function insertAnswer(db: Kysely<DB>, a: {
  assignmentId: number; rowId: number; projectId: number; userId: number; kind: AssignmentKind; round: number;
  answer: unknown; bestEffort: boolean; activeMs: number; guidelineVersion: number | null; clientSubmissionId: string;
  prelabels: unknown; now: number;
}): Promise<number> {
  const r = await db.insertInto('answers').values({
    assignment_id: a.assignmentId, row_id: a.rowId, project_id: a.projectId, user_id: a.userId, kind: a.kind, round: a.round,
    answer_json: JSON.stringify(a.answer), best_effort: a.bestEffort ? 1 : 0, active_ms: a.activeMs,
    guideline_version: a.guidelineVersion, client_submission_id: a.clientSubmissionId,
    prelabel_json: a.prelabels === null ? null : JSON.stringify(a.prelabels), created_at: a.now,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** The round's label answers in submission order: slot 1 is the first to arrive. */
export async function labelAnswers(db: Kysely<DB>, rowId: number, round: number): Promise<AnswerRecord[]> {
  return db.selectFrom('answers').selectAll()
    .where('row_id', '=', rowId).where('round', '=', round).where('kind', '=', 'label').orderBy('id').execute();
}

export async function answersOfRow(db: Kysely<DB>, rowId: number): Promise<AnswerRecord[]> {
  return db.selectFrom('answers').selectAll().where('row_id', '=', rowId).orderBy('id').execute();
}

export async function answersOfUserOnRow(db: Kysely<DB>, rowId: number, userId: number): Promise<AnswerRecord[]> {
  return db.selectFrom('answers').selectAll().where('row_id', '=', rowId).where('user_id', '=', userId).orderBy('id').execute();
}

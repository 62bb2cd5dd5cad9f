import { sql, type Kysely, type Selectable } from 'kysely';
import type { AnswersTable, AssignmentKind, DB } from '../db/types.js';
import { prepared } from '../db/prepared.js';

export type AnswerRecord = Selectable<AnswersTable>;

export async function answerBySubmission(db: Kysely<DB>, projectId: number, clientSubmissionId: string): Promise<AnswerRecord | undefined> {
  return (await bySubmission(db, { projectId, clientSubmissionId })).rows[0];
}

const bySubmission = prepared<{ projectId: number; clientSubmissionId: string }, AnswerRecord>((db, p) => db.selectFrom('answers').selectAll()
  .where('project_id', '=', p('projectId')).where('client_submission_id', '=', p('clientSubmissionId')));

export interface NewAnswer {
  assignmentId: number; rowId: number; projectId: number; userId: number; kind: AssignmentKind; round: number;
  answer: unknown; bestEffort: boolean; activeMs: number; guidelineVersion: number | null; clientSubmissionId: string;
  prelabels: unknown; now: number;
  /** Labels: the run of this same answer among the labeler's latest labels, this one included (answers.same_run). */
  sameRun?: number;
}

export type AnswerValues = Omit<AnswerRecord, 'id'>;

export const answerValues = (a: NewAnswer): AnswerValues => ({
  assignment_id: a.assignmentId, row_id: a.rowId, project_id: a.projectId, user_id: a.userId, kind: a.kind, round: a.round,
  answer_json: JSON.stringify(a.answer), best_effort: a.bestEffort ? 1 : 0, active_ms: a.activeMs,
  guideline_version: a.guidelineVersion, client_submission_id: a.clientSubmissionId,
  prelabel_json: a.prelabels === null ? null : JSON.stringify(a.prelabels), created_at: a.now, same_run: a.sameRun ?? null,
});

const ANSWER_COLUMNS = [
  'assignment_id', 'row_id', 'project_id', 'user_id', 'kind', 'round', 'answer_json', 'best_effort', 'active_ms', 'guideline_version',
  'client_submission_id', 'prelabel_json', 'created_at', 'same_run',
] as const satisfies readonly (keyof AnswerValues)[];

/**
 * The insert of an answer, for prepared statements (`p` names the slots): it returns the new id, or nothing
 * when the client submission id is already taken in the project (the unique index decides, with no read
 * first and without aborting a Postgres transaction). With `onlyIf` (the name of a CTE before it) the
 * answer is written only if that CTE has a row.
 */
export const answerInsert = <A extends AnswerValues>(db: Kysely<DB>, p: <K extends keyof A & string>(name: K) => A[K], onlyIf?: string) => {
  const into = db.insertInto('answers');
  const q = onlyIf
    ? into.columns([...ANSWER_COLUMNS]).expression((db as Kysely<any>).selectFrom(onlyIf).select(ANSWER_COLUMNS.map((c) => sql`${p(c)}`.as(c))))
    : into.values(Object.fromEntries(ANSWER_COLUMNS.map((c) => [c, p(c)])) as AnswerValues);
  return q.onConflict((oc) => oc.columns(['project_id', 'client_submission_id']).doNothing()).returning('id');
};

const insertAnswerQ = prepared<AnswerValues, { id: number }>((db, p) => answerInsert(db, p));

/** Answers are append-only: a new submission is a new record, never an edit. Undefined when the submission id is taken. */
export async function insertAnswer(db: Kysely<DB>, a: NewAnswer): Promise<number | undefined> {
  const r = await insertAnswerQ(db, answerValues(a));
  return r.rows.length ? Number(r.rows[0].id) : undefined;
}

/** The round's label answers in submission order: slot 1 is the first to arrive. */
export async function labelAnswers(db: Kysely<DB>, rowId: number, round: number): Promise<AnswerRecord[]> {
  return (await labelAnswersQ(db, { rowId, round })).rows;
}

const labelAnswersQ = prepared<{ rowId: number; round: number }, AnswerRecord>((db, p) => db.selectFrom('answers').selectAll()
  .where('row_id', '=', p('rowId')).where('round', '=', p('round')).where('kind', '=', 'label').orderBy('id'));

export async function answersOfRow(db: Kysely<DB>, rowId: number): Promise<AnswerRecord[]> {
  return db.selectFrom('answers').selectAll().where('row_id', '=', rowId).orderBy('id').execute();
}

export async function answersOfUserOnRow(db: Kysely<DB>, rowId: number, userId: number): Promise<AnswerRecord[]> {
  return db.selectFrom('answers').selectAll().where('row_id', '=', rowId).where('user_id', '=', userId).orderBy('id').execute();
}

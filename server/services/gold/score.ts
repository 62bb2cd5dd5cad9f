import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { rowAgreement, type RowAgreement, type RowAnswer } from '@shared/tasks/question.js';
import { insertAnswer } from '../../repos/answers.js';
import { finishAssignment } from '../../repos/assignments.js';
import type { WorkflowProject } from '../workflow/project.js';

// A labeler's answer to a gold row: stored like any label (same table, same ids, same idempotency), and
// scored per question against the reference with each question's own task module.

/**
 * Thrown inside a submit's transaction when the claim turns out to be on a gold row and no score was worked
 * out yet: the transaction gives up, the answer is scored outside it (agreement can take milliseconds), and
 * the submit runs again. Ordinary rows never pay a read for this.
 */
export class NeedsGold extends Error {}

/** The score of an answer to a gold row, worked out with no transaction open. */
export async function scoreGoldAnswer(db: Kysely<DB>, project: Pick<WorkflowProject, 'schema'>, rowId: number, answer: RowAnswer): Promise<RowAgreement> {
  return scoreGold(project, (await goldReference(db, rowId)) ?? {}, answer);
}

/** The reference answer of a gold row; null when the row is not gold. */
export async function goldReference(db: Kysely<DB>, rowId: number): Promise<RowAnswer | null> {
  const g = await db.selectFrom('gold_rows').select('reference_json').where('row_id', '=', rowId).executeTakeFirst();
  return g ? (JSON.parse(g.reference_json) as RowAnswer) : null;
}

/**
 * Scores an answer against the reference: only the questions the reference answers (a reference may leave
 * some out, such as a free-text rationale), each with its type's agreement.
 */
export function scoreGold(project: Pick<WorkflowProject, 'schema'>, reference: RowAnswer, answer: RowAnswer): RowAgreement {
  const asked = project.schema.filter((q) => reference[q.id] !== undefined && reference[q.id] !== null);
  return rowAgreement(asked, reference, answer);
}

/**
 * Writes a gold answer (in the caller's transaction): the answer, its claim submitted, and its scores. The
 * row's counts are untouched: a gold row is never one of a row's two labels. Undefined (nothing written)
 * when the client submission id is taken.
 */
export async function writeGoldAnswer(t: Kysely<DB>, label: Parameters<typeof insertAnswer>[1], scored: RowAgreement): Promise<number | undefined> {
  const id = await insertAnswer(t, label);
  if (id === undefined) return undefined;
  await finishAssignment(t, label.assignmentId, 'submitted', label.now, null);
  const qs = Object.entries(scored.questions);
  await t.insertInto('gold_answers').values({
    answer_id: id, project_id: label.projectId, row_id: label.rowId, user_id: label.userId,
    score: qs.length ? scored.score : 1, correct: scored.agree ? 1 : 0, created_at: label.now,
  }).execute();
  if (qs.length) {
    await t.insertInto('gold_scores').values(qs.map(([qid, r]) => ({
      answer_id: id, project_id: label.projectId, user_id: label.userId, question_id: qid, score: r.score, agree: r.agree ? 1 : 0, created_at: label.now,
    }))).execute();
  }
  return id;
}

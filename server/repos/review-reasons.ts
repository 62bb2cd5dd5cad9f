import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { MyReviewReasonDto, ReviewReasonAction } from '@shared/review-reasons.js';

export interface ReviewReasonInsert {
  projectId: number;
  rowId: number;
  round: number;
  labelerId: number;
  reviewerId: number;
  action: ReviewReasonAction;
  reason: string;
  note: string;
  questions: string[];
  now: number;
}

export async function insertReviewReasons(db: Kysely<DB>, rows: readonly ReviewReasonInsert[]): Promise<void> {
  if (!rows.length) return;
  await db.insertInto('review_reasons').values(rows.map((r) => ({
    project_id: r.projectId, row_id: r.rowId, round: r.round, labeler_id: r.labelerId, reviewer_id: r.reviewerId,
    action: r.action, reason: r.reason, note: r.note, questions_json: JSON.stringify(r.questions), created_at: r.now,
  }))).execute();
}

/**
 * What reviewers said about one person's labels in a project, newest first: their own only (who reviewed is
 * left out, as is anything of the other labeler's answer). `titles` turns question ids into titles.
 */
export async function reasonsForLabeler(db: Kysely<DB>, projectId: number, userId: number, titles: (id: string) => string, limit = 100): Promise<MyReviewReasonDto[]> {
  const rows = await db.selectFrom('review_reasons as r').innerJoin('rows', 'rows.id', 'r.row_id')
    .select(['r.row_id', 'rows.external_id', 'r.round', 'r.action', 'r.reason', 'r.note', 'r.questions_json', 'r.created_at'])
    .where('r.project_id', '=', projectId).where('r.labeler_id', '=', userId)
    .orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    rowId: Number(r.row_id), externalId: r.external_id, round: r.round, action: r.action as ReviewReasonAction, reason: r.reason, note: r.note,
    questions: (JSON.parse(r.questions_json) as string[]).map(titles), at: Number(r.created_at),
  }));
}

export interface ReasonCount {
  userId: number;
  action: ReviewReasonAction;
  reason: string;
  count: number;
}

/** Per-person statistics: how often each labeler was overruled or sent back, by reason (optionally since a time). */
export async function reasonCountsByLabeler(db: Kysely<DB>, projectId: number, since = 0): Promise<ReasonCount[]> {
  const rows = await db.selectFrom('review_reasons')
    .select(['labeler_id', 'action', 'reason', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('project_id', '=', projectId).where('created_at', '>=', since)
    .groupBy(['labeler_id', 'action', 'reason']).orderBy('labeler_id').orderBy('action').orderBy('reason').execute();
  return rows.map((r) => ({ userId: Number(r.labeler_id), action: r.action as ReviewReasonAction, reason: r.reason, count: Number(r.n) }));
}

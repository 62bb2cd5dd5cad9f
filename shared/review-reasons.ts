import { z } from 'zod';

/**
 * Why a reviewer overruled a label or sent a row back (issue 18): a short list each project may set in its
 * settings (`reviewReasons`), these when it does not. The labeler reads them in their own history, and
 * per-person statistics count them (server/repos/review-reasons.ts).
 */
export const DEFAULT_REVIEW_REASONS = [
  'Guideline misread',
  'Missed part of the data',
  'Wrong label for what was found',
  'Incomplete answer',
  'Careless or rushed',
  'Ambiguous: the guideline does not say',
] as const;

export const REVIEW_REASON_MAX = 80;
export const REVIEW_NOTE_MAX = 2000;

export const reviewReasonsSchema = z
  .array(z.string().trim().min(1, 'a reason cannot be empty').max(REVIEW_REASON_MAX, `a reason has at most ${REVIEW_REASON_MAX} characters`))
  .min(1, 'keep at least one reason')
  .max(12, 'at most 12 reasons: a short list is one people read')
  .refine((l) => new Set(l).size === l.length, 'each reason once');

/** The reason a reviewer gives with a send-back or an accept that overrules a label. */
export const reviewReasonBody = z.object({
  reason: z.string().trim().min(1, 'pick a reason').max(REVIEW_REASON_MAX),
  note: z.string().trim().max(REVIEW_NOTE_MAX, `a note has at most ${REVIEW_NOTE_MAX} characters`).default(''),
});
export type ReviewReasonBody = z.input<typeof reviewReasonBody>;

export type ReviewReasonAction = 'overrule' | 'send_back';

/** One reason as the labeler it concerns reads it. */
export interface MyReviewReasonDto {
  rowId: number;
  externalId: string | null;
  round: number;
  action: ReviewReasonAction;
  reason: string;
  note: string;
  /** Titles of the questions where the final differs from this person's label (overrule only). */
  questions: string[];
  at: number;
}

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
export const REVIEW_REASONS_MAX = 12;
export const REVIEW_NOTE_MAX = 2000;

/**
 * A project's list, as a lead edits it in the console. Empty is allowed: reviewers then send rows back with a
 * note alone and overrule without a reason. Two entries differing only in case read the same to a reviewer.
 */
export const reviewReasonsSchema = z
  .array(z.string().trim().min(1, 'a reason cannot be empty: write it or remove it').max(REVIEW_REASON_MAX, `a reason has at most ${REVIEW_REASON_MAX} characters`))
  .max(REVIEW_REASONS_MAX, `at most ${REVIEW_REASONS_MAX} reasons: a short list is one reviewers read`)
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((r, i) => {
      const key = r.toLowerCase();
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else ctx.addIssue({ code: 'custom', path: [i], message: `"${r}" is already reason ${first + 1}: each reason once` });
    });
  });

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

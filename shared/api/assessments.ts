import { z } from 'zod';
import { SCORE_MAX, SCORE_MIN, skillTypeSchema, type SkillType } from '../skills.js';

// Skills assessments (issue 16 part 2): what admins define, what a person sends while taking one, and
// what graders send.

export const ANSWER_MAX_LIMIT = 20_000;
export const QUESTIONS_MAX = 50;
/** A paste of at least this many characters is a "large paste" (an integrity signal, never a refusal). */
export const LARGE_PASTE_CHARS = 200;
/** Paste events kept per attempt or answer: the first ones tell the story, a flood tells no more. */
export const PASTES_MAX = 100;

const questionId = z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a question id is 1-40 letters, digits, "-" or "_"');

export const writtenQuestionSchema = z.object({
  id: questionId,
  kind: z.literal('written'),
  prompt: z.string().trim().min(1, 'prompt is required').max(5000),
  skill: skillTypeSchema,
  required: z.boolean().default(true),
  maxLength: z.number().int().min(1).max(ANSWER_MAX_LIMIT, `an answer may be limited to at most ${ANSWER_MAX_LIMIT} characters`).default(2000),
});
export type AssessmentQuestion = z.infer<typeof writtenQuestionSchema>;

export const assessmentBody = z.object({
  title: z.string().trim().min(1, 'title is required').max(200),
  instructions: z.string().max(20_000).default(''),
  questions: z.array(writtenQuestionSchema).min(1, 'give at least one question').max(QUESTIONS_MAX, `at most ${QUESTIONS_MAX} questions`)
    .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, 'each question needs its own id'),
  archived: z.boolean().default(false),
});

/** One paste into an answer: which question, and how many characters. */
export const pasteSchema = z.object({
  question: z.string().max(200),
  chars: z.number().int().min(0).max(10_000_000),
});
export type PasteEvent = z.infer<typeof pasteSchema>;

/** A person's answers so far (saved as they type) or at submit. Lengths are checked against the questions. */
export const attemptBody = z.object({
  answers: z.record(z.string().max(40), z.string().max(ANSWER_MAX_LIMIT)).refine((a) => Object.keys(a).length <= QUESTIONS_MAX, 'too many answers'),
  pastes: z.array(pasteSchema).max(1000).default([]),
});

export const gradeBody = z.object({
  score: z.number().int(`a score is a whole number from ${SCORE_MIN} to ${SCORE_MAX}`).min(SCORE_MIN).max(SCORE_MAX, `a score is ${SCORE_MIN} to ${SCORE_MAX}`),
  note: z.string().max(5000).default(''),
});

export const gradersBody = z.object({ userIds: z.array(z.number().int().positive()).max(200) });

export const assessmentParam = z.object({ id: z.coerce.number().int().positive('expected a positive assessment id').max(Number.MAX_SAFE_INTEGER) });
export const attemptParam = z.object({ attemptId: z.coerce.number().int().positive('expected a positive attempt id').max(Number.MAX_SAFE_INTEGER) });
export const gradeParam = attemptParam.extend({ questionId });

export type AttemptStatus = 'draft' | 'submitted';

export interface AssessmentDto {
  id: number;
  title: string;
  instructions: string;
  questions: AssessmentQuestion[];
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface GradeDto { score: number; note: string; gradedAt: number }

export interface AttemptDto {
  id: number;
  assessmentId: number;
  status: AttemptStatus;
  answers: Record<string, string>;
  pastes: PasteEvent[];
  startedAt: number;
  updatedAt: number;
  submittedAt: number | null;
  /** Per question: its grade once given. */
  grades: Record<string, GradeDto>;
}

/** An assessment in a person's list, with where they are in it. */
export interface AssessmentSummary {
  id: number;
  title: string;
  questions: number;
  skills: SkillType[];
  archived: boolean;
  mine: { status: AttemptStatus; graded: number; updatedAt: number } | null;
  /** Whether the caller grades it (admins grade every assessment). */
  grader: boolean;
}

/** A submitted attempt waiting for (or holding) grades, as a grader's list shows it. */
export interface GradingItem {
  attemptId: number;
  assessmentId: number;
  assessment: string;
  person: { id: number; name: string };
  submittedAt: number;
  questions: number;
  graded: number;
}

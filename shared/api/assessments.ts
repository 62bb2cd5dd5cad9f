import { z } from 'zod';
import { SCORE_MAX, SCORE_MIN, skillTypeSchema, type SkillType } from '../skills.js';
import { questionSchema, schemaFields, type Question } from '../tasks/question.js';
import { questionModule } from '../tasks/question-module.js';

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
export type WrittenQuestion = z.infer<typeof writtenQuestionSchema>;

/** A sample item's data, as a row's: a few fields, at most this many characters of JSON. */
export const TASK_DATA_MAX_CHARS = 50_000;
/** A task answer (or reference) at most this many characters of JSON. */
export const TASK_ANSWER_MAX_CHARS = 100_000;
const jsonChars = (v: unknown) => JSON.stringify(v ?? null).length;

/**
 * A question of a task type (issue 16): one project-schema question (`task`: its type and config) asked
 * of a sample item (`data`), answered with the type's editor and scored against `reference` with the
 * type's own agreement (1 + 4 × agreement, rounded: 1 to 5). The reference must be a complete answer.
 */
export const taskQuestionSchema = z.object({
  id: questionId,
  kind: z.literal('task'),
  prompt: z.string().trim().min(1, 'prompt is required').max(5000),
  skill: skillTypeSchema,
  required: z.boolean().default(true),
  task: questionSchema,
  data: z.record(z.string().max(100), z.unknown()).refine((d) => jsonChars(d) <= TASK_DATA_MAX_CHARS, `data: at most ${TASK_DATA_MAX_CHARS} characters of JSON`),
  reference: z.unknown(),
}).superRefine((q, ctx) => {
  if (q.task.scope) ctx.addIssue({ code: 'custom', path: ['task', 'scope'], message: 'an assessment asks a task question of the whole sample item: remove scope' });
  if (q.task.showIf) ctx.addIssue({ code: 'custom', path: ['task', 'showIf'], message: 'an assessment task question has no condition: remove showIf' });
  for (const f of schemaFields([q.task])) {
    if (q.data[f] === undefined) ctx.addIssue({ code: 'custom', path: ['data', f], message: `data.${f}: the question reads this field: give the sample item a value for it` });
  }
  if (jsonChars(q.reference) > TASK_ANSWER_MAX_CHARS) { ctx.addIssue({ code: 'custom', path: ['reference'], message: `reference: at most ${TASK_ANSWER_MAX_CHARS} characters of JSON` }); return; }
  const m = questionModule(q.task);
  const parsed = m.answer(q.task.config).safeParse(q.reference);
  if (!parsed.success) {
    for (const i of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['reference', ...i.path.map(String)], message: `reference${i.path.length ? '.' + i.path.join('.') : ''}: ${i.message}` });
  } else if (!m.isComplete(parsed.data, q.task.config, q.data)) {
    ctx.addIssue({ code: 'custom', path: ['reference'], message: 'reference: answer the question completely, as a labeler would have to' });
  }
});
export type TaskQuestion = z.infer<typeof taskQuestionSchema> & { task: Question };

export const assessmentQuestionSchema = z.discriminatedUnion('kind', [writtenQuestionSchema, taskQuestionSchema]);
export type AssessmentQuestion = WrittenQuestion | TaskQuestion;

export const assessmentBody = z.object({
  title: z.string().trim().min(1, 'title is required').max(200),
  instructions: z.string().max(20_000).default(''),
  questions: z.array(assessmentQuestionSchema).min(1, 'give at least one question').max(QUESTIONS_MAX, `at most ${QUESTIONS_MAX} questions`)
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
/** A written answer is text; a task answer the type's answer (checked against its question on the server). */
export const attemptAnswer = z.union([z.string().max(ANSWER_MAX_LIMIT), z.record(z.string(), z.unknown())
  .refine((a) => jsonChars(a) <= TASK_ANSWER_MAX_CHARS, `a task answer has at most ${TASK_ANSWER_MAX_CHARS} characters of JSON`)], 'expected a written answer (text) or a task answer (an object)');
export type AttemptAnswer = z.infer<typeof attemptAnswer>;

export const attemptBody = z.object({
  answers: z.record(z.string().max(40), attemptAnswer).refine((a) => Object.keys(a).length <= QUESTIONS_MAX, 'too many answers'),
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

/** `auto`: scored against the task question's reference at submit (a grader may replace it). */
export interface GradeDto { score: number; note: string; gradedAt: number; auto: boolean }

/** A task answer's score from its agreement with the reference (0 to 1): 1 to 5. */
export const scoreOfAgreement = (agreement: number) => SCORE_MIN + Math.round(Math.min(1, Math.max(0, agreement)) * (SCORE_MAX - SCORE_MIN));

/** Whether a question's answer is missing for a required check: blank text, or an incomplete task answer. */
export function unanswered(q: AssessmentQuestion, a: AttemptAnswer | undefined): boolean {
  if (q.kind === 'written') return typeof a !== 'string' || !a.trim();
  if (a === undefined || typeof a === 'string') return true;
  const m = questionModule(q.task);
  const parsed = m.answer(q.task.config).safeParse(a);
  return !parsed.success || !m.isComplete(parsed.data, q.task.config, q.data);
}

export interface AttemptDto {
  id: number;
  assessmentId: number;
  status: AttemptStatus;
  answers: Record<string, AttemptAnswer>;
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

import { z } from 'zod';
import { TASK_TYPES, type Agreement, type StatUnit, type TaskType } from './types';
import { taskModule, taskModules } from './registry';

export const questionIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'a question id is a lower-case letter followed by lower-case letters, digits or _');

function questionOf<T extends TaskType, S extends z.ZodType>(type: T, config: S) {
  return z.object({
    id: questionIdSchema,
    type: z.literal(type),
    title: z.string().min(1, 'a question needs a title'),
    description: z.string().optional(),
    required: z.boolean().default(true),
    config,
  });
}

type AnyQuestionSchema = {
  [T in TaskType]: (typeof taskModules)[T]['config'] extends infer S extends z.ZodType ? ReturnType<typeof questionOf<T, S>> : never;
}[TaskType];

/**
 * One question of a project schema; `config` is parsed by its task module (defaults filled in). Built from
 * TASK_TYPES so a new type needs no entry here: taskModules is what must cover it. The cast restates, per
 * type, what `questionOf(t, taskModules[t].config)` is, which TypeScript cannot follow through `map`.
 */
export const questionSchema = z.discriminatedUnion(
  'type',
  TASK_TYPES.map((t) => questionOf(t, taskModules[t].config)) as [AnyQuestionSchema, ...AnyQuestionSchema[]],
);
export type Question = z.output<typeof questionSchema>;
/** What a client may send: defaults may be left out. */
export type QuestionInput = z.input<typeof questionSchema>;

/** A project schema: the ordered questions asked of every row (at least one, ids unique). */
export const schemaSchema = z
  .array(questionSchema)
  .min(1, 'a schema needs at least one question')
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate question id "${q.id}"` });
      seen.add(q.id);
    });
  });
export type ProjectSchema = z.output<typeof schemaSchema>;
export type ProjectSchemaInput = z.input<typeof schemaSchema>;

/** A whole row's answer: question id → that question's answer. */
export type RowAnswer = Record<string, unknown>;

/**
 * The zod schema of a row answer for a parsed project schema: one key per question, validated by its
 * module's answer schema; optional questions may be absent; unknown question ids are rejected.
 * Answers here may be drafts: use `isRowComplete` before accepting a submission.
 */
export function answerSchemaFor(schema: ProjectSchema): z.ZodType<RowAnswer> {
  const shape: Record<string, z.ZodType> = {};
  for (const q of schema) {
    const s = taskModule(q.type).answer(q.config) as z.ZodType;
    shape[q.id] = q.required ? s : s.optional();
  }
  return z.strictObject(shape) as z.ZodType<RowAnswer>;
}

/** The answer every question starts from. */
export function emptyRowAnswer(schema: ProjectSchema): RowAnswer {
  return Object.fromEntries(schema.map((q) => [q.id, taskModule(q.type).empty(q.config)]));
}

/** Whether every required question is complete (optional questions: absent, or complete). */
export function isRowComplete(schema: ProjectSchema, answer: RowAnswer): boolean {
  return schema.every((q) => {
    const a = answer[q.id];
    if (a === undefined || a === null) return !q.required;
    return taskModule(q.type).isComplete(a, q.config);
  });
}

export interface RowAgreement {
  questions: Record<string, Agreement>;
  /** Mean of the question scores. */
  score: number;
  /** A row agrees when every question agrees. */
  agree: boolean;
}

/** Per-question agreement of two row answers; a missing answer is compared as the question's empty answer. */
export function rowAgreement(schema: ProjectSchema, a: RowAnswer, b: RowAnswer): RowAgreement {
  const questions: Record<string, Agreement> = {};
  let agree = true;
  let total = 0;
  for (const q of schema) {
    const m = taskModule(q.type);
    const x = a[q.id] ?? m.empty(q.config);
    const y = b[q.id] ?? m.empty(q.config);
    const r = m.agreement(x, y, q.config);
    questions[q.id] = r;
    agree &&= r.agree;
    total += r.score;
  }
  return { questions, score: schema.length ? total / schema.length : 1, agree };
}

/** Consensus of several row answers, question by question (answers in preference order: ties go to the earliest). */
export function mergeRow(schema: ProjectSchema, answers: RowAnswer[]): RowAnswer {
  const out: RowAnswer = {};
  for (const q of schema) {
    const given = answers.map((a) => a[q.id]).filter((x) => x !== undefined && x !== null);
    if (given.length) out[q.id] = taskModule(q.type).merge(given, q.config);
  }
  return out;
}

/** Corpus-statistic units of a row answer, keys prefixed by question id (`<questionId>/<unitKey>`). */
export function rowUnits(schema: ProjectSchema, answer: RowAnswer, data: Record<string, unknown>): StatUnit[] {
  const out: StatUnit[] = [];
  for (const q of schema) {
    const a = answer[q.id];
    if (a === undefined || a === null) continue;
    for (const u of taskModule(q.type).units(a, q.config, data)) out.push({ ...u, key: `${q.id}/${u.key}` });
  }
  return out;
}

/** The data fields a schema reads (validated at import). */
export function schemaFields(schema: ProjectSchema): string[] {
  return [...new Set(schema.flatMap((q) => taskModule(q.type).fields(q.config)))];
}

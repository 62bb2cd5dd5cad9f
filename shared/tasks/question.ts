import { z } from 'zod';
import { TASK_TYPES, type Agreement, type StatUnit, type TaskType } from './types';
import { taskModule, taskModules } from './registry';
import { questionModule } from './question-module';
import { scopeSchema, type ScopedAnswer } from './scope';
import { conditionIssues, showIfSchema, visibility, visibleAnswer } from './conditions';

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
    /** What the question judges: the whole row (absent), each assistant turn, or each response. */
    scope: scopeSchema.optional(),
    /** Shown only when an earlier question's answer matches. */
    showIf: showIfSchema.optional(),
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
      if (q.scope && !taskModule(q.type).scopable)
        ctx.addIssue({ code: 'custom', path: [i, 'scope'], message: `a ${taskModule(q.type).title} question judges the whole row: it cannot be asked per ${q.scope.each}` });
    });
    for (const { index, path, message } of conditionIssues(qs)) ctx.addIssue({ code: 'custom', path: [index, ...path], message });
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
    const s = questionModule(q).answer(q.config) as z.ZodType;
    // A conditional question may be hidden, and a hidden question is not answered.
    shape[q.id] = q.required && !q.showIf ? s : s.optional();
  }
  return z.strictObject(shape) as z.ZodType<RowAnswer>;
}

/** The answer every question starts from. */
export function emptyRowAnswer(schema: ProjectSchema): RowAnswer {
  return Object.fromEntries(schema.map((q) => [q.id, questionModule(q).empty(q.config)]));
}

/**
 * The questions (ids) a person must still answer: required, shown (conditions), and not complete (for a
 * scoped question: some item shown is not answered). An optional question never holds a submit up: its
 * empty answer and a half-made one look alike, and its answer's shape is checked by the answer schema.
 */
export function incompleteQuestions(schema: ProjectSchema, answer: RowAnswer, data: Record<string, unknown>): string[] {
  const v = visibility(schema, answer, data);
  return schema.filter((q) => {
    if (v.hidden.has(q.id) || !q.required) return false;
    const shown = v.items.get(q.id);
    // Per-item conditions that show no item ask nothing: the question may be left out.
    if (shown && shown.length === 0) return false;
    const a = answer[q.id];
    if (a === undefined || a === null) return true;
    const m = questionModule(q) as ReturnType<typeof questionModule> & { isCompleteFor?(a: ScopedAnswer, c: unknown, items: number[]): boolean };
    return !(shown && m.isCompleteFor ? m.isCompleteFor(a as ScopedAnswer, q.config, shown) : m.isComplete(a, q.config, data));
  }).map((q) => q.id);
}

/** Whether every required question shown is complete. */
export function isRowComplete(schema: ProjectSchema, answer: RowAnswer, data: Record<string, unknown>): boolean {
  return incompleteQuestions(schema, answer, data).length === 0;
}

/** What a submission keeps: the answer without the questions and items its conditions hide. */
export function submittedAnswer(schema: ProjectSchema, answer: RowAnswer, data: Record<string, unknown>): RowAnswer {
  return visibleAnswer(schema, answer, data);
}

export interface RowAgreement {
  questions: Record<string, Agreement>;
  /** Mean of the question scores. */
  score: number;
  /** A row agrees when every question agrees. */
  agree: boolean;
}

/**
 * Per-question agreement of two row answers; a missing answer is compared as the question's empty answer,
 * except that a conditional question neither answered (hidden for both) is left out.
 */
export function rowAgreement(schema: ProjectSchema, a: RowAnswer, b: RowAnswer): RowAgreement {
  const questions: Record<string, Agreement> = {};
  let agree = true;
  let total = 0;
  let counted = 0;
  for (const q of schema) {
    if (q.showIf && (a[q.id] ?? null) === null && (b[q.id] ?? null) === null) continue;
    counted++;
    const m = questionModule(q);
    const x = a[q.id] ?? m.empty(q.config);
    const y = b[q.id] ?? m.empty(q.config);
    const r = m.agreement(x, y, q.config);
    questions[q.id] = r;
    agree &&= r.agree;
    total += r.score;
  }
  return { questions, score: counted ? total / counted : 1, agree };
}

/** Consensus of several row answers, question by question (answers in preference order: ties go to the earliest). */
export function mergeRow(schema: ProjectSchema, answers: RowAnswer[]): RowAnswer {
  const out: RowAnswer = {};
  for (const q of schema) {
    const given = answers.map((a) => a[q.id]).filter((x) => x !== undefined && x !== null);
    if (given.length) out[q.id] = questionModule(q).merge(given, q.config);
  }
  return out;
}

/** Corpus-statistic units of a row answer, keys prefixed by question id (`<questionId>/<unitKey>`). */
export function rowUnits(schema: ProjectSchema, answer: RowAnswer, data: Record<string, unknown>): StatUnit[] {
  const out: StatUnit[] = [];
  for (const q of schema) {
    const a = answer[q.id];
    if (a === undefined || a === null) continue;
    for (const u of questionModule(q).units(a, q.config, data)) out.push({ ...u, key: `${q.id}/${u.key}` });
  }
  return out;
}

/** The data fields a schema reads (validated at import). */
export function schemaFields(schema: ProjectSchema): string[] {
  return [...new Set(schema.flatMap((q) => questionModule(q).fields(q.config)))];
}

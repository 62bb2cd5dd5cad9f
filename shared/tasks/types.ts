import type { z } from 'zod';

/** The task types Triad knows. Adding one means adding a module to `registry.ts`. */
export const TASK_TYPES = ['classification', 'ner', 'bbox', 'audio', 'ranking', 'rating', 'text'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** Pairwise agreement of two answers to one question. */
export interface Agreement {
  /** In [0, 1]; 1 means identical for the purpose of this question. */
  score: number;
  /** Whether the score counts as agreement under the question's threshold. */
  agree: boolean;
  /** Extra named figures a comparison view may show (e.g. precision, recall, meanIoU, wer). */
  detail?: Record<string, number>;
}

/** The level of measurement a corpus statistic uses for this module's units. */
export type Metric = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/**
 * One unit for corpus statistics: several raters' values of the same unit are compared.
 * `key` identifies the unit inside a row (e.g. "" for a single choice, `tok:17` for a token's BIO tag,
 * `crit:accuracy` for a rubric criterion); the caller prefixes it with the row id.
 */
export interface StatUnit {
  key: string;
  value: string | number;
  metric: Metric;
}

/** What an export converter gets for one finalized row and question. */
export interface ExportItem<C, A> {
  rowId: string;
  externalId: string | null;
  data: Record<string, unknown>;
  config: C;
  questionId: string;
  answer: A;
}

export interface TaskModule<T extends TaskType, C, A> {
  type: T;
  /** Human name, e.g. "Named entities". */
  title: string;
  /** The question's config (labels, thresholds, fields it reads). Parsing fills defaults. */
  config: z.ZodType<C, any>;
  /** The answer schema for a given config; rejects junk with a message naming the field. */
  answer(config: C): z.ZodType<A, any>;
  /** A valid answer a labeler starts from. */
  empty(config: C): A;
  /**
   * Whether an answer is complete enough to submit (e.g. a single choice was made). `data` is the row's
   * (a question scoped to each turn needs it to know the turns); a type's own check rarely reads it.
   */
  isComplete(answer: A, config: C, data: Record<string, unknown>): boolean;
  agreement(a: A, b: A, config: C): Agreement;
  /** Consensus of several answers; merge([x, x]) deep-equals x. */
  merge(answers: A[], config: C): A;
  /** Units for corpus statistics (κ, α). */
  units(answer: A, config: C, data: Record<string, unknown>): StatUnit[];
  /** The data fields of a row this question reads (validated at import). */
  fields(config: C): string[];
  /**
   * Whether a question of this type may be scoped to each turn of a conversation or each response of a
   * set (`scope` in the question): true when its editor judges a text it is shown, without reading a
   * field of its own (a rubric, a choice).
   */
  scopable: boolean;
}

export type AnyTaskModule = TaskModule<TaskType, any, any>;

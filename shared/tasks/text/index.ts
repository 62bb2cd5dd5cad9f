import { z } from 'zod';
import type { Agreement, StatUnit, TaskModule } from '../types';
import { boundedText, fieldName, threshold01 } from '../common';
import { editSimilarity } from '../../stats/edit';

/** The longest answer a text question allows unless its config says otherwise, and the most it may say. */
export const TEXT_MAX_LENGTH = { default: 20_000, ceiling: 200_000 } as const;

export const textConfig = z.object({
  /** The field shown as the prompt / context. */
  field: fieldName.optional(),
  /** Rewrite mode: the field whose text the labeler starts from and corrects. */
  sourceField: fieldName.optional(),
  /** Minimum length (after trimming) of a submittable answer. */
  minLength: z.number().int().min(0).default(1),
  /** Longest submittable (and savable) answer, in characters (UTF-16 units, as the editor counts). */
  maxLength: z.number().int().min(1)
    .max(TEXT_MAX_LENGTH.ceiling, `maxLength: at most ${TEXT_MAX_LENGTH.ceiling} characters`).default(TEXT_MAX_LENGTH.default),
  /** Normalized edit similarity at or above which two texts agree. */
  threshold: threshold01.default(0.9),
}).refine((c) => c.minLength <= c.maxLength, { path: ['minLength'], message: 'minLength must not exceed maxLength' });
export type TextConfig = z.output<typeof textConfig>;

export interface TextAnswer {
  text: string;
}

function answer(config: TextConfig): z.ZodType<TextAnswer> {
  return z.strictObject({ text: boundedText(config.maxLength, 'the answer') });
}

/** Normalized edit similarity: 1 − levenshtein / max length, on whitespace-normalized text; trigram similarity
 *  for texts too long for the exact distance (see stats/edit). */
function agreement(a: TextAnswer, b: TextAnswer, config: TextConfig): Agreement {
  const score = editSimilarity(a.text, b.text);
  return { score, agree: score >= config.threshold };
}

/**
 * Texts cannot be averaged; the consensus is the medoid: the answer most similar to all others (summed
 * edit similarity), ties to the earliest answer. With two answers that is the first.
 */
function merge(answers: TextAnswer[]): TextAnswer {
  if (answers.length === 0) return { text: '' };
  // Similarity is symmetric, so of two answers both sums are equal and the tie goes to the first.
  if (answers.length <= 2) return { text: answers[0].text };
  let best = 0;
  let bestSum = -1;
  for (let i = 0; i < answers.length; i++) {
    let sum = 0;
    for (let j = 0; j < answers.length; j++) if (i !== j) sum += editSimilarity(answers[i].text, answers[j].text);
    if (sum > bestSum) {
      best = i;
      bestSum = sum;
    }
  }
  return { text: answers[best].text };
}

export const text = {
  type: 'text',
  title: 'Text answer',
  config: textConfig,
  answer,
  empty: (_config: TextConfig): TextAnswer => ({ text: '' }),
  scopable: false,
  isComplete: (a, c) => a.text.trim().length >= c.minLength,
  agreement,
  merge,
  // Free text has no categories to count: corpus agreement is the mean pairwise similarity instead.
  units: (): StatUnit[] => [],
  fields: (c) => [c.field, c.sourceField].filter((f): f is string => f !== undefined),
} satisfies TaskModule<'text', TextConfig, TextAnswer>;

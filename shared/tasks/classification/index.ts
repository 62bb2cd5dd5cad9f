import { z } from 'zod';
import type { Agreement, StatUnit, TaskModule } from '../types';
import { fieldName, knownLabel, labelsSchema, threshold01 } from '../common';

export const classificationConfig = z.object({
  /** The data field shown to the labeler (optional: the question may be about the whole row). */
  field: fieldName.optional(),
  multiple: z.boolean().default(false),
  labels: labelsSchema,
  /** Multi-choice only: the Jaccard index at or above which two answers agree (1 = identical sets). */
  threshold: threshold01.default(1),
});
export type ClassificationConfig = z.output<typeof classificationConfig>;

export interface ClassificationAnswer {
  labels: string[];
}

function answer(config: ClassificationConfig): z.ZodType<ClassificationAnswer> {
  return z.strictObject({
    labels: z
      .array(knownLabel(config.labels))
      .max(config.multiple ? config.labels.length : 1, config.multiple ? 'too many labels' : 'single choice: pick at most one label')
      .refine((ls) => new Set(ls).size === ls.length, 'a label is chosen twice'),
  });
}

/** Jaccard index |A∩B| / |A∪B| (Jaccard 1901); two empty sets are identical: 1. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  const union = sa.size + sb.size - inter;
  return union === 0 ? 1 : inter / union;
}

function agreement(a: ClassificationAnswer, b: ClassificationAnswer, config: ClassificationConfig): Agreement {
  const score = jaccard(a.labels, b.labels);
  // Single choice is exact match; for one label per side Jaccard is already 1 or 0.
  const agree = config.multiple ? score >= config.threshold : score === 1;
  return { score, agree };
}

/**
 * Single choice: the most chosen label, ties to the earliest answer. Multiple: every label chosen by a
 * strict majority of answers (with two answers, their intersection), in order of first appearance.
 * Undecided answers (no label) count as votes for nothing.
 */
function merge(answers: ClassificationAnswer[], config: ClassificationConfig): ClassificationAnswer {
  if (answers.length === 0) return { labels: [] };
  const counts = new Map<string, number>();
  for (const a of answers) for (const l of new Set(a.labels)) counts.set(l, (counts.get(l) ?? 0) + 1);
  if (!config.multiple) {
    let best: string | undefined;
    let bestN = 0;
    for (const a of answers) {
      const l = a.labels[0];
      if (l !== undefined && counts.get(l)! > bestN) {
        best = l;
        bestN = counts.get(l)!;
      }
    }
    return { labels: best === undefined ? [] : [best] };
  }
  // Map iteration order is first appearance across answers, so merge([x, x]) keeps x's order.
  return { labels: [...counts].filter(([, n]) => n * 2 > answers.length).map(([l]) => l) };
}

/**
 * Single choice: one nominal unit (key "") holding the label. Multiple choice: one nominal yes/no unit
 * per configured label (`label:<value>`), the usual way to compute κ/α on multi-label data.
 */
function units(answer: ClassificationAnswer, config: ClassificationConfig): StatUnit[] {
  if (!config.multiple) return answer.labels.length ? [{ key: '', value: answer.labels[0], metric: 'nominal' }] : [];
  return config.labels.map((l) => ({ key: `label:${l.value}`, value: answer.labels.includes(l.value) ? 'yes' : 'no', metric: 'nominal' }));
}

export const classification = {
  type: 'classification',
  title: 'Classification',
  config: classificationConfig,
  answer,
  empty: (_config: ClassificationConfig): ClassificationAnswer => ({ labels: [] }),
  scopable: true,
  isComplete: (a) => a.labels.length >= 1,
  agreement,
  merge,
  units,
  fields: (c) => (c.field ? [c.field] : []),
} satisfies TaskModule<'classification', ClassificationConfig, ClassificationAnswer>;


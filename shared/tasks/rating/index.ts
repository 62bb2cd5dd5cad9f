import { z } from 'zod';
import type { Agreement, StatUnit, TaskModule } from '../types';
import { ANSWER_LIMITS, atMostKeys, boundedText, fieldName, joinDistinct } from '../common';

const criterion = z
  .object({
    id: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a criterion id is a letter then letters, digits or _'),
    title: z.string(),
    description: z.string().optional(),
    min: z.number().default(1),
    max: z.number().default(5),
    /** The largest score difference that still counts as agreement. */
    tolerance: z.number().min(0).default(1),
  })
  .refine((c) => c.max > c.min, { path: ['max'], error: 'max must be greater than min' });

export const ratingConfig = z.object({
  field: fieldName.optional(),
  criteria: z
    .array(criterion)
    .min(1, 'at least one criterion is needed')
    .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, 'criterion ids must be unique'),
  rationaleMinLength: z.number().int().min(0).default(0),
});
export type RatingConfig = z.output<typeof ratingConfig>;

export interface RatingAnswer {
  /** Score per criterion id; null (or absent) = not scored yet. */
  scores: Record<string, number | null>;
  rationale: string;
}

function answer(config: RatingConfig): z.ZodType<RatingAnswer> {
  const byId = new Map(config.criteria.map((c) => [c.id, c] as const));
  return z.strictObject({
    scores: z.record(z.string(), z.number().nullable()).refine(...atMostKeys(config.criteria.length, 'criteria')).superRefine((scores, ctx) => {
      for (const [id, v] of Object.entries(scores)) {
        const c = byId.get(id);
        if (!c) ctx.addIssue({ code: 'custom', path: [id], message: `unknown criterion "${id}" (expected one of: ${[...byId.keys()].join(', ')})` });
        else if (v !== null && !(v >= c.min && v <= c.max)) ctx.addIssue({ code: 'custom', path: [id], message: `score must be from ${c.min} to ${c.max}` });
      }
    }),
    rationale: boundedText(ANSWER_LIMITS.note, 'the rationale'),
  });
}

const scoreOf = (a: RatingAnswer, id: string) => a.scores[id] ?? null;

/**
 * agree = every criterion within its tolerance (two unscored agree; scored vs unscored does not).
 * score = mean over criteria of 1 − |a − b| / (max − min) (0 for scored vs unscored).
 * detail: `diff:<id>` per criterion scored on both sides.
 */
function agreement(a: RatingAnswer, b: RatingAnswer, config: RatingConfig): Agreement {
  let total = 0;
  let agree = true;
  const detail: Record<string, number> = {};
  for (const c of config.criteria) {
    const x = scoreOf(a, c.id);
    const y = scoreOf(b, c.id);
    if (x === null || y === null) {
      if (x !== y) agree = false;
      total += x === y ? 1 : 0;
      continue;
    }
    const d = Math.abs(x - y);
    detail[`diff:${c.id}`] = d;
    if (d > c.tolerance) agree = false;
    total += 1 - d / (c.max - c.min);
  }
  return { score: total / config.criteria.length, agree, detail };
}

/**
 * Per criterion the median of the scores given. With an even count the two middle scores may straddle a
 * whole number (3 and 4); then the one given by the earlier answer is taken rather than 3.5, so a merged
 * score stays on the labelers' scale. Rationales: distinct ones joined.
 */
function merge(answers: RatingAnswer[], config: RatingConfig): RatingAnswer {
  const scores: Record<string, number | null> = {};
  const keys = new Set([...config.criteria.map((c) => c.id), ...answers.flatMap((a) => Object.keys(a.scores))]);
  for (const id of keys) {
    if (!answers.some((a) => id in a.scores)) continue;
    const given = answers.map((a) => scoreOf(a, id)).filter((v): v is number => v !== null);
    if (given.length === 0) {
      scores[id] = null;
      continue;
    }
    const sorted = [...given].sort((x, y) => x - y);
    const mid = sorted.length >> 1;
    if (sorted.length % 2) scores[id] = sorted[mid];
    else {
      const lo = sorted[mid - 1];
      const hi = sorted[mid];
      scores[id] = lo === hi ? lo : given.indexOf(lo) <= given.indexOf(hi) ? lo : hi;
    }
  }
  return { scores, rationale: joinDistinct(answers.map((a) => a.rationale)) };
}

/** One interval unit per scored criterion (`crit:<id>`). */
function units(answer: RatingAnswer, config: RatingConfig): StatUnit[] {
  const out: StatUnit[] = [];
  for (const c of config.criteria) {
    const v = scoreOf(answer, c.id);
    if (v !== null) out.push({ key: `crit:${c.id}`, value: v, metric: 'interval' });
  }
  return out;
}

export const rating = {
  type: 'rating',
  title: 'Rubric rating',
  config: ratingConfig,
  answer,
  empty: (c) => ({ scores: Object.fromEntries(c.criteria.map((k) => [k.id, null])), rationale: '' }),
  scopable: true,
  isComplete: (a, c) => c.criteria.every((k) => scoreOf(a, k.id) !== null) && a.rationale.trim().length >= c.rationaleMinLength,
  agreement,
  merge,
  units,
  fields: (c) => (c.field ? [c.field] : []),
} satisfies TaskModule<'rating', RatingConfig, RatingAnswer>;

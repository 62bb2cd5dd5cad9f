import { z } from 'zod';
import type { Agreement, StatUnit, TaskModule } from '../types';
import { ANSWER_LIMITS, boundedList, boundedText, fieldName, joinDistinct, mode } from '../common';
import { kendallTauB } from '../../stats/kendall';

export const DEFAULT_SCALE = [
  { value: -3, title: 'A much better' },
  { value: -2, title: 'A better' },
  { value: -1, title: 'A slightly better' },
  { value: 0, title: 'Tie' },
  { value: 1, title: 'B slightly better' },
  { value: 2, title: 'B better' },
  { value: 3, title: 'B much better' },
];

export const rankingConfig = z.object({
  promptField: fieldName.default('prompt'),
  /** A row field holding an array of response strings. */
  responsesField: fieldName.default('responses'),
  /** pairwise: A vs B (the first two responses) on the strength scale; order: a full ranking of all. */
  mode: z.enum(['pairwise', 'order']).default('pairwise'),
  /** Strength scale: negative favours A (response 0), positive B (response 1), 0 is a tie. */
  scale: z
    .array(z.object({ value: z.number(), title: z.string() }))
    .min(1)
    .refine((s) => new Set(s.map((x) => x.value)).size === s.length, 'scale values must be distinct')
    .default(DEFAULT_SCALE),
  allowTie: z.boolean().default(true),
  reasonMinLength: z.number().int().min(0).default(0),
  /** Whether labelers flag unsupported claims inside the responses. */
  flagClaims: z.boolean().default(true),
  /** Order mode: the Kendall τ-b at or above which two orders (with the same top response) agree. */
  tauThreshold: z.number().min(-1).max(1).default(0.5),
});
export type RankingConfig = z.output<typeof rankingConfig>;

export interface RankingClaim {
  /** Index of the response the claim is in. */
  response: number;
  start: number;
  end: number;
  text: string;
}
export interface RankingAnswer {
  /** Index of the preferred response; null = tie (strength 0) or not decided yet (strength null). */
  preferred: number | null;
  /** Order mode: response indices, best first. */
  order?: number[];
  strength: number | null;
  reason: string;
  claims: RankingClaim[];
}

const index = z.number().int().min(0);

function answer(config: RankingConfig): z.ZodType<RankingAnswer> {
  const values = config.scale.map((s) => s.value);
  return z
    .strictObject({
      preferred: index.nullable(),
      order: boundedList(index, 'ranked responses')
        .refine((o) => new Set(o).size === o.length && o.every((i) => i < o.length), 'order must list each response index 0…n−1 once')
        .optional(),
      strength: z
        .number()
        .refine((v) => values.includes(v), `strength must be one of the scale values: ${values.join(', ')}`)
        .nullable(),
      reason: boundedText(ANSWER_LIMITS.note, 'the reason'),
      claims: boundedList(
        z
          .strictObject({ response: index, start: index, end: index, text: boundedText(ANSWER_LIMITS.snippet, 'a claim\'s text') })
          .refine((c) => c.end > c.start, { path: ['end'], error: 'claim end must be after its start' }),
        'flagged claims',
      )
        .refine((cs) => new Set(cs.map((c) => `${c.response}:${c.start}:${c.end}`)).size === cs.length, 'the same claim is flagged twice'),
    })
    .superRefine((a, ctx) => {
      if (config.mode === 'pairwise') {
        if (a.preferred !== null && a.preferred > 1) ctx.addIssue({ code: 'custom', path: ['preferred'], message: 'pairwise: preferred must be 0 (A), 1 (B) or null (tie)' });
        if (a.strength !== null && a.strength !== 0 && a.preferred !== (a.strength < 0 ? 0 : 1))
          ctx.addIssue({ code: 'custom', path: ['preferred'], message: `preferred (${a.preferred}) contradicts strength ${a.strength}` });
        if (a.strength === 0 && a.preferred !== null) ctx.addIssue({ code: 'custom', path: ['preferred'], message: 'a tie (strength 0) has preferred null' });
        if (a.strength === 0 && !config.allowTie) ctx.addIssue({ code: 'custom', path: ['strength'], message: 'ties are not allowed' });
      } else if (a.order && a.order.length > 0 && a.preferred !== a.order[0]) {
        ctx.addIssue({ code: 'custom', path: ['preferred'], message: 'preferred must be the first response of order' });
      }
      if (!config.flagClaims && a.claims.length) ctx.addIssue({ code: 'custom', path: ['claims'], message: 'this question does not flag claims' });
    });
}

function decided(a: RankingAnswer, config: RankingConfig): boolean {
  if (config.mode === 'order') return (a.order?.length ?? 0) >= 2;
  return a.preferred !== null || (a.strength === 0 && config.allowTie);
}

/** Positions as scores (higher = better) for τ, over the responses both orders rank. */
function rankScores(order: readonly number[], items: readonly number[]): number[] {
  return items.map((i) => -order.indexOf(i));
}

/**
 * Pairwise: agree when both prefer the same response, or both call a tie; score 1 or 0, with
 * detail.strengthDiff. Order mode: τ-b between the two orders over the responses both ranked;
 * score = (τ + 1) / 2; agree when τ ≥ tauThreshold and the top response is the same.
 * Two undecided answers agree; undecided vs decided does not.
 */
function agreement(a: RankingAnswer, b: RankingAnswer, config: RankingConfig): Agreement {
  const da = decided(a, config);
  const db = decided(b, config);
  if (!da || !db) return da === db ? { score: 1, agree: true } : { score: 0, agree: false };
  if (config.mode === 'order') {
    const oa = a.order!;
    const ob = b.order!;
    const common = oa.filter((i) => ob.includes(i));
    const tau = kendallTauB(rankScores(oa, common), rankScores(ob, common));
    const sameTop = oa[0] === ob[0];
    return { score: (tau + 1) / 2, agree: sameTop && tau >= config.tauThreshold, detail: { tau, sameTop: sameTop ? 1 : 0 } };
  }
  const same = a.preferred === b.preferred;
  const detail: Record<string, number> = {};
  if (a.strength !== null && b.strength !== null) detail.strengthDiff = Math.abs(a.strength - b.strength);
  return { score: same ? 1 : 0, agree: same, detail };
}

/**
 * Pairwise: the most common preferred side (ties to the earliest answer), with the most common strength
 * among the answers on that side. Order: Borda count (a response earns n−1−position), ties broken by the
 * earliest answer's order. Reasons: distinct reasons joined. Claims: flagged by any answer (deduplicated),
 * since an unsupported claim one labeler caught is worth QA's look.
 */
function merge(answers: RankingAnswer[], config: RankingConfig): RankingAnswer {
  const first = answers[0];
  if (!first) return empty();
  const reason = joinDistinct(answers.map((a) => a.reason));
  const claims: RankingClaim[] = [];
  const seen = new Set<string>();
  for (const a of answers)
    for (const c of a.claims) {
      const k = `${c.response}:${c.start}:${c.end}`;
      if (!seen.has(k)) {
        seen.add(k);
        claims.push({ ...c });
      }
    }
  const voters = answers.filter((a) => decided(a, config));
  if (voters.length === 0) {
    const out: RankingAnswer = { preferred: first.preferred, strength: first.strength, reason, claims };
    if (first.order !== undefined) out.order = [...first.order];
    return out;
  }
  if (config.mode === 'order') {
    const points = new Map<number, number>();
    for (const a of voters) a.order!.forEach((r, pos) => points.set(r, (points.get(r) ?? 0) + a.order!.length - 1 - pos));
    const tieBreak = voters[0].order!;
    const pos = (r: number) => (tieBreak.includes(r) ? tieBreak.indexOf(r) : tieBreak.length + r);
    const order = [...points.keys()].sort((x, y) => points.get(y)! - points.get(x)! || pos(x) - pos(y));
    const strength = mode(voters.map((a) => a.strength)) ?? null;
    return { preferred: order[0], order, strength, reason, claims };
  }
  const preferred = mode(voters.map((a) => a.preferred))!;
  const strength = mode(voters.filter((a) => a.preferred === preferred).map((a) => a.strength)) ?? null;
  const out: RankingAnswer = { preferred, strength, reason, claims };
  if (first.order !== undefined) out.order = [...first.order];
  return out;
}

/** Pairwise: one ordinal unit `pref` holding the strength. Order: one ordinal unit per response
 *  (`rank:<index>`) holding its position (0 = best). */
function units(answer: RankingAnswer, config: RankingConfig): StatUnit[] {
  if (config.mode === 'order') return (answer.order ?? []).map((r, pos) => ({ key: `rank:${r}`, value: pos, metric: 'ordinal' }));
  if (answer.strength !== null) return [{ key: 'pref', value: answer.strength, metric: 'ordinal' }];
  if (answer.preferred !== null) return [{ key: 'pref', value: answer.preferred === 0 ? -1 : 1, metric: 'ordinal' }];
  return [];
}

function empty(): RankingAnswer {
  return { preferred: null, strength: null, reason: '', claims: [] };
}

export const ranking = {
  type: 'ranking',
  title: 'Ranking / preference',
  config: rankingConfig,
  answer,
  empty: (_config: RankingConfig): RankingAnswer => empty(),
  scopable: false,
  isComplete: (a, c) => decided(a, c) && a.reason.trim().length >= c.reasonMinLength,
  agreement,
  merge,
  units,
  fields: (c) => [c.promptField, c.responsesField],
} satisfies TaskModule<'ranking', RankingConfig, RankingAnswer>;

import { z } from 'zod';
import type { Agreement, StatUnit, TaskModule } from '../types';
import { ANSWER_LIMITS, boundedList, boundedText, fieldName, joinDistinct, mode } from '../common';
import { fromGroups, groupsOf, pairRanks, rankFigures, ranksOf, tiesIssue, type Groups } from './ranks';

/** The default 7-point scale: a tie in the middle, three steps towards each side (margin = |value|). */
export const DEFAULT_SCALE = [
  { value: -3, title: 'A much better' },
  { value: -2, title: 'A better' },
  { value: -1, title: 'A slightly better' },
  { value: 0, title: 'Tie' },
  { value: 1, title: 'B slightly better' },
  { value: 2, title: 'B better' },
  { value: 3, title: 'B much better' },
];

/**
 * Llama 2's forced choice (Touvron et al. 2023, §3.2.1): four levels for each side and no tie. Margins are
 * the paper's "Margin Small" (Table 27), as TRL's reward-modeling docs set them for its `margin` column:
 * significantly better 1, better 2/3, slightly better 1/3, negligibly better / unsure 0.
 */
export const LLAMA2_SCALE = [
  { value: -4, title: 'A significantly better', margin: 1 },
  { value: -3, title: 'A better', margin: 2 / 3 },
  { value: -2, title: 'A slightly better', margin: 1 / 3 },
  { value: -1, title: 'A negligibly better / unsure', margin: 0 },
  { value: 1, title: 'B negligibly better / unsure', margin: 0 },
  { value: 2, title: 'B slightly better', margin: 1 / 3 },
  { value: 3, title: 'B better', margin: 2 / 3 },
  { value: 4, title: 'B significantly better', margin: 1 },
];

const scaleStep = z.object({
  value: z.number(),
  title: z.string(),
  /** How much better the preferred response is, for a reward model's margin; default |value|. */
  margin: z.number().min(0).max(1000).optional(),
});

export const rankingConfig = z.object({
  promptField: fieldName.default('prompt'),
  /** A row field holding an array of response strings. */
  responsesField: fieldName.default('responses'),
  /** pairwise: A vs B (the first two responses) on the strength scale; order: a full ranking of all. */
  mode: z.enum(['pairwise', 'order']).default('pairwise'),
  /** Strength scale: negative favours A (response 0), positive B (response 1), 0 is a tie. */
  scale: z
    .array(scaleStep)
    .min(1)
    .refine((s) => new Set(s.map((x) => x.value)).size === s.length, 'scale values must be distinct')
    .default(DEFAULT_SCALE),
  /** Pairwise: whether the scale's 0 step (a tie) may be chosen. */
  allowTie: z.boolean().default(true),
  /** Order mode: whether several responses may share a rank (`ties` in the answer). */
  orderTies: z.boolean().default(false),
  reasonMinLength: z.number().int().min(0).default(0),
  /** Whether labelers flag unsupported claims inside the responses. */
  flagClaims: z.boolean().default(true),
  /**
   * Whether the editor shows the prompt and responses. Off for a second question on the same pair (Llama 2
   * asked helpfulness and safety of one pair): the question above shows them, this one only asks.
   */
  showTexts: z.boolean().default(true),
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
  /**
   * Order mode with `orderTies`: groups of responses sharing one rank, each adjacent in `order` and listed
   * as `order` lists them (absent: a strict order, as before ties existed).
   */
  ties?: number[][];
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
      ties: boundedList(boundedList(index, 'tied responses').min(2, 'a tie group holds at least two responses'), 'tie groups').optional(),
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
      if (a.ties !== undefined) {
        if (config.mode !== 'order' || !config.orderTies) ctx.addIssue({ code: 'custom', path: ['ties'], message: 'this question ranks without ties (orderTies is off)' });
        else {
          const issue = tiesIssue(a.order ?? [], a.ties);
          if (issue) ctx.addIssue({ code: 'custom', path: ['ties'], message: issue });
        }
      }
      if (!config.flagClaims && a.claims.length) ctx.addIssue({ code: 'custom', path: ['claims'], message: 'this question does not flag claims' });
    });
}

function decided(a: RankingAnswer, config: RankingConfig): boolean {
  if (config.mode === 'order') return (a.order?.length ?? 0) >= 2;
  return a.preferred !== null || (a.strength === 0 && config.allowTie);
}

/** The groups of a decided order-mode answer. */
const groups = (a: RankingAnswer): Groups => groupsOf(a.order ?? [], a.ties);

/** The pairwise side of a decided answer: −1 A is better, 1 B is better, 0 a tie. */
const sideOf = (a: RankingAnswer): number => (a.preferred === 0 ? -1 : a.preferred === 1 ? 1 : 0);

/**
 * Pairwise: agree when both prefer the same response, or both call a tie; score 1 or 0. Order mode:
 * Kendall τ-b between the two orders over the responses both ranked, ties as ties; score = (τ + 1) / 2;
 * agree when τ ≥ tauThreshold and the top response (or tied top responses) is the same. Both modes
 * report `detail.sameTop` (top-choice agreement, 0/1) and `detail.tau` (rank correlation; for a pair,
 * 1 same side, −1 opposite sides, 0 a tie against a side); pairwise adds `strengthDiff`.
 * Two undecided answers agree; undecided vs decided does not.
 */
function agreement(a: RankingAnswer, b: RankingAnswer, config: RankingConfig): Agreement {
  const da = decided(a, config);
  const db = decided(b, config);
  if (!da || !db) return da === db ? { score: 1, agree: true } : { score: 0, agree: false };
  if (config.mode === 'order') {
    const { sameTop, tau } = rankFigures(ranksOf(groups(a)), ranksOf(groups(b)));
    return { score: (tau + 1) / 2, agree: sameTop === 1 && tau >= config.tauThreshold, detail: { sameTop, tau } };
  }
  const same = a.preferred === b.preferred;
  const detail: Record<string, number> = { ...rankFigures(pairRanks(sideOf(a)), pairRanks(sideOf(b))) };
  if (a.strength !== null && b.strength !== null) detail.strengthDiff = Math.abs(a.strength - b.strength);
  return { score: same ? 1 : 0, agree: same, detail };
}

/**
 * Borda count with ties: a response earns the responses ranked below it, plus half of those tied with it
 * (n − 1 − its mean position). Equal totals share a rank when the question allows ties, else the earliest
 * answer's order breaks them. Points are doubled to stay integers.
 */
function bordaOrder(voters: RankingAnswer[], ties: boolean): Pick<RankingAnswer, 'preferred' | 'order' | 'ties'> {
  const points = new Map<number, number>();
  for (const a of voters) {
    const n = a.order!.length;
    let pos = 0;
    for (const g of groups(a)) {
      for (const r of g) points.set(r, (points.get(r) ?? 0) + 2 * (n - 1) - (2 * pos + g.length - 1));
      pos += g.length;
    }
  }
  const first = voters[0].order!;
  const at = (r: number) => (first.includes(r) ? first.indexOf(r) : first.length + r);
  const sorted = [...points.keys()].sort((x, y) => points.get(y)! - points.get(x)! || at(x) - at(y));
  const merged: Groups = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (ties && last && points.get(last[0]) === points.get(r)) last.push(r);
    else merged.push([r]);
  }
  const out = fromGroups(merged);
  return { preferred: out.order[0] ?? null, ...out };
}

/**
 * Pairwise: the most common preferred side (ties to the earliest answer), with the most common strength
 * among the answers on that side. Order: Borda count with ties (bordaOrder). Reasons: distinct reasons
 * joined. Claims: flagged by any answer (deduplicated), since an unsupported claim one labeler caught is
 * worth QA's look.
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
    if (first.ties !== undefined) out.ties = first.ties.map((g) => [...g]);
    return out;
  }
  if (config.mode === 'order') {
    const strength = mode(voters.map((a) => a.strength)) ?? null;
    return { ...bordaOrder(voters, config.orderTies), strength, reason, claims };
  }
  const preferred = mode(voters.map((a) => a.preferred))!;
  const strength = mode(voters.filter((a) => a.preferred === preferred).map((a) => a.strength)) ?? null;
  const out: RankingAnswer = { preferred, strength, reason, claims };
  if (first.order !== undefined) out.order = [...first.order];
  return out;
}

/** Pairwise: one ordinal unit `pref` holding the strength. Order: one ordinal unit per response
 *  (`rank:<index>`) holding its rank (0 = best; tied responses share the rank of their group). */
function units(answer: RankingAnswer, config: RankingConfig): StatUnit[] {
  if (config.mode === 'order') {
    const ranks = ranksOf(groups(answer));
    return (answer.order ?? []).map((r) => ({ key: `rank:${r}`, value: ranks.get(r)!, metric: 'ordinal' }));
  }
  if (answer.strength !== null) return [{ key: 'pref', value: answer.strength, metric: 'ordinal' }];
  if (answer.preferred !== null) return [{ key: 'pref', value: answer.preferred === 0 ? -1 : 1, metric: 'ordinal' }];
  return [];
}

/**
 * How much better the preferred response of a pairwise answer is, as a reward model's margin: the scale
 * step's `margin`, else |strength|; 0 without a strength (a bare A/B choice).
 */
export function marginOf(config: RankingConfig, strength: number | null): number {
  if (strength === null) return 0;
  return config.scale.find((s) => s.value === strength)?.margin ?? Math.abs(strength);
}

/** An order-mode answer's groups of equally ranked responses, best first. */
export const orderGroups = groups;

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

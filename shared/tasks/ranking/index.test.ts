import { describe, expect, it } from 'vitest';
import { LLAMA2_SCALE, marginOf, ranking as m, type RankingAnswer } from './index';
import { rankingInterop } from './interop';
import { toPreferenceMessages, toPreferencePairs } from './export';

const pairwise = m.config.parse({});
const order = m.config.parse({ mode: 'order' });
const noTie = m.config.parse({ allowTie: false, reasonMinLength: 10 });
const ans = (preferred: number | null, strength: number | null, extra: Partial<RankingAnswer> = {}): RankingAnswer => ({ preferred, strength, reason: '', claims: [], ...extra });

describe('ranking, pairwise', () => {
  it('same side agrees whatever the strength', () => {
    const r = m.agreement(ans(0, -3), ans(0, -1), pairwise);
    expect(r).toMatchObject({ score: 1, agree: true });
    expect(r.detail).toEqual({ sameTop: 1, tau: 1, strengthDiff: 2 });
  });
  it('reports top-choice agreement and rank correlation: opposite sides τ −1, a tie against a side τ 0', () => {
    expect(m.agreement(ans(0, -1), ans(1, 2), pairwise).detail).toMatchObject({ sameTop: 0, tau: -1 });
    expect(m.agreement(ans(null, 0), ans(1, 2), pairwise).detail).toMatchObject({ sameTop: 0, tau: 0 });
    expect(m.agreement(ans(null, 0), ans(null, 0), pairwise).detail).toMatchObject({ sameTop: 1, tau: 1 });
  });
  it('opposite sides, or tie vs side, disagree; two ties agree', () => {
    expect(m.agreement(ans(0, -1), ans(1, 1), pairwise).agree).toBe(false);
    expect(m.agreement(ans(null, 0), ans(1, 1), pairwise).agree).toBe(false);
    expect(m.agreement(ans(null, 0), ans(null, 0), pairwise).agree).toBe(true);
  });
  it('undecided vs decided disagrees; both undecided agree', () => {
    expect(m.agreement(m.empty(pairwise), ans(0, -2), pairwise)).toMatchObject({ score: 0, agree: false });
    expect(m.agreement(m.empty(pairwise), m.empty(pairwise), pairwise).agree).toBe(true);
  });
  it('validation ties strength to the side, and respects allowTie', () => {
    const s = m.answer(pairwise);
    expect(s.safeParse(ans(1, -2)).success).toBe(false);
    expect(s.safeParse(ans(0, 0)).success).toBe(false);
    expect(s.safeParse(ans(2, null)).success).toBe(false);
    expect(s.safeParse(ans(null, 0)).success).toBe(true);
    expect(m.answer(noTie).safeParse(ans(null, 0)).success).toBe(false);
  });
  it('completeness needs a decision and a long enough reason', () => {
    expect(m.isComplete(ans(0, -1), pairwise)).toBe(true);
    expect(m.isComplete(ans(null, 0), pairwise)).toBe(true);
    expect(m.isComplete(ans(null, null), pairwise)).toBe(false);
    expect(m.isComplete(ans(0, -1, { reason: 'short' }), noTie)).toBe(false);
    expect(m.isComplete(ans(0, -1, { reason: 'long enough reason' }), noTie)).toBe(true);
  });
  it('merge: majority side, its most common strength, reasons joined, claims unioned', () => {
    const c1 = { response: 1, start: 0, end: 5, text: 'Paris' };
    const c2 = { response: 0, start: 3, end: 9, text: 'in 1999' };
    const merged = m.merge([ans(0, -1, { reason: 'A cites sources', claims: [c1] }), ans(1, 2, { reason: 'B is shorter', claims: [c1, c2] }), ans(1, 2)], pairwise);
    expect(merged).toEqual({ preferred: 1, strength: 2, reason: 'A cites sources\n\nB is shorter', claims: [c1, c2] });
    // Two answers that disagree: the first one's side (the caller orders answers by preference).
    expect(m.merge([ans(0, -1), ans(1, 3)], pairwise)).toMatchObject({ preferred: 0, strength: -1 });
    expect(m.merge([m.empty(pairwise), ans(1, 3)], pairwise)).toMatchObject({ preferred: 1, strength: 3 });
  });
  it('units: the strength as an ordinal unit', () => {
    expect(m.units(ans(0, -2), pairwise)).toEqual([{ key: 'pref', value: -2, metric: 'ordinal' }]);
    expect(m.units(m.empty(pairwise), pairwise)).toEqual([]);
  });
});

describe('ranking, Llama 2 forced choice', () => {
  const llama = m.config.parse({ scale: LLAMA2_SCALE, allowTie: false });
  it('four levels for each side and no tie', () => {
    expect(llama.scale.filter((s) => s.value < 0).map((s) => s.title)).toEqual(['A significantly better', 'A better', 'A slightly better', 'A negligibly better / unsure']);
    expect(llama.scale.some((s) => s.value === 0)).toBe(false);
    const s = m.answer(llama);
    expect(s.safeParse(ans(0, -1)).success).toBe(true);
    expect(s.safeParse(ans(1, 4)).success).toBe(true);
    expect(s.safeParse(ans(null, 0)).success).toBe(false);
  });
  it("margins are the paper's Margin Small; a scale without margins uses |strength|", () => {
    expect([-4, -3, -2, -1, 1, 2, 3, 4].map((v) => marginOf(llama, v))).toEqual([1, 2 / 3, 1 / 3, 0, 0, 1 / 3, 2 / 3, 1]);
    expect(marginOf(pairwise, -3)).toBe(3);
    expect(marginOf(pairwise, null)).toBe(0);
  });
  it('a scale step margin must not be negative', () => {
    expect(m.config.safeParse({ scale: [{ value: -1, title: 'A', margin: -1 }] }).success).toBe(false);
  });
});

describe('ranking, full order', () => {
  const o = (...order: number[]) => ans(order[0] ?? null, null, { order });
  it("Kendall τ-b between orders; agreement needs the same top and τ ≥ threshold", () => {
    const r = m.agreement(o(0, 1, 2, 3), o(0, 1, 3, 2), order);
    expect(r.detail!.tau).toBeCloseTo(4 / 6, 12);
    expect(r.score).toBeCloseTo((1 + 4 / 6) / 2, 12);
    expect(r.agree).toBe(true);
    expect(m.agreement(o(0, 1, 2, 3), o(1, 0, 2, 3), order).agree).toBe(false);
    expect(m.agreement(o(0, 1, 2, 3), o(3, 2, 1, 0), order)).toMatchObject({ score: 0, agree: false });
  });
  it('validation: order is a permutation and preferred is its head', () => {
    const s = m.answer(order);
    expect(s.safeParse(o(2, 0, 1)).success).toBe(true);
    expect(s.safeParse(o(0, 0, 1)).success).toBe(false);
    expect(s.safeParse(o(0, 3)).success).toBe(false);
    expect(s.safeParse(ans(1, null, { order: [0, 1] })).success).toBe(false);
  });
  it('merge by Borda count', () => {
    expect(m.merge([o(0, 1, 2), o(1, 0, 2), o(1, 2, 0)], order)).toMatchObject({ preferred: 1, order: [1, 0, 2] });
    // A tie in points goes to the first answer's order.
    expect(m.merge([o(0, 1, 2), o(1, 0, 2)], order)).toMatchObject({ order: [0, 1, 2] });
  });
  it('units: each response position as an ordinal unit', () => {
    expect(m.units(o(2, 0, 1), order).map((u) => [u.key, u.value])).toEqual([['rank:2', 0], ['rank:0', 1], ['rank:1', 2]]);
  });
  it('refuses ties where the question has none', () => {
    const r = m.answer(order).safeParse({ ...o(0, 1, 2), ties: [[0, 1]] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['ties'], message: expect.stringMatching(/orderTies is off/) });
  });
});

describe('ranking, order with ties', () => {
  const tied = m.config.parse({ mode: 'order', orderTies: true });
  const t = (order: number[], ties?: number[][]): RankingAnswer => ({ ...ans(order[0] ?? null, null, { order }), ...(ties ? { ties } : {}) });
  it('validation: tie groups of adjacent responses, listed as order lists them, each response once', () => {
    const s = m.answer(tied);
    const issue = (a: RankingAnswer) => { const r = s.safeParse(a); return r.success ? null : r.error.issues[0].message; };
    expect(issue(t([2, 0, 1, 3], [[2, 0], [1, 3]]))).toBeNull();
    expect(issue(t([0, 1, 2]))).toBeNull();
    expect(issue(t([2, 0, 1], [[0, 2]]))).toMatch(/list its responses as order does: \[2, 0\]/);
    expect(issue(t([0, 1, 2], [[0, 2]]))).toMatch(/next to each other/);
    expect(issue(t([0, 1, 2], [[1, 2], [0, 1]]))).toMatch(/repeats a response/);
    expect(issue(t([0, 1, 2], [[1, 1]]))).toMatch(/twice/);
    expect(issue(t([0, 1, 2], [[0]]))).toMatch(/at least two/);
    expect(issue(t([0, 1, 2], [[0, 5]]))).toMatch(/does not rank/);
  });
  it('τ-b counts ties as ties; the top choice is the set of responses ranked first', () => {
    const r = m.agreement(t([0, 1, 2], [[1, 2]]), t([0, 1, 2]), tied);
    // Pairs: (0,1) and (0,2) concordant, (1,2) tied on one side: τ-b = 2 / sqrt(3·2).
    expect(r.detail!.tau).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(r.detail!.sameTop).toBe(1);
    expect(r.agree).toBe(true);
    const topTie = m.agreement(t([0, 1, 2], [[0, 1]]), t([0, 1, 2]), tied);
    expect(topTie.detail!.sameTop).toBe(0);
    expect(topTie.agree).toBe(false);
    expect(m.agreement(t([1, 0, 2], [[1, 0]]), t([0, 1, 2], [[0, 1]]), tied)).toMatchObject({ score: 1, agree: true, detail: { sameTop: 1, tau: 1 } });
  });
  it('merge: Borda with ties, equal points share a rank', () => {
    expect(m.merge([t([0, 1, 2], [[0, 1]]), t([0, 1, 2], [[0, 1]])], tied)).toMatchObject({ preferred: 0, order: [0, 1, 2], ties: [[0, 1]] });
    // 0: 2+1 = 3 points, 1: 1+2 = 3, 2: 0: the two disagreeing tops tie.
    expect(m.merge([t([0, 1, 2]), t([1, 0, 2])], tied)).toMatchObject({ order: [0, 1, 2], ties: [[0, 1]] });
    // A tie (1.5 each) against a strict order: 0 gets 1.5 + 2, 1 gets 1.5 + 1.
    const strict = m.merge([t([1, 0, 2], [[1, 0]]), t([0, 1, 2])], tied);
    expect(strict).toMatchObject({ preferred: 0, order: [0, 1, 2] });
    expect(strict.ties).toBeUndefined();
  });
  it('units: tied responses share their group rank', () => {
    expect(m.units(t([3, 1, 0, 2], [[1, 0]]), tied).map((u) => [u.key, u.value])).toEqual([['rank:3', 0], ['rank:1', 1], ['rank:0', 1], ['rank:2', 3]]);
  });
  it('the answer filter finds every response tied first', () => {
    const bad = (msg: string): never => { throw new Error(msg); };
    const a = t([1, 0, 2], [[1, 0]]);
    expect(rankingInterop.answerFilter(tied, 'q', 'A', bad)(a)).toBe(true);
    expect(rankingInterop.answerFilter(tied, 'q', 'B', bad)(a)).toBe(true);
    expect(rankingInterop.answerFilter(tied, 'q', 'C', bad)(a)).toBe(false);
  });
  it('dashboard figures from two labels\' units are the agreement detail', () => {
    const figures = rankingInterop.dashboard.pairFigures!;
    const pairs: Array<[RankingAnswer, RankingAnswer, typeof tied]> = [
      [t([0, 1, 2], [[1, 2]]), t([2, 1, 0]), tied],
      [t([1, 0, 2], [[1, 0]]), t([0, 1, 2], [[0, 1]]), tied],
      [ans(0, -2), ans(1, 1), pairwise],
      [ans(null, 0), ans(0, -1), pairwise],
    ];
    for (const [a, b, c] of pairs) {
      const { sameTop, tau } = m.agreement(a, b, c).detail!;
      expect(figures.of(m.units(a, c), m.units(b, c), c)).toEqual({ sameTop, tau });
    }
    expect(figures.of([], m.units(ans(0, -1), pairwise), pairwise)).toBeNull();
  });
});

describe('ranking, preference exports', () => {
  const item = (answer: RankingAnswer, config = pairwise, prompt: unknown = 'Which is right?') =>
    ({ rowId: '1', externalId: null, questionId: 'q', config, data: { prompt, responses: ['r0', 'r1', 'r2'] }, answer });
  it('pairwise: one pair with the margin; a tie or no decision gives none', () => {
    expect(toPreferencePairs(item(ans(1, 2, { reason: 'B cites' })), { detail: true })).toEqual([{ prompt: 'Which is right?', chosen: 'r1', rejected: 'r0', margin: 2, strength: 2, reason: 'B cites' }]);
    expect(toPreferencePairs(item(ans(null, 0)))).toEqual([]);
    expect(toPreferenceMessages(item(m.empty(pairwise)))).toEqual([]);
  });
  it('messages: a conversation prompt is kept turn by turn, content as text', () => {
    const chat = [{ role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'image_url' }] }, { role: 'assistant', content: null }, { role: 'user', content: 'Which?' }];
    expect(toPreferenceMessages(item(ans(0, -1), pairwise, chat))).toEqual([{
      chosen: [{ role: 'user', content: 'Hi\n\n[image_url]' }, { role: 'assistant', content: '' }, { role: 'user', content: 'Which?' }, { role: 'assistant', content: 'r0' }],
      rejected: [{ role: 'user', content: 'Hi\n\n[image_url]' }, { role: 'assistant', content: '' }, { role: 'user', content: 'Which?' }, { role: 'assistant', content: 'r1' }],
      margin: 1,
    }]);
  });
  it('order: margins count the ranks between the two responses', () => {
    const tied = m.config.parse({ mode: 'order', orderTies: true });
    const a: RankingAnswer = { ...ans(2, null), order: [2, 0, 1], ties: [[0, 1]] };
    expect(toPreferencePairs(item({ ...ans(2, null), order: [2, 0, 1] }, order), { detail: true }).map((p) => [p.chosen, p.rejected, p.margin, p.rank_chosen, p.rank_rejected]))
      .toEqual([['r2', 'r0', 0, 1, 2], ['r2', 'r1', 1, 1, 3], ['r0', 'r1', 0, 2, 3]]);
    expect(toPreferencePairs(item(a, tied), { detail: true }).map((p) => [p.chosen, p.rejected, p.margin, p.rank_chosen, p.rank_rejected]))
      .toEqual([['r2', 'r0', 0, 1, 2], ['r2', 'r1', 0, 1, 2]]);
  });
});

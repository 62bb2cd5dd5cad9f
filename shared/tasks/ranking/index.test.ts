import { describe, expect, it } from 'vitest';
import { ranking as m, type RankingAnswer } from './index';

const pairwise = m.config.parse({});
const order = m.config.parse({ mode: 'order' });
const noTie = m.config.parse({ allowTie: false, reasonMinLength: 10 });
const ans = (preferred: number | null, strength: number | null, extra: Partial<RankingAnswer> = {}): RankingAnswer => ({ preferred, strength, reason: '', claims: [], ...extra });

describe('ranking, pairwise', () => {
  it('same side agrees whatever the strength', () => {
    const r = m.agreement(ans(0, -3), ans(0, -1), pairwise);
    expect(r).toMatchObject({ score: 1, agree: true });
    expect(r.detail!.strengthDiff).toBe(2);
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
});

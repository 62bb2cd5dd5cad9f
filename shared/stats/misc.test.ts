import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { editSimilarity, levenshtein, wer } from './edit';
import { intervalIou, iou, matchF1, spanF1 } from './geometry';
import { kendallTauB } from './kendall';
import { matchByLabel, maxWeightMatching } from './match';

describe('levenshtein / edit similarity', () => {
  it('classic examples', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('flaw', 'lawn')).toBe(2);
  });
  it('is a metric on random strings (symmetry, identity, triangle)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        expect(levenshtein(a, b)).toBe(levenshtein(b, a));
        expect(levenshtein(a, a)).toBe(0);
        expect(levenshtein(a, c)).toBeLessThanOrEqual(levenshtein(a, b) + levenshtein(b, c));
      }),
    );
  });
  it('edit similarity normalizes whitespace and counts code points', () => {
    expect(editSimilarity('  hello   world ', 'hello world')).toBe(1);
    expect(editSimilarity('', '')).toBe(1);
    expect(editSimilarity('abc', '')).toBe(0);
    expect(editSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 12);
    expect(editSimilarity('a😀', 'a😃')).toBeCloseTo(0.5, 12);
  });
});

describe('WER', () => {
  it('counts word substitutions, deletions and insertions over the reference', () => {
    expect(wer('the cat sat on the mat', 'the cat sit on mat')).toBeCloseTo(2 / 6, 12);
    expect(wer('hello world', 'Hello, world!')).toBe(0);
    expect(wer('a b', 'a b c d')).toBe(1);
  });
  it('empty reference: 0 if the hypothesis is empty, else 1', () => {
    expect(wer('', '')).toBe(0);
    expect(wer('', 'x')).toBe(1);
    expect(wer('x', '')).toBe(1);
  });
});

describe('IoU and F1', () => {
  it('box IoU', () => {
    expect(iou({ x: 0, y: 0, w: 2, h: 2 }, { x: 1, y: 1, w: 2, h: 2 })).toBeCloseTo(1 / 7, 12);
    expect(iou({ x: 0, y: 0, w: 1, h: 1 }, { x: 5, y: 5, w: 1, h: 1 })).toBe(0);
    expect(iou({ x: 0, y: 0, w: 0, h: 0 }, { x: 0, y: 0, w: 0, h: 0 })).toBe(1);
  });
  it('interval IoU', () => {
    expect(intervalIou({ start: 0, end: 10 }, { start: 5, end: 15 })).toBeCloseTo(5 / 15, 12);
    expect(intervalIou({ start: 0, end: 1 }, { start: 1, end: 2 })).toBe(0);
  });
  it('span F1 and match F1', () => {
    const a = [{ start: 0, end: 4, label: 'PER' }, { start: 10, end: 15, label: 'ORG' }];
    const b = [{ start: 0, end: 4, label: 'PER' }, { start: 10, end: 15, label: 'LOC' }, { start: 20, end: 22, label: 'PER' }];
    expect(spanF1(a, b)).toEqual({ precision: 1 / 3, recall: 1 / 2, f1: 2 / 5 });
    expect(spanF1([], [])).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(matchF1(0, 0, 3).f1).toBe(0);
  });
});

describe("Kendall's tau-b", () => {
  it('perfect, reversed and tied orders', () => {
    expect(kendallTauB([1, 2, 3, 4], [1, 2, 3, 4])).toBe(1);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
    // scipy.stats.kendalltau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) → τ-b = −0.4714045…
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 12);
  });
  it('edge cases', () => {
    expect(kendallTauB([1], [2])).toBe(1);
    expect(kendallTauB([1, 1], [1, 1])).toBe(1);
    expect(kendallTauB([1, 1], [1, 2])).toBe(0);
    expect(() => kendallTauB([1], [1, 2])).toThrow();
  });
});

describe('Hungarian matching', () => {
  it('finds the maximum-weight assignment where greedy would not', () => {
    // Greedy takes (0,0)=0.9 and is left with (1,1)=0.1; the optimum is 0.8 + 0.8.
    expect(maxWeightMatching([[0.9, 0.8], [0.8, 0.1]])).toEqual([[0, 1], [1, 0]]);
  });
  it('handles rectangular matrices and forbidden pairs', () => {
    expect(maxWeightMatching([[0, 1], [0, 0], [1, 0]])).toEqual([[0, 1], [2, 0]]);
    expect(maxWeightMatching([])).toEqual([]);
  });
  it('is optimal on random matrices (brute force)', () => {
    const perms = (n: number): number[][] => (n === 0 ? [[]] : perms(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)])));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain((n) => fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n })), (w) => {
        const got = maxWeightMatching(w).reduce((s, [i, j]) => s + w[i][j], 0);
        const best = Math.max(...perms(w.length).map((p) => p.reduce((s, j, i) => s + (w[i][j] > 0 ? w[i][j] : 0), 0)));
        expect(got).toBeCloseTo(best, 9);
      }),
    );
  });
  it('matchByLabel maximizes the number of matches above the threshold first', () => {
    const a = [{ label: 'x', v: 0 }, { label: 'x', v: 1 }];
    const b = [{ label: 'x', v: 0 }, { label: 'x', v: 1 }, { label: 'y', v: 0 }];
    const sim = (p: { v: number }, q: { v: number }) => (p.v === q.v ? 1 : 0.6);
    const m = matchByLabel(a, b, sim, 0.5);
    expect(m).toEqual([{ i: 0, j: 0, sim: 1 }, { i: 1, j: 1, sim: 1 }]);
  });
});

describe('matching scales to long documents', () => {
  it('2,000 spans a side (neighbours overlapping) match in well under a second', () => {
    const a = Array.from({ length: 2000 }, (_, k) => ({ start: k * 10, end: k * 10 + 8, label: 'PER' }));
    const b = a.map((s) => ({ ...s, start: s.start + 1, end: s.end + 3 }));
    const t0 = Date.now();
    const m = matchByLabel(a, b, (x, y) => {
      const inter = Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
      return inter / (x.end - x.start + y.end - y.start - inter);
    }, 0.1);
    expect(m).toHaveLength(2000);
    expect(m.every((p) => p.i === p.j)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EXACT_EDIT_CELLS, editSimilarity, levenshtein, trigramSimilarity } from './edit';

/** The textbook dynamic programme, as the oracle the bit-parallel distance must match. */
function reference<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** Deterministic pseudo-random words, so the long texts are the same on every run. */
function prose(words: number, seed: number): string {
  let x = seed;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const len = 2 + (x % 8);
    let w = '';
    for (let k = 0; k < len; k++) w += String.fromCharCode(97 + ((x >> (k + 3)) % 26));
    out.push(w);
  }
  return out.join(' ');
}

describe('levenshtein (bit-parallel)', () => {
  it('matches the dynamic programme on strings, across the 32-unit word boundary', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
      expect(levenshtein(a, b)).toBe(reference(a, b));
    }));
  });

  it('matches the dynamic programme on word sequences (WER)', () => {
    const word = fc.constantFrom('the', 'cat', 'sat', 'on', 'a', 'mat', 'dog');
    fc.assert(fc.property(fc.array(word, { maxLength: 70 }), fc.array(word, { maxLength: 70 }), (a, b) => {
      expect(levenshtein(a, b)).toBe(reference(a, b));
    }));
  });
});

describe('edit similarity of long texts', () => {
  it('stays exact up to the cap', () => {
    const a = prose(1000, 7);
    const b = `${a.slice(0, 3000)}XY${a.slice(3002)}`;
    expect(Array.from(a).length ** 2).toBeLessThanOrEqual(EXACT_EDIT_CELLS);
    expect(editSimilarity(a, b)).toBeCloseTo(1 - 2 / a.length, 12);
  });

  it('compares two 200,000-character texts by trigrams: near 1 for a small edit, low for unrelated text', () => {
    const a = prose(80_000, 1).slice(0, 200_000);
    const edited = `${a.slice(0, 100_000)}zzzz${a.slice(100_004)}`;
    const other = prose(80_000, 2).slice(0, 200_000);
    expect(a.length).toBe(200_000);
    const near = editSimilarity(a, edited);
    const far = editSimilarity(a, other);
    // Four substituted characters touch at most 4 + 2 trigrams of each side.
    expect(near).toBeGreaterThanOrEqual(1 - 6 / (a.length - 2));
    expect(near).toBeLessThan(1);
    expect(editSimilarity(a, a)).toBe(1);
    expect(far).toBeLessThan(near);
  });

  it('counts trigrams as a multiset over code points', () => {
    expect(trigramSimilarity('abcabc', 'abcabc')).toBe(1);
    // abcabc has abc×2, bca, cab; abcxyz has abc, bcx, cxy, xyz: one trigram in common.
    expect(trigramSimilarity('abcabc', 'abcxyz')).toBeCloseTo((2 * 1) / 8, 12);
    expect(trigramSimilarity('😀😀😀x', '😀😀😀y')).toBeCloseTo((2 * 1) / 4, 12);
    expect(trigramSimilarity('ab', 'ab')).toBe(1);
    expect(trigramSimilarity('ab', 'abc')).toBe(0);
  });
});

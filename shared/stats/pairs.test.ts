import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { krippendorffAlpha, krippendorffAlphaByRater, type AlphaMetric, type AlphaValue } from './alpha';
import { cohenKappa, percentAgreement, type KappaWeights } from './kappa';
import { cohenKappaFromPairs, krippendorffAlphaFromCoincidences, krippendorffAlphaFromPairs, percentAgreementFromPairs, type PairCount } from './pairs';

// Krippendorff (2011), section E (the example alpha.test.ts checks through krippendorffAlpha).
const reliability = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

/** The coincidence matrix by its definition: every ordered pair inside a unit, weighted 1 / (m_u − 1). */
function coincidences(units: Array<Array<number | null>>) {
  const values = [1, 2, 3, 4, 5];
  const o = new Float64Array(25);
  let nUnits = 0;
  for (const u of units) {
    const vals = u.filter((v): v is number => v !== null);
    if (vals.length < 2) continue;
    nUnits++;
    for (let i = 0; i < vals.length; i++) for (let j = 0; j < vals.length; j++) if (i !== j) o[(vals[i] - 1) * 5 + vals[j] - 1] += 1 / (vals.length - 1);
  }
  return { values, o, nUnits };
}

describe("Krippendorff's alpha from a coincidence matrix", () => {
  const units = reliability[0].map((_, u) => reliability.map((r) => r[u]));
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ] as const)('published example: %s α = %s', (metric, expected) => {
    const { values, o, nUnits } = coincidences(units);
    const r = krippendorffAlphaFromCoincidences(values, o, metric, nUnits);
    expect(r.alpha).toBeCloseTo(expected, 3);
    expect(r.pairable).toBeCloseTo(40, 12);
    expect(r.units).toBe(11);
    expect(r.alpha).toBeCloseTo(krippendorffAlphaByRater(reliability, metric).alpha, 12);
  });
});

/** Pair counts and the units / rater arrays they stand for. */
const expand = (pairs: PairCount[]) => {
  const units: Array<Array<AlphaValue | null>> = [];
  const a: Array<AlphaValue | null> = [];
  const b: Array<AlphaValue | null> = [];
  for (const p of pairs) for (let i = 0; i < p.n; i++) {
    units.push([p.a ?? null, p.b ?? null]);
    a.push(p.a ?? null);
    b.push(p.b ?? null);
  }
  return { units, a, b };
};

const close = (x: number, y: number) => Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(x), Math.abs(y));

describe('statistics from counts of value pairs equal the array versions', () => {
  const value = fc.option(fc.integer({ min: -2, max: 5 }), { nil: null, freq: 6 });
  const pairsArb = fc.array(fc.record({ a: value, b: value, n: fc.integer({ min: 0, max: 6 }) }), { maxLength: 25 });

  it.each(['nominal', 'ordinal', 'interval', 'ratio'] as const)('α, %s', (metric: AlphaMetric) => {
    fc.assert(fc.property(pairsArb, (pairs) => {
      const { units } = expand(pairs);
      const want = krippendorffAlpha(units, metric);
      const got = krippendorffAlphaFromPairs(pairs, metric);
      expect(got.degenerate).toBe(want.degenerate);
      expect(got.units).toBe(want.units);
      expect(got.pairable).toBe(want.pairable);
      expect(close(got.alpha, want.alpha)).toBe(true);
    }), { numRuns: 300 });
  });

  it.each(['none', 'linear', 'quadratic'] as const)('κ, %s weights', (weights: KappaWeights) => {
    fc.assert(fc.property(pairsArb, (pairs) => {
      const { a, b } = expand(pairs);
      const want = cohenKappa(a, b, { weights });
      const got = cohenKappaFromPairs(pairs, { weights });
      expect(got.degenerate).toBe(want.degenerate);
      expect(got.n).toBe(want.n);
      expect(close(got.kappa, want.kappa)).toBe(true);
    }), { numRuns: 300 });
  });

  it('κ and percent agreement on string labels', () => {
    const pairs: PairCount[] = [{ a: 'pos', b: 'pos', n: 3 }, { a: 'pos', b: 'neg', n: 1 }, { a: 'neg', b: 'neg', n: 2 }, { a: 'neg', b: null, n: 4 }];
    const { units, a, b } = expand(pairs);
    expect(cohenKappaFromPairs(pairs).kappa).toBeCloseTo(cohenKappa(a, b).kappa, 12);
    expect(percentAgreementFromPairs(pairs)).toEqual(percentAgreement(units));
    expect(krippendorffAlphaFromPairs(pairs).alpha).toBeCloseTo(krippendorffAlpha(units).alpha, 12);
  });

  it('refuses a non-number for a numeric metric, as krippendorffAlpha does', () => {
    expect(() => krippendorffAlphaFromPairs([{ a: 'x', b: 1, n: 1 }], 'interval')).toThrow(TypeError);
  });
});

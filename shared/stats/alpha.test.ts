import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, krippendorffAlphaByRater } from './alpha';

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: 4 observers, 12 units,
// values 1–5, missing data marked null. Published: nominal .743, ordinal .815, interval .849, ratio .797.
const reliability = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
];

describe("Krippendorff's alpha, published example (Krippendorff 2011)", () => {
  it.each([
    ['nominal', 0.743],
    ['ordinal', 0.815],
    ['interval', 0.849],
    ['ratio', 0.797],
  ] as const)('%s α = %s', (metric, expected) => {
    const r = krippendorffAlphaByRater(reliability, metric);
    expect(r.alpha).toBeCloseTo(expected, 3);
    // Units 12 (one value) drops out: n = 40 pairable values in 11 units.
    expect(r.pairable).toBe(40);
    expect(r.units).toBe(11);
    expect(r.degenerate).toBeUndefined();
  });

  it('gives the same result for nominal labels as strings and for units in any rater order', () => {
    const asStrings = reliability.map((r) => r.map((v) => (v === null ? null : `c${v}`)));
    expect(krippendorffAlphaByRater(asStrings, 'nominal').alpha).toBeCloseTo(0.743, 3);
    const units = reliability[0].map((_, u) => reliability.map((r) => r[u]).reverse());
    expect(krippendorffAlpha(units, 'interval').alpha).toBeCloseTo(0.849, 3);
  });

  it('treats NaN and undefined as missing', () => {
    const withNaN = reliability.map((r) => r.map((v) => (v === null ? Number.NaN : v)));
    expect(krippendorffAlphaByRater(withNaN, 'ordinal').alpha).toBeCloseTo(0.815, 3);
    const ragged = reliability[0].map((_, u) => reliability.map((r) => r[u]).filter((v) => v !== null));
    expect(krippendorffAlpha(ragged, 'ratio').alpha).toBeCloseTo(0.797, 3);
  });
});

describe("Krippendorff's alpha, edge cases (defined, never NaN)", () => {
  const metrics = ['nominal', 'ordinal', 'interval', 'ratio'] as const;

  it.each(metrics)('%s: all raters agree on varied values → 1', (m) => {
    const r = krippendorffAlpha([[1, 1], [2, 2, 2], [3, 3]], m);
    expect(r.alpha).toBe(1);
    expect(r.degenerate).toBeUndefined();
  });

  it.each(metrics)('%s: one category only → 1, flagged no-variation', (m) => {
    const r = krippendorffAlpha([[2, 2], [2, 2], [2, null, 2]], m);
    expect(r).toMatchObject({ alpha: 1, degenerate: 'no-variation', pairable: 6 });
  });

  it.each(metrics)('%s: all values missing → 1, flagged no-pairable-values', (m) => {
    const r = krippendorffAlpha([[null, null], [undefined, Number.NaN], []], m);
    expect(r).toMatchObject({ alpha: 1, degenerate: 'no-pairable-values', pairable: 0, units: 0 });
  });

  it.each(metrics)('%s: units with a single value only → no pairable values', (m) => {
    expect(krippendorffAlpha([[1, null], [null, 2]], m).degenerate).toBe('no-pairable-values');
  });

  it('a single unit: agreement → 1; disagreement → 0 (nominal), interval by its formula', () => {
    expect(krippendorffAlpha([[3, 3]], 'nominal').alpha).toBe(1);
    // n = 2, D_o = 1, D_e = (4 − 2) / 2 = 1.
    expect(krippendorffAlpha([['a', 'b']], 'nominal').alpha).toBe(0);
    expect(krippendorffAlpha([[1, 2]], 'interval').alpha).toBe(0);
    expect(Number.isNaN(krippendorffAlpha([[1, 2, 3]], 'ratio').alpha)).toBe(false);
  });

  it('systematic disagreement goes below zero', () => {
    expect(krippendorffAlpha([['a', 'b'], ['b', 'a'], ['a', 'b'], ['b', 'a']], 'nominal').alpha).toBeLessThan(0);
  });

  it('rejects non-numeric values for numeric metrics', () => {
    expect(() => krippendorffAlpha([['a', 'b']], 'interval')).toThrow(/not a number/);
  });

  it('ratio treats 0 + 0 as no difference', () => {
    expect(krippendorffAlpha([[0, 0], [1, 2]], 'ratio').alpha).not.toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { cohenKappa, countTable, fleissKappa, percentAgreement } from './kappa';
import { krippendorffAlpha } from './alpha';

/** Expands a 2×2 (or k×k) table into two raters' label lists. */
function fromTable(labels: string[], table: number[][]): [string[], string[]] {
  const a: string[] = [];
  const b: string[] = [];
  table.forEach((row, i) => row.forEach((n, j) => {
    for (let k = 0; k < n; k++) {
      a.push(labels[i]);
      b.push(labels[j]);
    }
  }));
  return [a, b];
}

describe("Cohen's kappa", () => {
  // Wikipedia, "Cohen's kappa", simple example: 50 grant proposals, A and B both yes 20, A yes B no 5,
  // A no B yes 10, both no 15. p_o = 0.7, p_e = 0.5, κ = 0.4.
  it('matches the Wikipedia example (κ = 0.4)', () => {
    const [a, b] = fromTable(['yes', 'no'], [[20, 5], [10, 15]]);
    const r = cohenKappa(a, b);
    expect(r.observed).toBeCloseTo(0.7, 3);
    expect(r.expected).toBeCloseTo(0.5, 3);
    expect(r.kappa).toBeCloseTo(0.4, 3);
  });

  it('weighted κ of two categories equals unweighted κ', () => {
    const [a, b] = fromTable(['yes', 'no'], [[20, 5], [10, 15]]);
    expect(cohenKappa(a, b, { weights: 'linear' }).kappa).toBeCloseTo(0.4, 10);
    expect(cohenKappa(a, b, { weights: 'quadratic' }).kappa).toBeCloseTo(0.4, 10);
  });

  // Hand-computed 3-category case (Cohen 1968 weights): table [[4,1,0],[1,3,1],[0,1,4]] over categories
  // 1,2,3. Unweighted: p_o = 11/15, p_e = 75/225 = 1/3, κ = 0.6. Linear: Σw·o = 4·0.5 = 2,
  // Σw·e = (0.5·(5·5+5·5+5·5+5·5) + 1·(5·5+5·5)) / 15 = 100/15, κ_w = 1 − 2/(100/15) = 0.7.
  // Quadratic: Σw·o = 4·0.25 = 1, Σw·e = (0.25·100 + 1·50)/15 = 5, κ_w = 0.8.
  it('linear and quadratic weights (hand-computed)', () => {
    const [a, b] = fromTable(['1', '2', '3'], [[4, 1, 0], [1, 3, 1], [0, 1, 4]]);
    const an = a.map(Number);
    const bn = b.map(Number);
    expect(cohenKappa(an, bn).kappa).toBeCloseTo(0.6, 10);
    expect(cohenKappa(an, bn, { weights: 'linear' }).kappa).toBeCloseTo(0.7, 10);
    expect(cohenKappa(an, bn, { weights: 'quadratic' }).kappa).toBeCloseTo(0.8, 10);
    // String categories take their order from `categories`.
    expect(cohenKappa(a, b, { weights: 'quadratic', categories: ['1', '2', '3'] }).kappa).toBeCloseTo(0.8, 10);
  });

  it('edge cases are defined', () => {
    expect(cohenKappa(['x', 'y', 'z'], ['x', 'y', 'z']).kappa).toBe(1);
    expect(cohenKappa(['x', 'x'], ['x', 'x'])).toMatchObject({ kappa: 1, degenerate: 'no-variation' });
    expect(cohenKappa([null, 'a'], ['b', undefined])).toMatchObject({ kappa: 1, degenerate: 'no-pairs', n: 0 });
    expect(cohenKappa(['a'], ['b']).kappa).not.toBeNaN();
    expect(() => cohenKappa(['a'], [])).toThrow(/different numbers/);
  });
});

describe("Fleiss' kappa", () => {
  // Wikipedia, "Fleiss' kappa", worked example: 14 raters, 10 subjects, 5 categories; P̄ = 0.378,
  // P̄_e = 0.213, κ = 0.210.
  const table = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ];
  it('matches the Wikipedia example (κ ≈ 0.210)', () => {
    const r = fleissKappa(table);
    expect(r.observed).toBeCloseTo(0.378, 3);
    expect(r.expected).toBeCloseTo(0.213, 3);
    expect(r.kappa).toBeCloseTo(0.21, 3);
  });

  it('countTable turns ratings into the same table', () => {
    const units = table.map((row) => row.flatMap((n, j) => Array<number>(n).fill(j + 1)));
    const { counts, categories } = countTable(units);
    expect(fleissKappa(counts).kappa).toBeCloseTo(0.21, 3);
    expect(categories).toHaveLength(5);
    // Fleiss' P̄ is exactly the per-unit percent agreement.
    expect(percentAgreement(units).agreement).toBeCloseTo(0.378, 3);
  });

  it('edge cases are defined', () => {
    expect(fleissKappa([[3, 0], [0, 3]]).kappa).toBe(1);
    expect(fleissKappa([[3], [3]])).toMatchObject({ kappa: 1, degenerate: 'no-variation' });
    expect(fleissKappa([[1, 0], [0, 0]])).toMatchObject({ kappa: 1, degenerate: 'no-subjects' });
    expect(fleissKappa([])).toMatchObject({ kappa: 1, degenerate: 'no-subjects' });
  });
});

describe('percent agreement', () => {
  it('two raters: share of agreeing units; missing skipped; none → 1', () => {
    expect(percentAgreement([['a', 'a'], ['a', 'b'], ['b', 'b'], ['c', null]])).toEqual({ agreement: 2 / 3, units: 3 });
    expect(percentAgreement([[null, 'a']])).toEqual({ agreement: 1, units: 0 });
  });
  it('three raters: agreeing pairs per unit', () => {
    expect(percentAgreement([['a', 'a', 'b']]).agreement).toBeCloseTo(1 / 3, 10);
  });
});

describe('kappa and alpha on the same data', () => {
  it('nominal α of the Cohen example, hand-computed', () => {
    const [a, b] = fromTable(['yes', 'no'], [[20, 5], [10, 15]]);
    // n = 100 pairable values, yes 55, no 45: D_o = 30/100 = 0.3,
    // D_e = (100² − 55² − 45²) / (100 · 99) = 4950 / 9900 = 0.5, α = 1 − 0.3/0.5 = 0.4.
    const r = krippendorffAlpha(a.map((x, i) => [x, b[i]]), 'nominal');
    expect(r.observed).toBeCloseTo(0.3, 12);
    expect(r.expected).toBeCloseTo(0.5, 12);
    expect(r.alpha).toBeCloseTo(0.4, 12);
  });
});

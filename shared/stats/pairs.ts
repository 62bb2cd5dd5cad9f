import type { AlphaMetric, AlphaResult, AlphaValue, Maybe } from './alpha';
import type { KappaResult, KappaWeights } from './kappa';

/**
 * Agreement statistics from counts instead of per-unit arrays, for corpora kept as running totals
 * (a dashboard over 100,000 rows sums a few hundred counters rather than reading every unit).
 *
 * Every function here gives the same result as its array counterpart (krippendorffAlpha, cohenKappa,
 * percentAgreement) on the units the counts describe, up to floating-point summation order.
 */

const isMissing = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/** `n` units rated (a, b) by two raters; either side may be missing. */
export interface PairCount {
  a: Maybe<AlphaValue>;
  b: Maybe<AlphaValue>;
  n: number;
}

/**
 * Krippendorff's α from a coincidence matrix (Krippendorff 2011, section C): `o[c * V + k]` is o_ck over
 * the distinct `values` (V of them), `units` the number of pairable units (reported only).
 *
 *   α = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck,  n_c = Σ_k o_ck,  n = Σ_c n_c
 *
 * Same metrics, δ² and degenerate cases as `krippendorffAlpha`.
 */
export function krippendorffAlphaFromCoincidences(values: readonly AlphaValue[], o: ArrayLike<number>, metric: AlphaMetric = 'nominal', units = 0): AlphaResult {
  const V = values.length;
  if (o.length !== V * V) throw new Error(`krippendorffAlphaFromCoincidences: ${V} values need a ${V}×${V} matrix, got ${o.length} cells`);
  const counts = new Float64Array(V);
  let n = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) counts[c] += o[c * V + k];
    n += counts[c];
  }
  if (metric !== 'nominal') {
    for (let c = 0; c < V; c++) {
      if (counts[c] > 0 && typeof values[c] !== 'number') throw new TypeError(`krippendorffAlpha(${metric}): value ${JSON.stringify(values[c])} is not a number`);
    }
  }
  if (n < 2) return { alpha: 1, observed: 0, expected: 0, pairable: n, units, degenerate: 'no-pairable-values' };

  const pos = new Float64Array(V);
  if (metric === 'interval' || metric === 'ratio') for (let c = 0; c < V; c++) pos[c] = counts[c] > 0 ? (values[c] as number) : 0;
  else if (metric === 'ordinal') {
    const order = Array.from({ length: V }, (_, c) => c).filter((c) => counts[c] > 0).sort((a, b) => (values[a] as number) - (values[b] as number));
    let below = 0;
    for (const c of order) {
      pos[c] = below + counts[c] / 2;
      below += counts[c];
    }
  }
  const delta2 = (c: number, k: number): number => {
    if (metric === 'nominal') return c === k ? 0 : 1;
    if (metric === 'ratio') {
      const sum = pos[c] + pos[k];
      return sum === 0 ? 0 : ((pos[c] - pos[k]) / sum) ** 2;
    }
    return (pos[c] - pos[k]) ** 2;
  };

  let doSum = 0;
  for (let c = 0; c < V; c++)
    for (let k = 0; k < V; k++) {
      const x = o[c * V + k];
      if (x !== 0 && c !== k) doSum += x * delta2(c, k);
    }

  // Σ_ck n_c n_k δ²_ck from the marginals, as krippendorffAlpha does.
  let deSum = 0;
  if (metric === 'nominal') {
    let sq = 0;
    for (let c = 0; c < V; c++) sq += counts[c] * counts[c];
    deSum = n * n - sq;
  } else if (metric === 'ratio') {
    for (let c = 0; c < V; c++)
      for (let k = c + 1; k < V; k++) if (counts[c] > 0 && counts[k] > 0) deSum += 2 * counts[c] * counts[k] * delta2(c, k);
  } else {
    let mean = 0;
    for (let c = 0; c < V; c++) mean += counts[c] * pos[c];
    mean /= n;
    let ss = 0;
    for (let c = 0; c < V; c++) if (counts[c] > 0) ss += counts[c] * (pos[c] - mean) ** 2;
    deSum = 2 * n * ss;
  }
  const observed = doSum / n;
  const expected = deSum / (n * (n - 1));
  if (deSum <= 1e-12 * Math.max(1, n * n)) return { alpha: 1, observed, expected: 0, pairable: n, units, degenerate: 'no-variation' };
  return { alpha: 1 - observed / expected, observed, expected, pairable: n, units };
}

/** Distinct present values of the pairs, in first-appearance order, and the index of each. */
function indexValues(pairs: readonly PairCount[], completeOnly: boolean) {
  const index = new Map<AlphaValue, number>();
  const values: AlphaValue[] = [];
  const idOf = (v: AlphaValue) => {
    let id = index.get(v);
    if (id === undefined) index.set(v, (id = values.push(v) - 1));
    return id;
  };
  for (const p of pairs) {
    if (p.n === 0 || (completeOnly && (isMissing(p.a) || isMissing(p.b)))) continue;
    if (!isMissing(p.a)) idOf(p.a as AlphaValue);
    if (!isMissing(p.b)) idOf(p.b as AlphaValue);
  }
  return { index, values };
}

/**
 * α over two-rater units given as counts of value pairs: the same as `krippendorffAlpha` on the units
 * `[a, b]` repeated n times. A unit with a missing side is not pairable and adds nothing.
 */
export function krippendorffAlphaFromPairs(pairs: readonly PairCount[], metric: AlphaMetric = 'nominal'): AlphaResult {
  const { index, values } = indexValues(pairs, true);
  const V = values.length;
  const o = new Float64Array(V * V);
  let units = 0;
  for (const p of pairs) {
    if (p.n === 0 || isMissing(p.a) || isMissing(p.b)) continue;
    const c = index.get(p.a as AlphaValue)!;
    const k = index.get(p.b as AlphaValue)!;
    // A unit of two values contributes both ordered pairs with weight 1 / (m − 1) = 1.
    o[c * V + k] += p.n;
    o[k * V + c] += p.n;
    units += p.n;
  }
  return krippendorffAlphaFromCoincidences(values, o, metric, units);
}

/**
 * Cohen's κ from a contingency table: `table[i * k + j]` units rated category i by the first rater and j
 * by the second, over `categories` (k of them) in first-appearance order. The same category positions for
 * weights as `cohenKappa` without `categories`: numbers ascending, otherwise the given order.
 */
export function cohenKappaFromTable(categories: readonly AlphaValue[], table: ArrayLike<number>, options: { weights?: KappaWeights } = {}): KappaResult {
  const weights = options.weights ?? 'none';
  const k = categories.length;
  if (table.length !== k * k) throw new Error(`cohenKappaFromTable: ${k} categories need a ${k}×${k} table, got ${table.length} cells`);
  const rowM = new Float64Array(k);
  const colM = new Float64Array(k);
  let n = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const x = table[i * k + j];
      rowM[i] += x;
      colM[j] += x;
      n += x;
    }
  if (n === 0) return { kappa: 1, observed: 1, expected: 1, n, degenerate: 'no-pairs' };
  const rank = new Float64Array(k);
  if (categories.every((c) => typeof c === 'number')) {
    const order = categories.map((_, i) => i).sort((x, y) => (categories[x] as number) - (categories[y] as number));
    order.forEach((c, r) => (rank[c] = r));
  } else for (let c = 0; c < k; c++) rank[c] = c;
  const span = Math.max(1, k - 1);
  let obs = 0;
  let exp = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      let w: number;
      if (weights === 'none') w = i === j ? 0 : 1;
      else {
        const d = Math.abs(rank[i] - rank[j]) / span;
        w = weights === 'linear' ? d : d * d;
      }
      if (w === 0) continue;
      obs += w * table[i * k + j];
      exp += (w * rowM[i] * colM[j]) / n;
    }
  const observed = 1 - obs / n;
  const expected = 1 - exp / n;
  if (exp === 0) return { kappa: 1, observed, expected, n, degenerate: 'no-variation' };
  return { kappa: 1 - obs / exp, observed, expected, n };
}

/** κ from counts of (first rater, second rater) value pairs: the same as `cohenKappa` on the expanded arrays. */
export function cohenKappaFromPairs(pairs: readonly PairCount[], options: { weights?: KappaWeights } = {}): KappaResult {
  const { index, values } = indexValues(pairs, true);
  const k = values.length;
  const table = new Float64Array(k * k);
  for (const p of pairs) {
    if (p.n === 0 || isMissing(p.a) || isMissing(p.b)) continue;
    table[index.get(p.a as AlphaValue)! * k + index.get(p.b as AlphaValue)!] += p.n;
  }
  return cohenKappaFromTable(values, table, options);
}

/** Percent agreement over two-rater units given as pair counts: the same as `percentAgreement`. */
export function percentAgreementFromPairs(pairs: readonly PairCount[]): { agreement: number; units: number } {
  let same = 0;
  let units = 0;
  for (const p of pairs) {
    if (p.n === 0 || isMissing(p.a) || isMissing(p.b)) continue;
    units += p.n;
    if (p.a === p.b) same += p.n;
  }
  return { agreement: units ? same / units : 1, units };
}

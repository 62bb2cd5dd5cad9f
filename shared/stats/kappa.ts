import type { AlphaValue, Maybe } from './alpha';

const isMissing = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/**
 * Percent agreement: the mean over units of the share of agreeing rater pairs in the unit (Fleiss's
 * P̄; with two raters, the share of units where they agree). Units with fewer than two values are skipped.
 * No such unit at all: 1 (vacuous, nothing disagrees); check `units` to tell.
 */
export function percentAgreement(units: ArrayLike<ArrayLike<Maybe<AlphaValue>>>): { agreement: number; units: number } {
  let total = 0;
  let counted = 0;
  const vals: AlphaValue[] = [];
  for (let u = 0; u < units.length; u++) {
    vals.length = 0;
    const row = units[u];
    for (let r = 0; r < row.length; r++) if (!isMissing(row[r])) vals.push(row[r] as AlphaValue);
    const m = vals.length;
    if (m < 2) continue;
    let same = 0;
    for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) if (vals[i] === vals[j]) same++;
    total += same / ((m * (m - 1)) / 2);
    counted++;
  }
  return { agreement: counted ? total / counted : 1, units: counted };
}

export type KappaWeights = 'none' | 'linear' | 'quadratic';

export interface KappaResult {
  kappa: number;
  /** Observed agreement p_o (weighted: 1 − weighted observed disagreement). */
  observed: number;
  /** Chance agreement p_e. */
  expected: number;
  /** Pairs used (both values present). */
  n: number;
  degenerate?: 'no-pairs' | 'no-variation';
}

/**
 * Cohen's κ for two raters, unweighted or with linear / quadratic disagreement weights.
 *
 * Sources: J. Cohen, "A coefficient of agreement for nominal scales", Educational and Psychological
 * Measurement 20 (1960): κ = (p_o − p_e) / (1 − p_e). J. Cohen, "Weighted kappa", Psychological Bulletin 70
 * (1968): κ_w = 1 − Σ w_ij o_ij / Σ w_ij e_ij, with w_ij = |i − j| / (k − 1) (linear) or (i − j)² / (k − 1)²
 * (quadratic), i and j being category positions (the same convention as scikit-learn's cohen_kappa_score).
 *
 * `a[i]` and `b[i]` are the two raters' values of unit i; a pair with a missing value is skipped.
 * Category order (for weights) is `categories` if given, else numbers ascending / strings by first
 * appearance.
 * Edge cases (never NaN): no pairs → κ = 1, degenerate 'no-pairs'; chance agreement 1 (one category only)
 * → κ = 1 (the raters then agree on every unit), degenerate 'no-variation'.
 */
export function cohenKappa(
  a: ArrayLike<Maybe<AlphaValue>>,
  b: ArrayLike<Maybe<AlphaValue>>,
  options: { weights?: KappaWeights; categories?: readonly AlphaValue[] } = {},
): KappaResult {
  if (a.length !== b.length) throw new Error(`cohenKappa: the raters rated different numbers of units (${a.length} vs ${b.length})`);
  const weights = options.weights ?? 'none';
  const index = new Map<AlphaValue, number>();
  const cats: AlphaValue[] = [];
  for (const c of options.categories ?? []) if (!index.has(c)) index.set(c, cats.push(c) - 1);
  const ia = new Int32Array(a.length);
  const ib = new Int32Array(a.length);
  let n = 0;
  const idOf = (v: AlphaValue): number => {
    let id = index.get(v);
    if (id === undefined) {
      id = cats.push(v) - 1;
      index.set(v, id);
    }
    return id;
  };
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (isMissing(x) || isMissing(y)) continue;
    ia[n] = idOf(x as AlphaValue);
    ib[n] = idOf(y as AlphaValue);
    n++;
  }
  if (n === 0) return { kappa: 1, observed: 1, expected: 1, n, degenerate: 'no-pairs' };
  const k = cats.length;
  // Position of each category on the weight scale.
  const rank = new Float64Array(k);
  if (!options.categories && cats.every((c) => typeof c === 'number')) {
    const order = cats.map((_, i) => i).sort((x, y) => (cats[x] as number) - (cats[y] as number));
    order.forEach((c, r) => (rank[c] = r));
  } else for (let c = 0; c < k; c++) rank[c] = c;
  const table = new Float64Array(k * k);
  const rowM = new Float64Array(k);
  const colM = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    table[ia[i] * k + ib[i]]++;
    rowM[ia[i]]++;
    colM[ib[i]]++;
  }
  const span = Math.max(1, k - 1);
  const w = (i: number, j: number): number => {
    if (weights === 'none') return i === j ? 0 : 1;
    const d = Math.abs(rank[i] - rank[j]) / span;
    return weights === 'linear' ? d : d * d;
  };
  let obs = 0;
  let exp = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const wij = w(i, j);
      if (wij === 0) continue;
      obs += wij * table[i * k + j];
      exp += (wij * rowM[i] * colM[j]) / n;
    }
  const observed = 1 - obs / n;
  const expected = 1 - exp / n;
  if (exp === 0) return { kappa: 1, observed, expected, n, degenerate: 'no-variation' };
  return { kappa: 1 - obs / exp, observed, expected, n };
}

export interface FleissResult {
  kappa: number;
  /** P̄: mean per-subject agreement. */
  observed: number;
  /** P̄_e: chance agreement Σ p_j². */
  expected: number;
  subjects: number;
  degenerate?: 'no-subjects' | 'no-variation';
}

/**
 * Fleiss' κ from a subjects × categories count table (`counts[i][j]` = raters who put subject i in
 * category j).
 *
 * Source: J. L. Fleiss, "Measuring nominal scale agreement among many raters", Psychological Bulletin 76
 * (1971): P_i = Σ_j n_ij (n_ij − 1) / (n (n − 1)), p_j = Σ_i n_ij / (N n), κ = (P̄ − P̄_e) / (1 − P̄_e),
 * P̄_e = Σ_j p_j². Fleiss assumes the same number of raters n per subject; here each subject uses its own
 * n_i and p_j is over all ratings, which reduces to Fleiss's formula when every n_i is equal. Subjects with
 * fewer than two ratings are skipped.
 * Edge cases (never NaN): no subject with two ratings → κ = 1, 'no-subjects'; P̄_e = 1 (one category only)
 * → κ = 1, 'no-variation'.
 */
export function fleissKappa(counts: ReadonlyArray<ArrayLike<number>>): FleissResult {
  const k = counts.reduce((m, r) => Math.max(m, r.length), 0);
  const catTotals = new Float64Array(k);
  let total = 0;
  let pSum = 0;
  let subjects = 0;
  for (const row of counts) {
    let ni = 0;
    for (let j = 0; j < row.length; j++) ni += row[j];
    if (ni < 2) continue;
    let agree = 0;
    for (let j = 0; j < row.length; j++) {
      agree += row[j] * (row[j] - 1);
      catTotals[j] += row[j];
    }
    pSum += agree / (ni * (ni - 1));
    total += ni;
    subjects++;
  }
  if (subjects === 0) return { kappa: 1, observed: 1, expected: 1, subjects, degenerate: 'no-subjects' };
  const observed = pSum / subjects;
  let expected = 0;
  for (let j = 0; j < k; j++) expected += (catTotals[j] / total) ** 2;
  if (expected >= 1 - 1e-12) return { kappa: 1, observed, expected, subjects, degenerate: 'no-variation' };
  return { kappa: (observed - expected) / (1 - expected), observed, expected, subjects };
}

/** Builds Fleiss's count table from units × raters values (missing values skipped). */
export function countTable(units: ArrayLike<ArrayLike<Maybe<AlphaValue>>>): { counts: number[][]; categories: AlphaValue[] } {
  const index = new Map<AlphaValue, number>();
  const categories: AlphaValue[] = [];
  const rows: Map<number, number>[] = [];
  for (let u = 0; u < units.length; u++) {
    const m = new Map<number, number>();
    const vals = units[u];
    for (let r = 0; r < vals.length; r++) {
      const v = vals[r];
      if (isMissing(v)) continue;
      let id = index.get(v as AlphaValue);
      if (id === undefined) index.set(v as AlphaValue, (id = categories.push(v as AlphaValue) - 1));
      m.set(id, (m.get(id) ?? 0) + 1);
    }
    rows.push(m);
  }
  const counts = rows.map((m) => {
    const row = new Array<number>(categories.length).fill(0);
    for (const [id, c] of m) row[id] = c;
    return row;
  });
  return { counts, categories };
}

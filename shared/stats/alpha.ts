/**
 * Krippendorff's α for any number of raters, missing values, and nominal, ordinal, interval or ratio data.
 *
 * Source: K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), Annenberg School for
 * Communication, University of Pennsylvania, https://repository.upenn.edu/asc_papers/43 ; and
 * "Content Analysis", 4th ed. (2019), ch. 12.
 *
 *   α = 1 − D_o / D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck
 *
 * where o_ck is the coincidence matrix (each unit u with m_u ≥ 2 values contributes every ordered pair of
 * its values with weight 1 / (m_u − 1)), n_c its marginals and n the number of pairable values.
 *
 * Implementation notes (why it is fast): the coincidence matrix is never materialized. Σ o_ck δ²_ck is
 * accumulated unit by unit straight from the pairs inside each unit, and Σ n_c n_k δ²_ck comes from the
 * marginals alone: nominal 1 − Σ n_c² / n², interval 2n·Σ n_c (c − mean)². The ordinal δ² of Krippendorff
 *   δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
 * equals (M_k − M_c)² with M_c = (Σ_{g<c} n_g) + n_c/2, so ordinal α is interval α on those mid-ranks.
 * Only ratio needs the O(V²) double sum over distinct values V; keep ratio for data with few distinct values
 * (counts, scales). Values are indexed into typed arrays in one pass, with no per-pair allocation.
 *
 * Defined edge cases (never NaN):
 * - no pairable values (all missing, or every unit has fewer than two values): α = 1, `degenerate:
 *   'no-pairable-values'` (nothing to disagree on; a dashboard should show "n/a").
 * - no variation (every pairable value identical, e.g. one category only, or all raters agree on a single
 *   value): D_e = D_o = 0, α = 1, `degenerate: 'no-variation'`.
 *   Krippendorff leaves 0/0 undefined; we report the observed perfect agreement and flag it.
 */

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval' | 'ratio';
export type AlphaValue = string | number;
/** A missing value: null, undefined or NaN. */
export type Maybe<V> = V | null | undefined;

export interface AlphaResult {
  alpha: number;
  /** Observed disagreement D_o. */
  observed: number;
  /** Expected disagreement D_e. */
  expected: number;
  /** n: values in units with at least two values. */
  pairable: number;
  /** Units with at least two values. */
  units: number;
  degenerate?: 'no-pairable-values' | 'no-variation';
}

const isMissing = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

/**
 * α over units: `units[u]` holds the values the raters gave unit u (in any order; missing values may be
 * left out or given as null/undefined/NaN). Values of interval, ordinal and ratio data must be numbers.
 */
export function krippendorffAlpha(units: ArrayLike<ArrayLike<Maybe<AlphaValue>>>, metric: AlphaMetric = 'nominal'): AlphaResult {
  // Pass 1: index distinct values, keep the pairable values of each unit in one flat Int32Array.
  const index = new Map<AlphaValue, number>();
  const distinct: AlphaValue[] = [];
  let flat = new Int32Array(Math.max(16, units.length * 2));
  let len = 0;
  const starts: number[] = [];
  const numeric = metric !== 'nominal';
  for (let u = 0; u < units.length; u++) {
    const vals = units[u];
    const start = len;
    for (let r = 0; r < vals.length; r++) {
      const v = vals[r];
      if (isMissing(v)) continue;
      if (numeric && typeof v !== 'number') throw new TypeError(`krippendorffAlpha(${metric}): value ${JSON.stringify(v)} is not a number`);
      let id = index.get(v as AlphaValue);
      if (id === undefined) {
        id = distinct.length;
        index.set(v as AlphaValue, id);
        distinct.push(v as AlphaValue);
      }
      if (len === flat.length) {
        const bigger = new Int32Array(flat.length * 2);
        bigger.set(flat);
        flat = bigger;
      }
      flat[len++] = id;
    }
    if (len - start >= 2) starts.push(start);
    else len = start; // a unit with one value is not pairable: drop it
  }
  starts.push(len);
  const nUnits = starts.length - 1;
  const V = distinct.length;
  const counts = new Float64Array(V);
  for (let i = 0; i < len; i++) counts[flat[i]]++;
  const n = len;
  if (n < 2) return { alpha: 1, observed: 0, expected: 0, pairable: n, units: nUnits, degenerate: 'no-pairable-values' };

  // Each value's position on the metric's scale (nominal needs none).
  const pos = new Float64Array(V);
  if (metric === 'interval' || metric === 'ratio') for (let c = 0; c < V; c++) pos[c] = distinct[c] as number;
  else if (metric === 'ordinal') {
    const order = Array.from({ length: V }, (_, c) => c).sort((a, b) => (distinct[a] as number) - (distinct[b] as number));
    let below = 0;
    for (const c of order) {
      pos[c] = below + counts[c] / 2;
      below += counts[c];
    }
  }

  // Σ_ck o_ck δ²_ck, unit by unit: ordered pairs, so each unordered pair counts twice.
  let doSum = 0;
  for (let s = 0; s < nUnits; s++) {
    const a = starts[s];
    const b = starts[s + 1];
    const m = b - a;
    let unitSum = 0;
    if (metric === 'nominal') {
      for (let i = a; i < b; i++) for (let j = i + 1; j < b; j++) if (flat[i] !== flat[j]) unitSum += 2;
    } else if (metric === 'ratio') {
      for (let i = a; i < b; i++)
        for (let j = i + 1; j < b; j++) {
          const x = pos[flat[i]];
          const y = pos[flat[j]];
          const sum = x + y;
          if (sum !== 0) unitSum += 2 * ((x - y) / sum) ** 2;
        }
    } else {
      for (let i = a; i < b; i++)
        for (let j = i + 1; j < b; j++) {
          const d = pos[flat[i]] - pos[flat[j]];
          unitSum += 2 * d * d;
        }
    }
    doSum += unitSum / (m - 1);
  }

  // Σ_ck n_c n_k δ²_ck from the marginals.
  let deSum = 0;
  if (metric === 'nominal') {
    let sq = 0;
    for (let c = 0; c < V; c++) sq += counts[c] * counts[c];
    deSum = n * n - sq;
  } else if (metric === 'ratio') {
    for (let c = 0; c < V; c++)
      for (let k = c + 1; k < V; k++) {
        const sum = pos[c] + pos[k];
        if (sum !== 0) deSum += 2 * counts[c] * counts[k] * ((pos[c] - pos[k]) / sum) ** 2;
      }
  } else {
    let mean = 0;
    for (let c = 0; c < V; c++) mean += counts[c] * pos[c];
    mean /= n;
    let ss = 0;
    for (let c = 0; c < V; c++) ss += counts[c] * (pos[c] - mean) ** 2;
    deSum = 2 * n * ss;
  }

  const observed = doSum / n;
  const expected = deSum / (n * (n - 1));
  // Float noise can leave a tiny positive D_e when all values are equal on a continuous scale.
  if (deSum <= 1e-12 * Math.max(1, n * n)) return { alpha: 1, observed, expected: 0, pairable: n, units: nUnits, degenerate: 'no-variation' };
  return { alpha: 1 - observed / expected, observed, expected, pairable: n, units: nUnits };
}

/** α from the classic reliability-data layout: `byRater[r][u]` is rater r's value for unit u (missing as null). */
export function krippendorffAlphaByRater(byRater: ReadonlyArray<ReadonlyArray<Maybe<AlphaValue>>>, metric: AlphaMetric = 'nominal'): AlphaResult {
  const nUnits = byRater.reduce((m, r) => Math.max(m, r.length), 0);
  const units: Array<Array<Maybe<AlphaValue>>> = [];
  for (let u = 0; u < nUnits; u++) units.push(byRater.map((r) => r[u]));
  return krippendorffAlpha(units, metric);
}

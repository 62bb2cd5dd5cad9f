/**
 * Maximum-weight bipartite matching by the Hungarian algorithm (Kuhn 1955, Munkres 1957), in the
 * O(n²·m) shortest-augmenting-path form with potentials (as in Jonker & Volgenant 1987 and the
 * e-maxx "Hungarian algorithm" write-up). Pairs whose weight is not finite or ≤ 0 are never matched.
 *
 * Returns the matched pairs [i, j] (i indexes rows, j columns).
 */
export function maxWeightMatching(weights: number[][]): Array<[number, number]> {
  const rows = weights.length;
  const cols = rows === 0 ? 0 : weights[0].length;
  if (rows === 0 || cols === 0) return [];
  // The algorithm wants rows ≤ columns; transpose otherwise.
  const transpose = rows > cols;
  const n = transpose ? cols : rows;
  const m = transpose ? rows : cols;
  let maxW = 0;
  for (const r of weights) for (const w of r) if (Number.isFinite(w) && w > maxW) maxW = w;
  // Convert to a min-cost problem; forbidden pairs cost as much as "unmatched" (weight 0).
  const cost = (i: number, j: number): number => {
    const w = transpose ? weights[j][i] : weights[i][j];
    return maxW - (Number.isFinite(w) && w > 0 ? w : 0);
  };
  const INF = Number.POSITIVE_INFINITY;
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j] = row (1-based) matched to column j
  const way = new Int32Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(m + 1).fill(INF);
    const used = new Uint8Array(m + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0];
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else minv[j] -= delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  const out: Array<[number, number]> = [];
  for (let j = 1; j <= m; j++) {
    if (p[j] === 0) continue;
    const i = p[j] - 1;
    const r = transpose ? j - 1 : i;
    const c = transpose ? i : j - 1;
    const w = weights[r][c];
    if (Number.isFinite(w) && w > 0) out.push([r, c]);
  }
  return out.sort((x, y) => x[0] - y[0]);
}

/**
 * Matches items of two lists that share a label, maximizing first the number of pairs whose similarity
 * reaches `threshold`, then their total similarity (weights are `bonus + similarity` with a bonus larger
 * than any possible similarity sum, so one more match always wins). Hungarian per label, and within a
 * label per connected component of the "could match" graph: both objectives add up over components, and
 * splitting keeps a long document's spans (which mostly overlap only their neighbours) near linear
 * instead of cubic. A component larger than `EXACT_MATCH_SIDE` on both sides (hundreds of boxes piled on
 * one another, as only a hostile answer has) is matched greedily, most similar pair first: cubic time
 * there would block the server for seconds.
 */
export const EXACT_MATCH_SIDE = 200;

export function matchByLabel<A extends { label: string }, B extends { label: string }>(
  a: readonly A[],
  b: readonly B[],
  similarity: (x: A, y: B) => number,
  threshold: number,
): Array<{ i: number; j: number; sim: number }> {
  const byLabel = new Map<string, { ia: number[]; ib: number[] }>();
  a.forEach((x, i) => {
    let g = byLabel.get(x.label);
    if (!g) byLabel.set(x.label, (g = { ia: [], ib: [] }));
    g.ia.push(i);
  });
  b.forEach((y, j) => byLabel.get(y.label)?.ib.push(j));
  const out: Array<{ i: number; j: number; sim: number }> = [];
  for (const { ia, ib } of byLabel.values()) {
    if (ib.length === 0) continue;
    const na = ia.length;
    // Union-find over a-items (0…na−1) and b-items (na…na+nb−1) joined by candidate pairs.
    const parent = Int32Array.from({ length: na + ib.length }, (_, k) => k);
    const find = (k: number): number => {
      while (parent[k] !== k) k = parent[k] = parent[parent[k]];
      return k;
    };
    const edges: Array<{ r: number; c: number; sim: number }> = [];
    for (let r = 0; r < na; r++)
      for (let c = 0; c < ib.length; c++) {
        const sim = similarity(a[ia[r]], b[ib[c]]);
        if (sim >= threshold && sim > 0) {
          edges.push({ r, c, sim });
          parent[find(r)] = find(na + c);
        }
      }
    const comps = new Map<number, typeof edges>();
    for (const e of edges) {
      const root = find(e.r);
      let list = comps.get(root);
      if (!list) comps.set(root, (list = []));
      list.push(e);
    }
    for (const list of comps.values()) {
      if (list.length === 1) {
        const e = list[0];
        out.push({ i: ia[e.r], j: ib[e.c], sim: e.sim });
        continue;
      }
      const rows = [...new Set(list.map((e) => e.r))];
      const cols = [...new Set(list.map((e) => e.c))];
      if (Math.min(rows.length, cols.length) > EXACT_MATCH_SIDE) {
        for (const e of greedy(list)) out.push({ i: ia[e.r], j: ib[e.c], sim: e.sim });
        continue;
      }
      const rIdx = new Map(rows.map((r, k) => [r, k] as const));
      const cIdx = new Map(cols.map((c, k) => [c, k] as const));
      const bonus = Math.min(rows.length, cols.length) + 1;
      const weights = rows.map(() => new Array<number>(cols.length).fill(0));
      const sims = rows.map(() => new Array<number>(cols.length).fill(0));
      for (const e of list) {
        weights[rIdx.get(e.r)!][cIdx.get(e.c)!] = bonus + e.sim;
        sims[rIdx.get(e.r)!][cIdx.get(e.c)!] = e.sim;
      }
      for (const [r, c] of maxWeightMatching(weights)) out.push({ i: ia[rows[r]], j: ib[cols[c]], sim: sims[r][c] });
    }
  }
  return out.sort((x, y) => x.i - y.i);
}

/** Pairs taken most similar first, each item at most once (a ½-approximation of the best total). */
function greedy<E extends { r: number; c: number; sim: number }>(edges: E[]): E[] {
  const usedR = new Set<number>();
  const usedC = new Set<number>();
  const out: E[] = [];
  for (const e of [...edges].sort((x, y) => y.sim - x.sim || x.r - y.r || x.c - y.c)) {
    if (usedR.has(e.r) || usedC.has(e.c)) continue;
    usedR.add(e.r);
    usedC.add(e.c);
    out.push(e);
  }
  return out;
}

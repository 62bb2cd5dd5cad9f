import { kendallTauB } from '../../stats/kendall';

// An order of responses, best first, may hold ties: `ties` lists the groups of two or more responses that
// share one rank (each group adjacent in `order`, in order's order). Everything here works on the
// groups an order and its ties make: [[2, 0], [1], [3]] is "C = A > B > D".

export type Groups = number[][];

/** The groups of an order (ties absent: every response its own group). */
export function groupsOf(order: readonly number[], ties?: readonly (readonly number[])[]): Groups {
  const groupOf = new Map<number, number>();
  ties?.forEach((g, i) => g.forEach((r) => groupOf.set(r, i)));
  const out: Groups = [];
  let prev = -1;
  for (const r of order) {
    const t = groupOf.get(r) ?? -1;
    if (t >= 0 && t === prev) out[out.length - 1].push(r);
    else out.push([r]);
    prev = t;
  }
  return out;
}

/** The order and ties groups stand for (`ties` left out when there is none, so strict orders stay as they were). */
export function fromGroups(groups: readonly (readonly number[])[]): { order: number[]; ties?: number[][] } {
  const order = groups.flat();
  const ties = groups.filter((g) => g.length > 1).map((g) => [...g]);
  return ties.length ? { order, ties } : { order };
}

/**
 * Each response's rank, 0 = best, as standard competition ranking ("1224"): the position of its group's
 * first response. A strict order's ranks are its positions.
 */
export function ranksOf(groups: readonly (readonly number[])[]): Map<number, number> {
  const ranks = new Map<number, number>();
  let pos = 0;
  for (const g of groups) {
    for (const r of g) ranks.set(r, pos);
    pos += g.length;
  }
  return ranks;
}

/** The responses ranked best (several when they tie for first). */
function top(ranks: ReadonlyMap<number, number>): Set<number> {
  let best = Infinity;
  for (const v of ranks.values()) best = Math.min(best, v);
  return new Set([...ranks].filter(([, v]) => v === best).map(([r]) => r));
}

/**
 * Two rankings compared as Llama 2 and InstructGPT reported them: `sameTop` (1 when both put the same
 * response, or the same tied responses, first) and Kendall's τ-b over the responses both rank (ties count
 * as ties, not as disagreement). Keys are response indices, values ranks (lower is better).
 */
export function rankFigures(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): { sameTop: 0 | 1; tau: number } {
  const common = [...a.keys()].filter((r) => b.has(r)).sort((x, y) => x - y);
  const tau = kendallTauB(common.map((r) => -a.get(r)!), common.map((r) => -b.get(r)!));
  const ta = top(a);
  const tb = top(b);
  const sameTop = ta.size === tb.size && [...ta].every((r) => tb.has(r)) ? 1 : 0;
  return { sameTop, tau };
}

/** Ranks of the pairwise pair (A = 0, B = 1) from a side: −1 A is better, 1 B is better, 0 a tie. */
export function pairRanks(side: number): Map<number, number> {
  return new Map([[0, side > 0 ? 1 : 0], [1, side < 0 ? 1 : 0]]);
}

/** Where a group list breaks the rules of `ties`, as a message, or null. */
export function tiesIssue(order: readonly number[], ties: readonly (readonly number[])[]): string | null {
  const pos = new Map(order.map((r, i) => [r, i]));
  const seen = new Set<number>();
  let last = -1;
  for (const g of ties) {
    if (g.some((r) => !pos.has(r))) return `tie group [${g.join(', ')}] names a response that order does not rank`;
    if (new Set(g).size !== g.length) return `tie group [${g.join(', ')}] lists a response twice`;
    if (g.some((r) => seen.has(r))) return `tie group [${g.join(', ')}] repeats a response of another group`;
    g.forEach((r) => seen.add(r));
    const at = g.map((r) => pos.get(r)!);
    const sorted = [...at].sort((x, y) => x - y);
    if (sorted.some((p, i) => p !== sorted[0] + i)) return `tie group [${g.join(', ')}] must hold responses that stand next to each other in order`;
    if (at.some((p, i) => p !== sorted[i])) return `tie group [${g.join(', ')}] must list its responses as order does: [${sorted.map((p) => order[p]).join(', ')}]`;
    const start = sorted[0];
    if (start < last) return 'tie groups must be listed in the order they stand in order';
    last = start;
  }
  return null;
}

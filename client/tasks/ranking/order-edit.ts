import { fromGroups, groupsOf, type Groups } from '@shared/tasks/ranking/ranks';
import type { RankingAnswer } from '@shared/tasks/registry';

// The order editor's moves, on groups of equally ranked responses (best first). Every move returns new
// groups; a response moved out of a tie becomes a rank of its own.

/** Where a response is: its group's index and its place in that group. */
export function find(groups: Groups, r: number): { g: number; i: number } {
  for (let g = 0; g < groups.length; g++) {
    const i = groups[g].indexOf(r);
    if (i >= 0) return { g, i };
  }
  return { g: -1, i: -1 };
}

/** The groups without `r` (a group it leaves empty is gone). */
function without(groups: Groups, r: number): Groups {
  return groups.map((g) => g.filter((x) => x !== r)).filter((g) => g.length > 0);
}

/** `r` as a rank of its own at group index `at` (clamped), the others keeping their order. */
export function putAt(groups: Groups, r: number, at: number): Groups {
  const rest = without(groups, r);
  const k = Math.max(0, Math.min(rest.length, at));
  return [...rest.slice(0, k), [r], ...rest.slice(k)];
}

/** `r` joins the group of `other` (at its end), sharing its rank. */
export function tieWith(groups: Groups, r: number, other: number): Groups {
  if (r === other) return groups;
  const rest = without(groups, r);
  const { g } = find(rest, other);
  return g < 0 ? groups : rest.map((x, k) => (k === g ? [...x, r] : x));
}

/**
 * One step up: a tied response leaves its tie to stand just above it; a response alone swaps places
 * with the rank above it (which may be a tie).
 */
export function moveUp(groups: Groups, r: number): Groups {
  const { g } = find(groups, r);
  if (g < 0) return groups;
  if (groups[g].length > 1) return putAt(groups, r, g);
  return g === 0 ? groups : putAt(groups, r, g - 1);
}

/** One step down, as `moveUp` the other way. */
export function moveDown(groups: Groups, r: number): Groups {
  const { g } = find(groups, r);
  if (g < 0) return groups;
  if (groups[g].length > 1) return putAt(groups, r, g + 1);
  return g === groups.length - 1 ? groups : putAt(groups, r, g + 1);
}

/**
 * The tie key: a response alone joins the rank above it; a tied response leaves its tie and stands just
 * below it. The first rank alone has nothing above to tie with.
 */
export function toggleTie(groups: Groups, r: number): Groups {
  const { g } = find(groups, r);
  if (g < 0) return groups;
  if (groups[g].length > 1) return putAt(groups, r, g + 1);
  return g === 0 ? groups : tieWith(groups, r, groups[g - 1][0]);
}

/** The groups an answer holds, or (not ranked yet) every shown response alone in the order shown. */
export function groupsOfAnswer(a: RankingAnswer, count: number): Groups {
  return a.order ? groupsOf(a.order, a.ties) : Array.from({ length: count }, (_, i) => [i]);
}

/** The answer after a move: order, ties (absent when none) and preferred (the first response). */
export function withGroups(a: RankingAnswer, groups: Groups): RankingAnswer {
  const { order, ties } = fromGroups(groups);
  const next: RankingAnswer = { ...a, order, preferred: order[0] ?? null };
  if (ties) next.ties = ties;
  else delete next.ties;
  return next;
}

/** Where a dragged response is dropped: before or after a group (a rank of its own), or into it (a tie). */
export type Drop = { kind: 'before' | 'after' | 'into'; g: number };

/**
 * The drop a pointer at height `y` means over groups drawn at `rects` (top to bottom): the middle of a
 * group ties with it (when ties are allowed), its upper or lower half goes before or after it.
 */
export function dropAt(y: number, rects: ReadonlyArray<Pick<DOMRect, 'top' | 'bottom'>>, ties: boolean): Drop | null {
  if (rects.length === 0) return null;
  for (let g = 0; g < rects.length; g++) {
    const { top, bottom } = rects[g];
    if (y < top) return { kind: 'before', g };
    if (y <= bottom) {
      const f = (y - top) / Math.max(1, bottom - top);
      if (ties && f > 0.3 && f < 0.7) return { kind: 'into', g };
      return { kind: f < 0.5 ? 'before' : 'after', g };
    }
  }
  return { kind: 'after', g: rects.length - 1 };
}

/** The groups after dropping `r` at `drop` (dropping it on itself changes nothing). */
export function dropOn(groups: Groups, r: number, drop: Drop): Groups {
  const target = groups[drop.g]?.filter((x) => x !== r);
  if (!target || target.length === 0) return groups;
  if (drop.kind === 'into') return tieWith(groups, r, target[0]);
  const rest = without(groups, r);
  const at = find(rest, target[0]).g;
  return putAt(groups, r, drop.kind === 'before' ? at : at + 1);
}

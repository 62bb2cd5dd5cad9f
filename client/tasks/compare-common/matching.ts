import { matchByLabel } from '@shared/stats/match';
import type { Side } from './types';

export interface MatchPair {
  /** Index in Labeler 1's items. */
  i: number;
  /** Index in Labeler 2's items. */
  j: number;
  iou: number;
}

export interface Matching {
  pairs: MatchPair[];
  /** Items of Labeler 1 with no partner (by index), then Labeler 2's. */
  onlyA: number[];
  onlyB: number[];
}

/**
 * Pairs two labelers' items as the region-like modules' agreement does (same label, Hungarian on IoU,
 * pairs below the threshold dropped), so the pairs shown are the matches the score counted.
 */
export function matchAbove<T extends { label: string }>(a: readonly T[], b: readonly T[], iou: (x: T, y: T) => number, threshold: number): Matching {
  const pairs = matchByLabel(a, b, iou, threshold)
    .filter((m) => m.sim >= threshold)
    .map((m) => ({ i: m.i, j: m.j, iou: m.sim }));
  const ia = new Set(pairs.map((p) => p.i));
  const jb = new Set(pairs.map((p) => p.j));
  return {
    pairs,
    onlyA: a.map((_, i) => i).filter((i) => !ia.has(i)),
    onlyB: b.map((_, j) => j).filter((j) => !jb.has(j)),
  };
}

/** The other labeler's item matched with item k of `side`, if any. */
export function partnerOf<T>(matching: Matching, a: readonly T[], b: readonly T[], side: Side, k: number): T | null {
  const p = matching.pairs.find((x) => (side === 0 ? x.i : x.j) === k);
  if (!p) return null;
  return side === 0 ? b[p.j] : a[p.i];
}

import { describe, expect, it } from 'vitest';
import { dropAt, dropOn, moveDown, moveUp, putAt, toggleTie, withGroups } from './order-edit';
import { findInSource } from './ResponseText';
import { preferenceText, takePreference } from './compare-ranking';
import { rankingConfig, type RankingAnswer } from '@shared/tasks/ranking';

describe('order moves', () => {
  const g = [[0], [1, 2], [3]];
  it('a tied response steps out of its tie first; one alone swaps with the rank next to it', () => {
    expect(moveUp(g, 2)).toEqual([[0], [2], [1], [3]]);
    expect(moveDown(g, 1)).toEqual([[0], [2], [1], [3]]);
    expect(moveUp(g, 3)).toEqual([[0], [3], [1, 2]]);
    expect(moveDown(g, 0)).toEqual([[1, 2], [0], [3]]);
    expect(moveUp(g, 0)).toEqual(g);
    expect(moveDown(g, 3)).toEqual(g);
  });
  it('the tie key joins the rank above, and again leaves the tie below it', () => {
    expect(toggleTie(g, 3)).toEqual([[0], [1, 2, 3]]);
    expect(toggleTie(g, 1)).toEqual([[0], [2], [1], [3]]);
    expect(toggleTie(g, 0)).toEqual(g);
  });
  it('puts a response at a rank, first or last', () => {
    expect(putAt(g, 3, 0)).toEqual([[3], [0], [1, 2]]);
    expect(putAt(g, 1, 99)).toEqual([[0], [2], [3], [1]]);
  });
  it('drops between ranks, or into the middle of one where ties are allowed', () => {
    const rects = [{ top: 0, bottom: 30 }, { top: 40, bottom: 70 }, { top: 80, bottom: 110 }];
    expect(dropAt(-5, rects, true)).toEqual({ kind: 'before', g: 0 });
    expect(dropAt(55, rects, true)).toEqual({ kind: 'into', g: 1 });
    expect(dropAt(55, rects, false)).toEqual({ kind: 'after', g: 1 });
    expect(dropAt(75, rects, true)).toEqual({ kind: 'before', g: 2 });
    expect(dropAt(500, rects, true)).toEqual({ kind: 'after', g: 2 });
    expect(dropOn(g, 3, { kind: 'into', g: 0 })).toEqual([[0, 3], [1, 2]]);
    expect(dropOn(g, 0, { kind: 'after', g: 2 })).toEqual([[1, 2], [3], [0]]);
    expect(dropOn(g, 2, { kind: 'before', g: 1 })).toEqual([[0], [2], [1], [3]]);
  });
  it('writes order, ties and preferred into the answer; a strict order has no ties', () => {
    const a: RankingAnswer = { preferred: null, strength: null, reason: '', claims: [] };
    expect(withGroups(a, g)).toEqual({ ...a, preferred: 0, order: [0, 1, 2, 3], ties: [[1, 2]] });
    expect(withGroups({ ...a, ties: [[1, 2]] }, [[2], [1]])).toEqual({ ...a, preferred: 2, order: [2, 1] });
  });
});

describe('order text and taking a preference in QA', () => {
  const config = rankingConfig.parse({ mode: 'order', orderTies: true });
  it('names tied responses with =', () => {
    expect(preferenceText({ preferred: 2, order: [2, 0, 1], ties: [[0, 1]], strength: null, reason: '', claims: [] }, config)).toBe('C > A = B');
  });
  it('takes the ties with the order, and drops the final\'s own', () => {
    const final: RankingAnswer = { preferred: 0, order: [0, 1], ties: [[0, 1]], strength: null, reason: 'mine', claims: [] };
    expect(takePreference(final, { preferred: 1, order: [1, 0], strength: null, reason: '', claims: [] })).toEqual({ preferred: 1, order: [1, 0], strength: null, reason: 'mine', claims: [] });
  });
});

describe('words read on the page, found in the markdown', () => {
  it('allows markup and spacing between the words, and needs one match', () => {
    expect(findInSource('Use **`open()`** then close.', 'open() then')).toEqual({ start: 7, end: 21 });
    expect(findInSource('a b a b', 'a b')).toMatch(/more than once/);
    expect(findInSource('abc', 'xyz')).toMatch(/not in the response as written/);
    expect(findInSource('abc', '  ')).toMatch(/Select words/);
  });
});

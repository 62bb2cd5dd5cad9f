import { describe, expect, it } from 'vitest';
import { findAll, indexMatches, matchFrom, MAX_MATCHES } from './find';
import { piecesOf, textBlocks, chunkText } from './spanIndex';

describe('ner find', () => {
  it('finds every occurrence ignoring case, with offsets into the text itself', () => {
    const text = 'İstanbul and ISTANBUL; 😀 istanbul.';
    const { matches, capped } = findAll(text, 'istanbul');
    expect(capped).toBe(false);
    // "İ" lower-cases to two units: offsets from a lower-cased copy would be one off after it.
    expect(matches.map((m) => text.slice(m.start, m.end))).toEqual(['ISTANBUL', 'istanbul']);
    expect(findAll(text, 'a.d').matches).toEqual([]);
    expect(findAll(text, '').matches).toEqual([]);
    expect(findAll('aaaa', 'aa').matches).toEqual([{ start: 0, end: 2 }, { start: 2, end: 4 }]);
  });

  it('stops at MAX_MATCHES and says there are more', () => {
    const r = findAll('x'.repeat(MAX_MATCHES + 10), 'x');
    expect(r.matches).toHaveLength(MAX_MATCHES);
    expect(r.capped).toBe(true);
  });

  it('lists each match in the blocks it touches and starts a search at or after an offset, wrapping', () => {
    const text = 'ab cd\nab\n\ncd ab';
    const blocks = textBlocks(text);
    const { matches } = findAll(text, 'ab');
    expect(indexMatches(blocks, matches).map((l) => l.map((m) => m.start))).toEqual([[0], [6], [], [13]]);
    expect([0, 1, 6, 7, 14].map((from) => matchFrom(matches, from))).toEqual([0, 1, 1, 2, 0]);
  });

  it('cuts pieces at matches and marks the current one', () => {
    const [chunk] = chunkText('Alice met Bob and bob');
    const pieces = piecesOf(chunk, [], [], null, [{ start: 10, end: 13, current: false }, { start: 18, end: 21, current: true }]);
    expect(pieces.map((p) => [p.start, p.end, p.find ?? null])).toEqual([[0, 10, null], [10, 13, 'match'], [13, 18, null], [18, 21, 'current']]);
    expect(piecesOf(chunk, [], [], null, [])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { blockAt, chunkText, indexSpans, piecesOf, textBlocks } from './spanIndex';

const span = (start: number, end: number, label = 'PER') => ({ start, end, label, text: '' });

describe('ner span index', () => {
  it('chunks lines and long lines, with exact offsets', () => {
    const chunks = chunkText('ab\n\ncd ef gh', 4);
    expect(chunks.map((c) => [c.start, c.end, c.para])).toEqual([
      [0, 2, 0],
      [3, 3, 1],
      [4, 7, 2],
      [7, 10, 2],
      [10, 12, 2],
    ]);
  });

  it('groups the chunks of a line into one block and finds the block of an offset', () => {
    const blocks = textBlocks('ab\n\ncd ef gh', 4);
    expect(blocks.map((b) => [b.start, b.end, b.chunks.length])).toEqual([
      [0, 2, 1],
      [3, 3, 1],
      [4, 12, 3],
    ]);
    expect([0, 1, 2, 3, 4, 11, 12].map((at) => blockAt(blocks, at))).toEqual([0, 0, 0, 1, 2, 2, 2]);
  });

  it('lists each span and suggestion in every block it reaches, suggestions with their list index', () => {
    const blocks = textBlocks('ab\n\ncd ef gh', 4);
    const across = span(1, 6);
    const inLast = span(7, 9, 'LOC');
    const index = indexSpans(blocks, [across, inLast], [span(0, 2), span(10, 12)]);
    expect(index.spans).toEqual([[across], [across], [across, inLast]]);
    expect(index.sugs.map((l) => l.map(({ i }) => i))).toEqual([[0], [], [1]]);
  });

  it('cuts a chunk at span, suggestion and cursor boundaries, innermost span first', () => {
    const [chunk] = chunkText('Alice Smith met Bob');
    const outer = span(0, 11);
    const inner = span(6, 11, 'LOC');
    const pieces = piecesOf(chunk, [outer, inner], [{ s: span(16, 19, 'ORG'), i: 3 }], { start: 12, end: 15 });
    expect(pieces.map((p) => [p.start, p.end, p.spans, p.label, p.sugs, p.endLabels, !!p.cursor])).toEqual([
      [0, 6, ['0:11:PER'], 'PER', [], [], false],
      [6, 11, ['6:11:LOC', '0:11:PER'], 'LOC', [], ['PER', 'LOC'], false],
      [11, 12, [], null, [], [], false],
      [12, 15, [], null, [], [], true],
      [15, 16, [], null, [], [], false],
      [16, 19, [], 'ORG', [3], [], false],
    ]);
  });
});

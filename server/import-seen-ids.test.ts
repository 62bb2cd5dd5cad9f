import { describe, expect, it } from 'vitest';
import { SeenIds } from './services/import/seen-ids.js';

/** The import's memory of external ids met so far: how a repeated id in a file is caught and placed. */
describe('external ids met by an import', () => {
  it('tells the first line of every id met, across growth, and nothing for ids never met', () => {
    const seen = new SeenIds();
    const ids = Array.from({ length: 50_000 }, (_, i) => (i % 7 === 0 ? `é-${i}-東京` : `ext-${i}`));
    ids.forEach((id, i) => seen.set(id, i + 1));
    expect(seen.size).toBe(ids.length);
    ids.forEach((id, i) => expect(seen.get(id)).toBe(i + 1));
    for (const id of ['ext-50000', 'ext-', '', 'EXT-1', 'ext-1 ', 'é-7-東', `ext-${'9'.repeat(300)}`]) expect(seen.get(id)).toBeUndefined();
  });

  it('keeps the first line of an id met twice, and tells apart ids that share a prefix or differ in one byte', () => {
    const seen = new SeenIds();
    seen.set('a', 3);
    seen.set('a', 9);
    seen.set('ab', 4);
    seen.set('', 5);
    seen.set('x'.repeat(1000), 6);
    seen.set(`${'x'.repeat(999)}y`, 7);
    expect([seen.get('a'), seen.get('ab'), seen.get(''), seen.get('x'.repeat(1000)), seen.get(`${'x'.repeat(999)}y`), seen.get('b')]).toEqual([3, 4, 5, 6, 7, undefined]);
    expect(seen.size).toBe(5);
  });
});

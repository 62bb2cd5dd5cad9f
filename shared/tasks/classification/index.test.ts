import { describe, expect, it } from 'vitest';
import { classification as m } from './index';

const single = m.config.parse({ labels: ['pos', 'neg', 'neu'] });
const multi = m.config.parse({ multiple: true, threshold: 0.5, labels: ['a', 'b', 'c', 'd'] });

describe('classification', () => {
  it('single choice: exact match', () => {
    expect(m.agreement({ labels: ['pos'] }, { labels: ['pos'] }, single)).toEqual({ score: 1, agree: true });
    expect(m.agreement({ labels: ['pos'] }, { labels: ['neg'] }, single)).toEqual({ score: 0, agree: false });
    expect(m.agreement({ labels: [] }, { labels: ['neg'] }, single).agree).toBe(false);
    expect(m.agreement({ labels: [] }, { labels: [] }, single).agree).toBe(true);
  });

  it('single choice rejects two labels', () => {
    expect(m.answer(single).safeParse({ labels: ['pos', 'neg'] }).success).toBe(false);
  });

  it('multiple: Jaccard against the threshold', () => {
    // {a,b} vs {b,c}: 1/3 < 0.5.
    expect(m.agreement({ labels: ['a', 'b'] }, { labels: ['b', 'c'] }, multi)).toEqual({ score: 1 / 3, agree: false });
    // {a,b,c} vs {a,b}: 2/3 ≥ 0.5; order does not matter.
    expect(m.agreement({ labels: ['c', 'a', 'b'] }, { labels: ['b', 'a'] }, multi)).toEqual({ score: 2 / 3, agree: true });
    expect(m.agreement({ labels: [] }, { labels: ['a'] }, multi).score).toBe(0);
  });

  it('merge: majority, ties to the earliest answer', () => {
    expect(m.merge([{ labels: ['neg'] }, { labels: ['pos'] }], single)).toEqual({ labels: ['neg'] });
    expect(m.merge([{ labels: ['neg'] }, { labels: ['pos'] }, { labels: ['pos'] }], single)).toEqual({ labels: ['pos'] });
    expect(m.merge([{ labels: [] }, { labels: ['pos'] }], single)).toEqual({ labels: ['pos'] });
    expect(m.merge([{ labels: ['d', 'a'] }, { labels: ['a', 'b', 'd'] }], multi)).toEqual({ labels: ['d', 'a'] });
    expect(m.merge([{ labels: ['a'] }, { labels: ['b'] }, { labels: ['a', 'b'] }], multi)).toEqual({ labels: ['a', 'b'] });
    expect(m.merge([], single)).toEqual({ labels: [] });
  });

  it('units: one nominal unit (single), one yes/no unit per label (multiple)', () => {
    expect(m.units({ labels: ['neg'] }, single)).toEqual([{ key: '', value: 'neg', metric: 'nominal' }]);
    expect(m.units({ labels: [] }, single)).toEqual([]);
    expect(m.units({ labels: ['b'] }, multi).map((u) => `${u.key}=${u.value}`)).toEqual(['label:a=no', 'label:b=yes', 'label:c=no', 'label:d=no']);
  });

  it('completeness and fields', () => {
    expect(m.isComplete({ labels: [] })).toBe(false);
    expect(m.isComplete({ labels: ['a'] })).toBe(true);
    expect(m.fields(single)).toEqual([]);
    expect(m.fields(m.config.parse({ field: 'text', labels: ['x'] }))).toEqual(['text']);
  });
});

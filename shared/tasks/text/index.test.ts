import { describe, expect, it } from 'vitest';
import { text as m } from './index';

const config = m.config.parse({ threshold: 0.9 });

describe('text', () => {
  it('normalized edit similarity on whitespace-normalized text', () => {
    expect(m.agreement({ text: 'The capital is Paris.' }, { text: ' The  capital is\nParis. ' }, config)).toEqual({ score: 1, agree: true });
    const r = m.agreement({ text: 'The capital is Paris.' }, { text: 'The capital is Lyon.' }, config);
    expect(r.score).toBeCloseTo(1 - 5 / 21, 12);
    expect(r.agree).toBe(false);
    expect(m.agreement({ text: 'abcdefghij' }, { text: 'abcdefghiX' }, config)).toEqual({ score: 0.9, agree: true });
  });

  it('empty answers agree; one side empty does not', () => {
    expect(m.agreement({ text: '' }, { text: '' }, config).agree).toBe(true);
    expect(m.agreement({ text: '' }, { text: 'x' }, config)).toEqual({ score: 0, agree: false });
  });

  it('merge takes the medoid, ties to the earliest', () => {
    expect(m.merge([{ text: 'a' }, { text: 'b' }])).toEqual({ text: 'a' });
    expect(m.merge([{ text: 'goodbye' }, { text: 'hello world!' }, { text: 'hello world' }, { text: 'hello world' }])).toEqual({ text: 'hello world' });
  });

  it('completeness uses minLength on trimmed text', () => {
    expect(m.isComplete({ text: '   ' }, config)).toBe(false);
    expect(m.isComplete({ text: 'x' }, config)).toBe(true);
    expect(m.fields(m.config.parse({ field: 'prompt', sourceField: 'draft' }))).toEqual(['prompt', 'draft']);
  });
});

import { describe, expect, it } from 'vitest';
import { bioTags, ner as m } from './index';
import { tokenize } from './tokenize';

const config = m.config.parse({ labels: ['PER', 'ORG', 'LOC'] });
const text = 'Jane Smith works at Acme Corp in Paris.';
const jane = { start: 0, end: 10, label: 'PER', text: 'Jane Smith' };
const smith = { start: 5, end: 10, label: 'PER', text: 'Smith' };
const acme = { start: 20, end: 29, label: 'ORG', text: 'Acme Corp' };
const paris = { start: 33, end: 38, label: 'LOC', text: 'Paris' };
const parisOrg = { ...paris, label: 'ORG' };

describe('ner', () => {
  it('exact-match F1; partial overlaps earn overlap credit only', () => {
    const r = m.agreement({ spans: [jane, acme, paris] }, { spans: [smith, acme, paris] }, config);
    expect(r.score).toBeCloseTo(2 / 3, 12);
    expect(r.agree).toBe(false);
    // Overlap F1: (0.5 + 1 + 1) · 2 / 6.
    expect(r.detail!.overlapF1).toBeCloseTo(2.5 / 3, 12);
  });

  it('a label mismatch is a miss', () => {
    const r = m.agreement({ spans: [acme, paris] }, { spans: [acme, parisOrg] }, config);
    expect(r.score).toBeCloseTo(0.5, 12);
    expect(r.detail!.overlapF1).toBeCloseTo(0.5, 12);
  });

  it('empty answers agree; one side empty does not', () => {
    expect(m.agreement({ spans: [] }, { spans: [] }, config)).toMatchObject({ score: 1, agree: true });
    expect(m.agreement({ spans: [] }, { spans: [jane] }, config)).toMatchObject({ score: 0, agree: false });
  });

  it('threshold: 4 of 5 spans shared passes 0.8', () => {
    const five = [0, 10, 20, 30, 40].map((s) => ({ start: s, end: s + 3, label: 'PER', text: 'abc' }));
    const r = m.agreement({ spans: five }, { spans: five.slice(0, 4) }, config);
    expect(r.score).toBeCloseTo(8 / 9, 12);
    expect(r.agree).toBe(true);
  });

  it('validation: overlaps rejected unless allowed; duplicates always', () => {
    const s = m.answer(config);
    expect(s.safeParse({ spans: [jane, smith] }).success).toBe(false);
    expect(m.answer(m.config.parse({ labels: ['PER'], allowOverlap: true })).safeParse({ spans: [jane, smith] }).success).toBe(true);
    expect(s.safeParse({ spans: [jane, jane] }).success).toBe(false);
    // Touching spans (end exclusive) do not overlap.
    expect(s.safeParse({ spans: [{ start: 0, end: 4, label: 'PER', text: 'Jane' }, { start: 4, end: 10, label: 'PER', text: ' Smith' }] }).success).toBe(true);
  });

  it('merge keeps the spans a majority marked', () => {
    expect(m.merge([{ spans: [jane, acme] }, { spans: [acme, paris] }])).toEqual({ spans: [acme] });
    expect(m.merge([{ spans: [jane, acme] }, { spans: [acme, paris] }, { spans: [paris] }])).toEqual({ spans: [acme, paris] });
    expect(m.merge([{ spans: [] }, { spans: [jane] }])).toEqual({ spans: [] });
  });

  it('tokenizes by Treebank rules with UTF-16 offsets', () => {
    expect(tokenize("Hi, 😀 state-of-the-art don't!").map((t) => [t.text, t.start, t.end])).toEqual([
      ['Hi', 0, 2],
      [',', 2, 3],
      ['😀', 4, 6],
      ['state-of-the-art', 7, 23],
      ['do', 24, 26],
      ["n't", 26, 29],
      ['!', 29, 30],
    ]);
    expect(tokenize('He said "hi" -- then: $1,000.50 at 10:30, e.g. U.S. fiber.').map((t) => t.text)).toEqual([
      'He', 'said', '"', 'hi', '"', '--', 'then', ':', '$', '1,000.50', 'at', '10:30', ',', 'e.g.', 'U.S.', 'fiber', '.',
    ]);
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  \n\t ')).toEqual([]);
  });

  it('BIO: a span starting inside a token another span holds begins (B-) at its next token', () => {
    const toks = tokenize('alpha betagamma delta');
    expect(bioTags(toks, [{ start: 0, end: 8, label: 'X' }, { start: 8, end: 21, label: 'Y' }])).toEqual(['B-X', 'I-X', 'B-Y']);
  });

  it('units are BIO tags per token', () => {
    const u = m.units({ spans: [jane, paris] }, config, { text });
    expect(u.map((x) => x.value)).toEqual(['B-PER', 'I-PER', 'O', 'O', 'O', 'O', 'O', 'B-LOC', 'O']);
    expect(u[0]).toEqual({ key: 'tok:0', value: 'B-PER', metric: 'nominal' });
    expect(m.units({ spans: [] }, config, {})).toEqual([]);
  });

  it('BIO: a span inside a token tags the whole token; overlapping spans, the earlier one wins', () => {
    const toks = tokenize(text);
    expect(bioTags(toks, [{ start: 1, end: 3, label: 'PER' }]).slice(0, 2)).toEqual(['B-PER', 'O']);
    expect(bioTags(toks, [smith, jane]).slice(0, 2)).toEqual(['B-PER', 'I-PER']);
  });
});

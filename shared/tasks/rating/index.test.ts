import { describe, expect, it } from 'vitest';
import { rating as m } from './index';

const config = m.config.parse({
  criteria: [
    { id: 'accuracy', title: 'Accuracy' },
    { id: 'safety', title: 'Safety', min: 0, max: 10, tolerance: 0 },
  ],
  rationaleMinLength: 5,
});

describe('rating', () => {
  it('agrees when every criterion is within its tolerance', () => {
    const r = m.agreement({ scores: { accuracy: 4, safety: 7 }, rationale: '' }, { scores: { accuracy: 5, safety: 7 }, rationale: '' }, config);
    expect(r.agree).toBe(true);
    expect(r.score).toBeCloseTo((1 - 1 / 4 + 1) / 2, 12);
    expect(r.detail).toEqual({ 'diff:accuracy': 1, 'diff:safety': 0 });
    expect(m.agreement({ scores: { accuracy: 4, safety: 7 }, rationale: '' }, { scores: { accuracy: 4, safety: 8 }, rationale: '' }, config).agree).toBe(false);
    expect(m.agreement({ scores: { accuracy: 1, safety: 0 }, rationale: '' }, { scores: { accuracy: 5, safety: 10 }, rationale: '' }, config).score).toBe(0);
  });

  it('unscored vs scored disagrees; both unscored agree', () => {
    expect(m.agreement(m.empty(config), m.empty(config), config)).toMatchObject({ score: 1, agree: true });
    expect(m.agreement({ scores: { accuracy: 3 }, rationale: '' }, { scores: {}, rationale: '' }, config).agree).toBe(false);
  });

  it('merge: median per criterion, straddling ties to the earlier answer, rationales joined', () => {
    expect(m.merge([{ scores: { accuracy: 4, safety: 2 }, rationale: 'ok' }, { scores: { accuracy: 3, safety: 2 }, rationale: 'meh' }], config)).toEqual({
      scores: { accuracy: 4, safety: 2 },
      rationale: 'ok\n\nmeh',
    });
    expect(m.merge([{ scores: { accuracy: 1 }, rationale: '' }, { scores: { accuracy: 5 }, rationale: '' }, { scores: { accuracy: 2 }, rationale: '' }], config).scores.accuracy).toBe(2);
    expect(m.merge([{ scores: { accuracy: null }, rationale: '' }, { scores: { accuracy: 3 }, rationale: '' }], config).scores.accuracy).toBe(3);
  });

  it('completeness and validation', () => {
    expect(m.isComplete({ scores: { accuracy: 3, safety: 1 }, rationale: 'because' }, config)).toBe(true);
    expect(m.isComplete({ scores: { accuracy: 3, safety: 1 }, rationale: 'no' }, config)).toBe(false);
    expect(m.isComplete({ scores: { accuracy: 3 }, rationale: 'because' }, config)).toBe(false);
    expect(m.answer(config).safeParse({ scores: { safety: 11 }, rationale: '' }).success).toBe(false);
  });

  it('units: one interval unit per scored criterion', () => {
    expect(m.units({ scores: { accuracy: 3, safety: null }, rationale: '' }, config)).toEqual([{ key: 'crit:accuracy', value: 3, metric: 'interval' }]);
  });
});

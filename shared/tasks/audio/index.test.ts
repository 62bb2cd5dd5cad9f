import { describe, expect, it } from 'vitest';
import { audio as m, type AudioAnswer } from './index';

const config = m.config.parse({
  labels: ['speech', 'noise'],
  clipQuestions: [
    { id: 'matches', title: 'Matches the sentence', kind: 'choice', options: ['yes', 'no'] },
    { id: 'pron', title: 'Pronunciation', kind: 'scale', min: 1, max: 5, tolerance: 1 },
  ],
});
const seg = (start: number, end: number, text?: string, label = 'speech') => (text === undefined ? { start, end, label } : { start, end, label, text });

describe('audio', () => {
  const a: AudioAnswer = { segments: [seg(0, 2, 'hello there'), seg(3, 5, 'general kenobi')], clip: { matches: 'yes', pron: 4 } };

  it('identical segments, transcripts and clip answers agree', () => {
    expect(m.agreement(a, JSON.parse(JSON.stringify(a)), config)).toMatchObject({ score: 1, agree: true });
  });

  it('temporal IoU matching with WER on matched transcripts', () => {
    const b: AudioAnswer = { segments: [seg(0.1, 2, 'hello there'), seg(3, 5, 'general canobi')], clip: { matches: 'yes', pron: 5 } };
    const r = m.agreement(a, b, config);
    expect(r.detail!.f1).toBe(1);
    // 1 word substituted out of 4.
    expect(r.detail!.wer).toBeCloseTo(0.25, 12);
    expect(r.detail!.clipAgreement).toBe(1);
    expect(r.agree).toBe(false);
    expect(r.score).toBeCloseTo((1 + 0.75 + 1) / 3, 12);
  });

  it('partial overlap below the IoU threshold is a miss; label mismatch is a miss', () => {
    const b: AudioAnswer = { segments: [seg(1.5, 3, 'hello there'), seg(3, 5, 'general kenobi', 'noise')], clip: a.clip };
    const r = m.agreement(a, b, config);
    expect(r.detail!.matched).toBe(0);
    expect(r.agree).toBe(false);
  });

  it('clip questions: choices exact, scales within tolerance', () => {
    const base = { segments: [], clip: {} };
    expect(m.agreement({ ...base, clip: { pron: 3 } }, { ...base, clip: { pron: 4 } }, config).agree).toBe(true);
    expect(m.agreement({ ...base, clip: { pron: 3 } }, { ...base, clip: { pron: 5 } }, config).agree).toBe(false);
    expect(m.agreement({ ...base, clip: { matches: 'yes' } }, { ...base, clip: { matches: 'no' } }, config).detail!.clipAgreement).toBe(0.5);
  });

  it('empty answers agree; one side empty does not', () => {
    expect(m.agreement(m.empty(config), m.empty(config), config).agree).toBe(true);
    expect(m.agreement(m.empty(config), { segments: [seg(0, 1, 'x')], clip: {} }, config).agree).toBe(false);
  });

  it('merge averages matched segment bounds, keeps a transcript and the clip majority', () => {
    const b: AudioAnswer = { segments: [seg(0.2, 2.2, 'hello, there')], clip: { matches: 'no', pron: 4 } };
    const merged = m.merge([a, b], config);
    expect(merged.segments).toHaveLength(1);
    expect(merged.segments[0].start).toBeCloseTo(0.1, 12);
    expect(merged.segments[0].end).toBeCloseTo(2.1, 12);
    expect(merged.segments[0].text).toBe('hello there');
    expect(merged.clip).toEqual({ matches: 'yes', pron: 4 });
  });

  it('completeness needs every clip question and, when transcribing, every transcript', () => {
    expect(m.isComplete(a, config)).toBe(true);
    expect(m.isComplete({ ...a, clip: { matches: 'yes' } }, config)).toBe(false);
    expect(m.isComplete({ ...a, segments: [seg(0, 1)] }, config)).toBe(false);
  });

  it('units: clip questions and labeled duration per label', () => {
    expect(m.units(a, config)).toEqual([
      { key: 'clip:matches', value: 'yes', metric: 'nominal' },
      { key: 'clip:pron', value: 4, metric: 'interval' },
      { key: 'dur:speech', value: 4, metric: 'interval' },
      { key: 'dur:noise', value: 0, metric: 'interval' },
    ]);
  });
});

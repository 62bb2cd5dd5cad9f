import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { z } from 'zod';
import { TASK_TYPES, type AnyTaskModule, type TaskType } from './types';
import { taskInterop, taskInterops, taskModule, taskModules } from './registry';
import { lsResultsToPrelabels } from './labelstudio-import';
import type { ExportItem } from './types';
import type { TaskInterop } from './interop';
import { answerArbitraries, sampleConfigs } from './arbitraries';
import { describeError } from './common';

/** Junk answers per type, each with a field name its error message must mention. */
const junk: { [T in TaskType]: Array<[unknown, string]> } = {
  classification: [[{ labels: ['nope'] }, 'labels[0]'], [{ labels: 'positive' }, 'labels'], [{}, 'labels'], [{ labels: [], extra: 1 }, 'extra']],
  ner: [[{ spans: [{ start: 5, end: 2, label: 'PER', text: '' }] }, 'spans[0].end'], [{ spans: [{ start: 0, end: 2, label: 'XYZ', text: '' }] }, 'spans[0].label'], [{ spans: [{ start: -1, end: 2, label: 'PER', text: '' }] }, 'spans[0].start'], [{ spans: [{ start: 0, end: 2, label: 'PER' }] }, 'spans[0].text']],
  bbox: [[{ width: 10, height: 10, boxes: [{ x: 0, y: 0, w: -1, h: 1, label: 'car' }] }, 'boxes[0].w'], [{ width: 10, height: 10, boxes: [{ x: 0, y: 0, w: 1, h: 1, label: 'bus' }] }, 'boxes[0].label'], [{ boxes: [] }, 'width']],
  audio: [[{ segments: [{ start: 3, end: 1, label: 'speech' }], clip: {} }, 'segments[0].end'], [{ segments: [], clip: { matches: 'maybe' } }, 'clip.matches'], [{ segments: [], clip: { nope: 1 } }, 'clip.nope'], [{ segments: [{ start: 0, end: 1, label: 'x' }], clip: {} }, 'segments[0].label']],
  ranking: [[{ preferred: -1, strength: null, reason: '', claims: [] }, 'preferred'], [{ preferred: 0, strength: 1.5, reason: '', claims: [] }, 'strength'], [{ preferred: null, strength: null, claims: [] }, 'reason'], [{ preferred: null, strength: null, reason: '', claims: [{ response: 0, start: 4, end: 1, text: '' }] }, 'claims[0].end']],
  rating: [[{ scores: { accuracy: 9 }, rationale: '' }, 'scores.accuracy'], [{ scores: { nope: 1 }, rationale: '' }, 'scores.nope'], [{ scores: {} }, 'rationale'], [{ scores: { accuracy: 'high' }, rationale: '' }, 'scores.accuracy']],
  text: [[{ text: 42 }, 'text'], [{}, 'text'], [{ text: 'x', other: 1 }, 'other']],
};

const cases = TASK_TYPES.flatMap((type) => (sampleConfigs[type] as unknown[]).map((config, i) => ({ type, i, config, m: taskModule(type) as AnyTaskModule })));

describe('registry', () => {
  it('has one module per task type, each naming its own type', () => {
    expect(Object.keys(taskModules).sort()).toEqual([...TASK_TYPES].sort());
    for (const t of TASK_TYPES) expect(taskModule(t).type).toBe(t);
    expect(() => taskModule('nope' as never)).toThrow(/unknown task type/);
  });
});

describe.each(cases)('$type module (sample config $i)', ({ type, config, m }) => {
  const schema = m.answer(config);
  const arb = answerArbitraries[type](config);
  const runs = { numRuns: 150 };

  it('generated answers are valid (sanity check of the generator)', () => {
    fc.assert(fc.property(arb, (x) => void schema.parse(x)), runs);
  });

  it('agreement(x, x) is full agreement', () => {
    fc.assert(
      fc.property(arb, (x) => {
        const r = m.agreement(x, x, config);
        expect(r.score).toBe(1);
        expect(r.agree).toBe(true);
      }),
      runs,
    );
  });

  it('agreement is in [0, 1] and symmetric in its verdict', () => {
    fc.assert(
      fc.property(arb, arb, (x, y) => {
        const r = m.agreement(x, y, config);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(1);
        expect(m.agreement(y, x, config).agree).toBe(r.agree);
        for (const v of Object.values(r.detail ?? {})) expect(Number.isNaN(v)).toBe(false);
      }),
      runs,
    );
  });

  it('merge([x, x]) equals x and merge([x]) equals x', () => {
    fc.assert(
      fc.property(arb, (x) => {
        expect(m.merge([x, x], config)).toEqual(x);
        expect(m.merge([x], config)).toEqual(x);
      }),
      runs,
    );
  });

  it('merge of different answers is a valid answer', () => {
    fc.assert(fc.property(fc.array(arb, { minLength: 1, maxLength: 4 }), (xs) => void schema.parse(m.merge(xs, config))), runs);
  });

  it('answers round-trip through JSON', () => {
    fc.assert(
      fc.property(arb, (x) => {
        const back = schema.parse(JSON.parse(JSON.stringify(x)));
        expect(back).toEqual(x);
      }),
      runs,
    );
  });

  it('empty(config) is valid, agrees with itself, and yields units without NaN', () => {
    const e = m.empty(config);
    expect(schema.safeParse(e).success).toBe(true);
    expect(m.agreement(e, e, config).agree).toBe(true);
    expect(m.merge([e, e], config)).toEqual(e);
    fc.assert(
      fc.property(arb, fc.string(), (x, text) => {
        for (const u of m.units(x, config, { text, body: text })) expect(Number.isNaN(u.value)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects junk with a readable message naming the field', () => {
    for (const [value, field] of junk[type]) {
      const r = schema.safeParse(value);
      expect(r.success, JSON.stringify(value)).toBe(false);
      expect(describeError(r.error!)).toContain(field);
    }
    for (const value of [null, 42, 'x', []]) expect(schema.safeParse(value).success).toBe(false);
  });

  it('never throws anything but a validation error on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (v) => {
        const r = schema.safeParse(v);
        if (!r.success) expect(r.error).toBeInstanceOf(z.ZodError);
      }),
      { numRuns: 200 },
    );
  });

  it('config round-trips through JSON and declares its fields', () => {
    expect(m.config.parse(JSON.parse(JSON.stringify(config)))).toEqual(config);
    for (const f of m.fields(config)) expect(typeof f).toBe('string');
  });
});

/** Numbers to 6 decimals: pixels go through percent and back, which may move the last bits. */
const rounded = (x: unknown): unknown => JSON.parse(JSON.stringify(x), (_k, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v));

describe.each(cases)('$type import and export pieces (sample config $i)', ({ type, config, m }) => {
  const io = taskInterop(type);
  const schema = m.answer(config);
  const arb = answerArbitraries[type](config);
  const question = { id: 'q', type, title: 'Q', config } as never;
  const item = (answer: unknown): ExportItem<unknown, unknown> => ({ rowId: '1', externalId: null, data: {}, config, questionId: 'q', answer });
  /** The answer written as Label Studio results and read back: no issue, and a valid answer or none. */
  const lsTrip = (answer: unknown) => {
    const results = io.labelStudio.write(item(answer)) as never[];
    const read = lsResultsToPrelabels(results, [question], {}, 'annotations.0.result');
    expect(read.issues).toEqual([]);
    const back = read.prelabels.q;
    if (back !== undefined) expect(schema.safeParse(back).success, JSON.stringify(back)).toBe(true);
    return back ?? m.empty(config);
  };

  it('declares the data fields it reads, each with its kind, as its module names them', () => {
    expect(io.dataFields(config).map((d) => d.field).sort()).toEqual([...m.fields(config)].sort());
  });

  it('Label Studio: what it writes it reads back, and a second trip changes nothing', () => {
    fc.assert(fc.property(arb, (x) => {
      const once = lsTrip(x);
      expect(rounded(lsTrip(once))).toEqual(rounded(once));
    }), { numRuns: 100 });
  });

  it('Label Studio: an empty answer writes results that read back as empty', () => {
    expect(rounded(lsTrip(m.empty(config)))).toEqual(rounded(m.empty(config)));
  });

  it('export rows: every answer fills the same CSV columns as the empty one', () => {
    if (!io.record) return;
    const columns = Object.keys(io.record(item(m.empty(config))));
    fc.assert(fc.property(arb, (x) => { expect(Object.keys(io.record!(item(x)))).toEqual(columns); }), { numRuns: 50 });
  });

  it('SageMaker: a label with metadata for every answer, or none', () => {
    if (io.sagemaker === 'custom') return;
    const convert = io.sagemaker;
    fc.assert(fc.property(arb, (x) => {
      const gt = convert(item(x), 1, 'text');
      if (gt) expect(typeof gt.metadata.type).toBe('string');
    }), { numRuns: 50 });
  });

  it('answer filters refuse what the question cannot hold with a message, and test any answer', () => {
    const bad = (message: string): never => { throw new Error(message); };
    for (const value of ['__none__', 'A', '0', 'x=1', '']) {
      let holds: ((a: unknown) => boolean) | undefined;
      try { holds = io.answerFilter(config, 'q', value, bad); } catch (e) { expect((e as Error).message.length).toBeGreaterThan(0); continue; }
      fc.assert(fc.property(arb, (x) => { expect(typeof holds!(x)).toBe('boolean'); }), { numRuns: 20 });
    }
  });

  it('dashboard: a pair of labels gives units a confusion matrix can hold', () => {
    const labels = io.dashboard.confusionLabels(config);
    fc.assert(fc.property(arb, arb, (x, y) => {
      for (const a of [x, y]) {
        const units = m.units(a, config, { [m.fields(config)[0] ?? 'text']: 'some text here' });
        // A confusion cell is the one unit's value of each side, a label of the question.
        if (labels && units.length) expect(labels).toContain(units[0].value);
      }
    }), { numRuns: 50 });
  });
});

// Only the types that declare pair figures (the others show none): a list, not a skip.
const withFigures = cases.filter(({ type }) => (taskInterop(type) as TaskInterop<unknown, unknown>).dashboard.pairFigures);
describe.each(withFigures)('$type dashboard pair figures (sample config $i)', ({ type, config, m }) => {
  const figures = (taskInterop(type) as TaskInterop<unknown, unknown>).dashboard.pairFigures;
  it('come from two labels\' units, named as declared, and match the agreement detail', () => {
    const arb = answerArbitraries[type](config);
    const data = { [m.fields(config)[0] ?? 'text']: 'some text here' };
    const keys = figures!.figures(config).map((f) => f.key).sort();
    fc.assert(fc.property(arb, arb, (x, y) => {
      const got = figures!.of(m.units(x, config, data), m.units(y, config, data), config);
      if (got === null) return;
      expect(Object.keys(got).sort()).toEqual(keys);
      const detail = m.agreement(x, y, config).detail ?? {};
      for (const k of keys) {
        expect(Number.isFinite(got[k])).toBe(true);
        if (k in detail) expect(got[k]).toBeCloseTo(detail[k], 12);
      }
    }), { numRuns: 100 });
  });
});

describe('interop registry', () => {
  it('has the pieces of every task type, and each per-type format belongs to one type', () => {
    expect(Object.keys(taskInterops).sort()).toEqual([...TASK_TYPES].sort());
    const formats = TASK_TYPES.flatMap((t) => taskInterop(t).formats);
    expect(new Set(formats).size).toBe(formats.length);
  });
});

describe('configs', () => {
  it('terse configs parse with defaults', () => {
    expect(taskModules.classification.config.parse({ labels: ['a'] })).toEqual({ multiple: false, labels: [{ value: 'a' }], threshold: 1 });
    expect(taskModules.ner.config.parse({ labels: ['PER'] })).toMatchObject({ field: 'text', allowOverlap: false, snapToWords: true, threshold: 0.8 });
    expect(taskModules.bbox.config.parse({ labels: ['car'] })).toMatchObject({ field: 'image', iouThreshold: 0.5, f1Threshold: 0.8 });
    expect(taskModules.audio.config.parse({ labels: ['speech'] })).toMatchObject({ field: 'audio', transcribe: true, clipQuestions: [], iouThreshold: 0.5, werThreshold: 0.2, f1Threshold: 0.8 });
    const r = taskModules.ranking.config.parse({});
    expect(r).toMatchObject({ promptField: 'prompt', responsesField: 'responses', mode: 'pairwise', allowTie: true, reasonMinLength: 0, flagClaims: true });
    expect(r.scale.map((s) => s.value)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(r.scale[0].title).toBe('A much better');
    expect(taskModules.rating.config.parse({ criteria: [{ id: 'acc', title: 'Accuracy' }] })).toEqual({ criteria: [{ id: 'acc', title: 'Accuracy', min: 1, max: 5, tolerance: 1 }], rationaleMinLength: 0 });
    expect(taskModules.text.config.parse({})).toEqual({ minLength: 1, maxLength: 20_000, threshold: 0.9 });
  });

  it('rejects bad configs with the field named', () => {
    const bad: Array<[AnyTaskModule, unknown, string]> = [
      [taskModules.classification, { labels: [] }, 'labels'],
      [taskModules.classification, { labels: ['a', 'a'] }, 'labels[1].value'],
      [taskModules.classification, { labels: [{ value: 'a', hotkey: 'x' }, { value: 'b', hotkey: 'x' }] }, 'labels[1].hotkey'],
      [taskModules.classification, { labels: ['a'], threshold: 2 }, 'threshold'],
      [taskModules.rating, { criteria: [{ id: 'a', title: 'A', min: 5, max: 1 }] }, 'criteria[0].max'],
      [taskModules.audio, { labels: ['x'], clipQuestions: [{ id: 'q', title: 'Q', kind: 'choice' }] }, 'clipQuestions[0].options'],
      [taskModules.ranking, { mode: 'best' }, 'mode'],
    ];
    for (const [m, c, field] of bad) {
      const r = m.config.safeParse(c);
      expect(r.success).toBe(false);
      expect(describeError(r.error!)).toContain(field);
    }
  });
});

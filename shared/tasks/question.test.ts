import { describe, expect, it } from 'vitest';
import { answerSchemaFor, emptyRowAnswer, isRowComplete, mergeRow, questionSchema, rowAgreement, rowUnits, schemaFields, schemaSchema } from './question';
import { describeError } from './common';
import { corpusAgreement } from '../stats/corpus';

// The seed example: one LLM response gets a classification, entity tagging and a rubric rating.
const schema = schemaSchema.parse([
  { id: 'quality', type: 'classification', title: 'Overall', config: { field: 'response', labels: ['good', 'bad'] } },
  { id: 'entities', type: 'ner', title: 'Entities', config: { field: 'response', labels: ['PER', 'ORG'] } },
  { id: 'rubric', type: 'rating', title: 'Rubric', required: false, config: { criteria: [{ id: 'accuracy', title: 'Accuracy' }] } },
]);
const data = { response: 'Ada Lovelace worked with Babbage.' };
const a = { quality: { labels: ['good'] }, entities: { spans: [{ start: 0, end: 12, label: 'PER', text: 'Ada Lovelace' }] }, rubric: { scores: { accuracy: 4 }, rationale: '' } };

describe('project schema', () => {
  it('parses questions with defaults and rejects bad ids and duplicates', () => {
    expect(schema[0].required).toBe(true);
    expect(questionSchema.safeParse({ id: 'Bad-Id', type: 'text', title: 'T', config: {} }).success).toBe(false);
    const dup = schemaSchema.safeParse([
      { id: 'q', type: 'text', title: 'A', config: {} },
      { id: 'q', type: 'text', title: 'B', config: {} },
    ]);
    expect(describeError(dup.error!)).toContain('[1].id: duplicate question id "q"');
    expect(schemaSchema.safeParse([]).success).toBe(false);
    expect(describeError(questionSchema.safeParse({ id: 'q', type: 'video', title: 'T', config: {} }).error!)).toContain('type');
    expect(describeError(questionSchema.safeParse({ id: 'q', type: 'classification', title: 'T', config: {} }).error!)).toContain('config.labels');
  });

  it('answerSchemaFor validates each question; optional ones may be absent; unknown ids rejected', () => {
    const s = answerSchemaFor(schema);
    expect(s.parse(a)).toEqual(a);
    const { rubric: _, ...withoutRubric } = a;
    expect(s.safeParse(withoutRubric).success).toBe(true);
    const { quality: __, ...withoutQuality } = a;
    expect(describeError(s.safeParse(withoutQuality).error!)).toContain('quality');
    expect(describeError(s.safeParse({ ...a, extra: 1 }).error!)).toContain('extra');
    expect(describeError(s.safeParse({ ...a, quality: { labels: ['meh'] } }).error!)).toContain('quality.labels[0]');
    expect(s.safeParse(emptyRowAnswer(schema)).success).toBe(true);
  });

  it('isRowComplete checks required questions', () => {
    expect(isRowComplete(schema, a, {})).toBe(true);
    expect(isRowComplete(schema, emptyRowAnswer(schema), {})).toBe(false);
    const { rubric: _, ...withoutRubric } = a;
    expect(isRowComplete(schema, withoutRubric, {})).toBe(true);
  });

  it('a row agrees when every question agrees', () => {
    const same = rowAgreement(schema, a, JSON.parse(JSON.stringify(a)));
    expect(same.agree).toBe(true);
    expect(same.score).toBe(1);
    const b = { ...a, entities: { spans: [] } };
    const r = rowAgreement(schema, a, b);
    expect(r.agree).toBe(false);
    expect(r.questions.quality.agree).toBe(true);
    expect(r.questions.entities.agree).toBe(false);
    // A missing optional answer compares as the empty answer.
    const { rubric: _, ...withoutRubric } = a;
    expect(rowAgreement(schema, withoutRubric, withoutRubric).agree).toBe(true);
  });

  it('mergeRow, rowUnits, schemaFields', () => {
    expect(mergeRow(schema, [a, a])).toEqual(a);
    const units = rowUnits(schema, a, data);
    expect(units[0]).toEqual({ key: 'quality/', value: 'good', metric: 'nominal' });
    expect(units.find((u) => u.key === 'entities/tok:0')?.value).toBe('B-PER');
    expect(units.find((u) => u.key === 'rubric/crit:accuracy')?.value).toBe(4);
    expect(schemaFields(schema)).toEqual(['response']);
  });

  it('corpusAgreement groups units by question', () => {
    const rows = [
      { rowId: 'r1', raters: [rowUnits(schema, a, data), rowUnits(schema, a, data)] },
      { rowId: 'r2', raters: [rowUnits(schema, { ...a, quality: { labels: ['bad'] } }, data), rowUnits(schema, a, data)] },
      { rowId: 'r3', raters: [rowUnits(schema, { ...a, quality: { labels: ['bad'] } }, data), rowUnits(schema, { ...a, quality: { labels: ['bad'] } }, data)] },
    ];
    const c = corpusAgreement(rows);
    expect(Object.keys(c).sort()).toEqual(['entities', 'quality', 'rubric']);
    expect(c.quality.units).toBe(3);
    expect(c.quality.percent).toBeCloseTo(2 / 3, 12);
    expect(c.quality.metric).toBe('nominal');
    expect(c.entities.alpha.alpha).toBe(1);
    expect(c.rubric.alpha.degenerate).toBe('no-variation');
    expect(Number.isNaN(c.quality.alpha.alpha)).toBe(false);
  });
});

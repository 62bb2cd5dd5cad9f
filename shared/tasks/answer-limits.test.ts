import { describe, expect, it } from 'vitest';
import { answerSchemaFor, schemaSchema } from './question';
import { ANSWER_LIMITS, describeError } from './common';
import { TEXT_MAX_LENGTH } from './text';
import { EXACT_MATCH_SIDE, matchByLabel } from '../stats/match';

const schema = schemaSchema.parse([
  { id: 'summary', type: 'text', title: 'Summary', config: {} },
  { id: 'short', type: 'text', title: 'Short', config: { maxLength: 10 } },
  { id: 'entities', type: 'ner', title: 'Entities', required: false, config: { labels: ['PER'] } },
  { id: 'boxes', type: 'bbox', title: 'Boxes', required: false, config: { labels: ['car'] } },
  { id: 'speech', type: 'audio', title: 'Speech', required: false, config: { labels: ['voice'], clipQuestions: [{ id: 'noise', title: 'Noise', kind: 'choice', options: ['yes', 'no'] }] } },
  { id: 'pref', type: 'ranking', title: 'Preference', required: false, config: {} },
  { id: 'rubric', type: 'rating', title: 'Rubric', required: false, config: { criteria: [{ id: 'accuracy', title: 'Accuracy' }] } },
]);
const answers = answerSchemaFor(schema);
const base = { summary: { text: 'ok' }, short: { text: 'ok' } };
const errorOf = (answer: unknown) => {
  const r = answers.safeParse({ ...base, ...(answer as object) });
  expect(r.success).toBe(false);
  return describeError(r.error!);
};
const many = <T>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i));

describe('answer limits', () => {
  it('a text answer is bounded by its question\'s maxLength (default 20,000), named in the message', () => {
    expect(schema[0].config).toMatchObject({ maxLength: TEXT_MAX_LENGTH.default });
    expect(answers.safeParse({ ...base, summary: { text: 'x'.repeat(TEXT_MAX_LENGTH.default) } }).success).toBe(true);
    expect(errorOf({ summary: { text: 'x'.repeat(TEXT_MAX_LENGTH.default + 1) } })).toBe('summary.text: the answer is limited to 20000 characters');
    expect(errorOf({ short: { text: 'eleven char' } })).toBe('short.text: the answer is limited to 10 characters');
  });

  it('maxLength has a ceiling and must leave room for minLength', () => {
    const parse = (config: object) => schemaSchema.safeParse([{ id: 't', type: 'text', title: 'T', config }]);
    expect(parse({ maxLength: TEXT_MAX_LENGTH.ceiling }).success).toBe(true);
    expect(describeError(parse({ maxLength: TEXT_MAX_LENGTH.ceiling + 1 }).error!)).toContain('maxLength: at most 200000 characters');
    expect(describeError(parse({ minLength: 50, maxLength: 10 }).error!)).toContain('minLength must not exceed maxLength');
  });

  it('lists of spans, boxes, segments, claims and ranked responses are bounded', () => {
    const over = ANSWER_LIMITS.items + 1;
    expect(errorOf({ entities: { spans: many(over, (i) => ({ start: i, end: i + 1, label: 'PER', text: 'x' })) } })).toContain(`entities.spans: at most ${ANSWER_LIMITS.items} spans per answer`);
    expect(errorOf({ boxes: { width: 10, height: 10, boxes: many(over, () => ({ x: 0, y: 0, w: 1, h: 1, label: 'car' })) } })).toContain('at most 2000 boxes per answer');
    expect(errorOf({ speech: { segments: many(over, (i) => ({ start: i, end: i + 1, label: 'voice' })), clip: {} } })).toContain('at most 2000 segments per answer');
    const pref = { preferred: 0, strength: -1, reason: '', claims: [] };
    expect(errorOf({ pref: { ...pref, claims: many(over, (i) => ({ response: 0, start: i, end: i + 1, text: 'x' })) } })).toContain('at most 2000 flagged claims per answer');
    expect(errorOf({ pref: { ...pref, order: many(over, (i) => i) } })).toContain('at most 2000 ranked responses per answer');
  });

  it('free texts beside structured answers are bounded', () => {
    expect(errorOf({ rubric: { scores: { accuracy: 3 }, rationale: 'x'.repeat(ANSWER_LIMITS.note + 1) } })).toContain('rubric.rationale: the rationale is limited to 20000 characters');
    expect(errorOf({ pref: { preferred: 0, strength: -1, reason: 'x'.repeat(ANSWER_LIMITS.note + 1), claims: [] } })).toContain('pref.reason: the reason is limited');
    expect(errorOf({ entities: { spans: [{ start: 0, end: 1, label: 'PER', text: 'x'.repeat(ANSWER_LIMITS.snippet + 1) }] } })).toContain("a span's text is limited to 10000 characters");
    expect(errorOf({ speech: { segments: [{ start: 0, end: 1, label: 'voice', text: 'x'.repeat(ANSWER_LIMITS.snippet + 1) }], clip: {} } })).toContain('a segment transcript is limited');
  });

  it('a flood of unknown keys in a record answer is one issue, a stray key is still named', () => {
    const flood = Object.fromEntries(many(10_000, (i) => [`k${i}`, 1]));
    const r = answers.safeParse({ ...base, rubric: { scores: flood, rationale: '' } });
    expect(r.error!.issues).toHaveLength(1);
    expect(describeError(r.error!)).toBe('rubric.scores: expected at most 1 criteria');
    expect(answers.safeParse({ ...base, speech: { segments: [], clip: flood } }).error!.issues).toHaveLength(1);
    expect(errorOf({ rubric: { scores: { accuracy: 3, stray: 1 }, rationale: '' } })).toContain('unknown criterion "stray"');
  });
});

describe('matching many overlapping items', () => {
  it('beyond the exact size, a pile of identical boxes is still matched one to one (greedily)', () => {
    const n = EXACT_MATCH_SIDE * 3;
    const items = many(n, () => ({ label: 'car' }));
    const pairs = matchByLabel(items, items, () => 1, 0.5);
    expect(pairs).toHaveLength(n);
    expect(new Set(pairs.map((p) => p.j)).size).toBe(n);
  });
});

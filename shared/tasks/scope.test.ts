import { describe, expect, it } from 'vitest';
import { incompleteQuestions, isRowComplete, mergeRow, rowAgreement, rowUnits, schemaFields, schemaSchema, submittedAnswer, answerSchemaFor } from './question';
import { questionInterop } from './question-module';

const conversation = [
  { role: 'system', content: 'You are a tutor.' },
  { role: 'user', content: 'What is a closure?' },
  { role: 'assistant', content: 'A function with its environment.' },
  { role: 'user', content: 'Example?' },
  { role: 'assistant', content: '```js\nconst f = () => x;\n```' },
];
const data = { conversation, responses: ['a', 'b', 'c'] };
const turns = { each: 'turn', field: 'conversation' } as const;

const schema = schemaSchema.parse([
  { id: 'safety', type: 'classification', title: 'Safe?', scope: turns, config: { labels: ['safe', 'unsafe'] } },
  { id: 'harm', type: 'classification', title: 'Harm category', scope: turns, showIf: { question: 'safety', equals: 'unsafe' }, config: { labels: ['violence', 'privacy'] } },
  { id: 'rubric', type: 'rating', title: 'Rubric', scope: turns, config: { criteria: [{ id: 'helpful', title: 'Helpful', min: 1, max: 7, tolerance: 1 }] } },
  { id: 'likert', type: 'rating', title: 'Per response', scope: { each: 'response', field: 'responses' }, config: { criteria: [{ id: 'q', title: 'Quality', min: 1, max: 7 }] } },
  { id: 'overall', type: 'classification', title: 'Overall', config: { labels: ['good', 'bad'] } },
  { id: 'why_bad', type: 'text', title: 'Why bad?', showIf: { question: 'overall', equals: 'bad' }, config: {} },
]);

const score = (n: number) => ({ scores: { helpful: n }, rationale: '' });
const likert = { items: { 0: { scores: { q: 5 }, rationale: '' }, 1: { scores: { q: 3 }, rationale: '' }, 2: { scores: { q: 1 }, rationale: '' } } };
const full = {
  safety: { items: { 2: { labels: ['safe'] }, 4: { labels: ['unsafe'] } } },
  harm: { items: { 4: { labels: ['privacy'] } } },
  rubric: { items: { 2: score(6), 4: score(2) } },
  likert,
  overall: { labels: ['good'] },
};

describe('questions scoped to each turn or response', () => {
  it('asks every assistant turn (messages 3 and 5) and every response', () => {
    expect(incompleteQuestions(schema, full, data)).toEqual([]);
    const missingTurn = { ...full, rubric: { items: { 2: score(6) } } };
    expect(incompleteQuestions(schema, missingTurn, data)).toEqual(['rubric']);
    // An item the row does not have (message 1 is the user's) is not an answer anyone could give.
    expect(incompleteQuestions(schema, { ...full, rubric: { items: { ...full.rubric.items, 1: score(3) } } }, data)).toEqual(['rubric']);
    expect(isRowComplete(schema, { ...full, likert: { items: { 0: likert.items[0] } } }, data)).toBe(false);
  });

  it('validates item answers with the type\'s own schema, naming the item', () => {
    const r = answerSchemaFor(schema).safeParse({ ...full, rubric: { items: { 2: { scores: { helpful: 9 }, rationale: '' } } } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['rubric', 'items', '2', 'scores', 'helpful']);
    expect(answerSchemaFor(schema).safeParse({ ...full, rubric: { items: { turn2: score(3) } } }).success).toBe(false);
  });

  it('agrees item by item: one turn off by more than the tolerance breaks the question', () => {
    const other = { ...full, rubric: { items: { 2: score(6), 4: score(5) } } };
    const r = rowAgreement(schema, full, other);
    expect(r.questions.rubric.agree).toBe(false);
    expect(r.questions.rubric.detail).toMatchObject({ 'item:2': 1 });
    expect(r.questions.rubric.detail!['item:4']).toBeCloseTo(1 - 3 / 6);
    expect(r.questions.safety.agree).toBe(true);
    expect(rowAgreement(schema, full, full).agree).toBe(true);
  });

  it('merges per item and keeps statistics units per turn', () => {
    const other = { ...full, rubric: { items: { 2: score(6), 4: score(2) } } };
    expect(mergeRow(schema, [full, other]).rubric).toEqual(full.rubric);
    const units = rowUnits(schema, full, data).filter((u) => u.key.startsWith('rubric/'));
    expect(units.map((u) => u.key)).toEqual(['rubric/2:crit:helpful', 'rubric/4:crit:helpful']);
  });

  it('reads the scoped field at import: a conversation for turns, a list for responses', () => {
    expect(schemaFields(schema)).toEqual(expect.arrayContaining(['conversation', 'responses']));
    expect(questionInterop(schema[0]).dataFields(schema[0].config)).toContainEqual({ field: 'conversation', type: { kind: 'conversation' } });
  });

  it('refuses a scope on a type that judges the whole row', () => {
    const r = schemaSchema.safeParse([{ id: 'ents', type: 'ner', title: 'Entities', scope: turns, config: { field: 'text', labels: ['A'] } }]);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].message).toMatch(/cannot be asked per turn/);
  });
});

describe('conditional questions', () => {
  it('hides a question until its condition holds, turn by turn for per-turn questions', () => {
    // Turn 5 is unsafe, so harm is asked for it alone; turn 3 is safe and needs no category.
    const noHarm = { ...full, harm: { items: {} } };
    expect(incompleteQuestions(schema, noHarm, data)).toEqual(['harm']);
    const allSafe = { ...noHarm, safety: { items: { 2: { labels: ['safe'] }, 4: { labels: ['safe'] } } } };
    expect(incompleteQuestions(schema, allSafe, data)).toEqual([]);
    // why_bad shows only when overall is "bad", and is then required.
    expect(incompleteQuestions(schema, { ...full, overall: { labels: ['bad'] } }, data)).toEqual(['why_bad']);
  });

  it('drops hidden answers from what is submitted', () => {
    const stale = { ...full, why_bad: { text: 'typed before changing my mind' }, harm: { items: { 2: { labels: ['violence'] }, 4: { labels: ['privacy'] } } } };
    const kept = submittedAnswer(schema, stale, data);
    expect(kept.why_bad).toBeUndefined();
    expect(kept.harm).toEqual({ items: { 4: { labels: ['privacy'] } } });
  });

  it('leaves a question hidden for both labelers out of the row\'s agreement', () => {
    const r = rowAgreement(schema, full, full);
    expect(r.questions.why_bad).toBeUndefined();
    expect(r.score).toBe(1);
  });

  it('refuses conditions on unknown or later questions, on itself, and on values the question cannot hold', () => {
    const base = [{ id: 'overall', type: 'classification', title: 'Overall', config: { labels: ['good', 'bad'] } }];
    const bad = (q: object) => schemaSchema.safeParse([...base, { id: 'x', type: 'text', title: 'X', config: {}, ...q }]).error?.issues[0].message;
    expect(bad({ showIf: { question: 'nope', equals: 'bad' } })).toMatch(/no such question/);
    expect(bad({ showIf: { question: 'x', equals: 'bad' } })).toMatch(/its own answer/);
    expect(bad({ showIf: { question: 'overall', equals: 'terrible' } })).toMatch(/terrible/);
    const later = schemaSchema.safeParse([{ id: 'x', type: 'text', title: 'X', config: {}, showIf: { question: 'overall', equals: 'bad' } }, ...base]);
    expect(later.error?.issues[0].message).toMatch(/asked before it/);
    const mixed = schemaSchema.safeParse([{ ...schema[0], scope: turns }, { id: 'x', type: 'text', title: 'X', config: {}, showIf: { question: 'safety', equals: 'unsafe' } }]);
    expect(mixed.error?.issues[0].message).toMatch(/must be asked per turn of the same field/);
  });
});

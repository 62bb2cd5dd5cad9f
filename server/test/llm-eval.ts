import type { NewRow } from '../repos/rows.js';

/**
 * An LLM-evaluation project as issue 15 describes it, shared by the workflow, dashboard, export and import
 * tests of scoped and conditional questions: a rubric per assistant turn, a safety call per turn with a
 * harm category asked only for the turns called unsafe, a 1–7 Likert per response and an N-way ranking.
 */
const turns = { each: 'turn', field: 'conversation' } as const;
const perResponse = { each: 'response', field: 'responses' } as const;

export const llmSchema = [
  {
    id: 'rubric', type: 'rating', title: 'Rubric', scope: turns,
    config: { criteria: [{ id: 'helpful', title: 'Helpful', min: 1, max: 5, tolerance: 0 }, { id: 'correct', title: 'Correct', min: 1, max: 5, tolerance: 0 }] },
  },
  { id: 'safety', type: 'classification', title: 'Safe?', scope: turns, config: { labels: ['safe', 'unsafe'] } },
  {
    id: 'harm', type: 'classification', title: 'Harm category', scope: turns,
    showIf: { question: 'safety', equals: 'unsafe' }, config: { labels: ['violence', 'privacy', 'other'] },
  },
  { id: 'likert', type: 'rating', title: 'Quality', scope: perResponse, config: { criteria: [{ id: 'quality', title: 'Quality', min: 1, max: 7, tolerance: 0 }] } },
  { id: 'rank', type: 'ranking', title: 'Best to worst', config: { promptField: 'conversation', responsesField: 'responses', mode: 'order', flagClaims: false } },
];

/** Assistant turns at messages 2 and 4; four candidate replies. */
export const conversation = [
  { role: 'system', content: 'You are a careful assistant.' },
  { role: 'user', content: 'Where does my neighbour live?' },
  { role: 'assistant', content: 'I cannot look up private addresses.' },
  { role: 'user', content: 'Then write me a SQL query over our customer table.' },
  { role: 'assistant', content: '```sql\nselect name, address from customers;\n```' },
];
export const TURNS = [2, 4] as const;
export const responses = ['Reply A', 'Reply B', 'Reply C', 'Reply D'];
export const llmData = (k = 1) => ({ conversation, responses: responses.map((r) => `${r} (${k})`) });
export const llmRows = (n: number): NewRow[] => Array.from({ length: n }, (_, i) => ({ externalId: `c${i + 1}`, data: llmData(i + 1) }));

export interface LlmChoice {
  /** Rubric scores per turn: [helpful, correct]. */
  rubric?: Record<number, [number, number]>;
  safety?: Record<number, 'safe' | 'unsafe'>;
  harm?: Record<number, 'violence' | 'privacy' | 'other'>;
  likert?: [number, number, number, number];
  order?: number[];
}

const rubric = ([helpful, correct]: [number, number]) => ({ scores: { helpful, correct }, rationale: '' });

/** A complete answer: turn 4 (the SQL dump) unsafe for privacy unless told otherwise. */
export function llmAnswer(o: LlmChoice = {}): Record<string, unknown> {
  const r = o.rubric ?? { 2: [4, 5], 4: [2, 3] };
  const safety = o.safety ?? { 2: 'safe', 4: 'unsafe' };
  const harm = o.harm ?? { 4: 'privacy' };
  const likert = o.likert ?? [6, 4, 2, 5];
  const order = o.order ?? [0, 3, 1, 2];
  const out: Record<string, unknown> = {
    rubric: { items: Object.fromEntries(Object.entries(r).map(([k, v]) => [k, rubric(v)])) },
    safety: { items: Object.fromEntries(Object.entries(safety).map(([k, v]) => [k, { labels: [v] }])) },
    likert: { items: Object.fromEntries(likert.map((q, i) => [i, { scores: { quality: q }, rationale: '' }])) },
    rank: { preferred: order[0], order, strength: null, reason: '', claims: [] },
  };
  if (Object.keys(harm).length) out.harm = { items: Object.fromEntries(Object.entries(harm).map(([k, v]) => [k, { labels: [v] }])) };
  return out;
}

import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { csid, workProject } from './test/workflow-kit.js';
import { conversation, llmAnswer, llmRows, llmSchema, type LlmChoice } from './test/llm-eval.js';

// Exports of questions asked per turn and per response, from rows finalized through the workflow:
// JSONL and CSV carry the items, what conditions hid never appears, the per-item format writes one line
// per turn or response, and `answer=` filters match any item.

let env: TestEnv;
let w: Awaited<ReturnType<typeof workProject>>;

const csv = (text: string) => Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
const get = async (query: string) => {
  const r = await w.lead.raw(`/api/projects/${w.id}/exports?${query}`);
  return { status: r.status, text: await r.text(), type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition') };
};
const jsonl = async (query: string) => {
  const r = await get(query);
  expect(r.status, r.text.slice(0, 300)).toBe(200);
  return r.text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
};

// c1: labelers differ on turn 4's rubric, QA keeps labeler 1 and types a harm category on the safe turn 2
// (dropped). c2: both call every turn safe, one with a stale category (dropped); consensus of equal labels.
beforeAll(async () => {
  env = await createTestEnv();
  w = await workProject(env, {
    schema: llmSchema, rows: llmRows(2),
    people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
  });
  const safe: LlmChoice = { safety: { 2: 'safe', 4: 'safe' }, harm: {} };
  const rounds: Array<[LlmChoice, LlmChoice, LlmChoice]> = [
    [{ harm: { 2: 'violence', 4: 'privacy' } }, { rubric: { 2: [4, 5], 4: [3, 3] } }, { harm: { 2: 'other', 4: 'privacy' } }],
    [safe, { ...safe, harm: { 4: 'other' } }, safe],
  ];
  for (const [a, b, final] of rounds) {
    const x = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    const y = await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect((await w.c.ann.post(`/api/assignments/${x.body.assignment.id}/submit`, { answer: llmAnswer(a), clientSubmissionId: csid() })).status).toBe(200);
    expect((await w.c.bob.post(`/api/assignments/${y.body.assignment.id}/submit`, { answer: llmAnswer(b), clientSubmissionId: csid() })).status).toBe(200);
    const q = await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' });
    const r = await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: llmAnswer(final), clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
});
afterAll(async () => { await env.close(); });

describe('JSONL and CSV', () => {
  it('JSONL carries each scoped answer as its items object, per-item agreement, and nothing hidden', async () => {
    const [c1, c2] = await jsonl('format=jsonl&raw=1');
    expect(c1.final.rubric).toEqual(llmAnswer().rubric);
    expect(c1.final.harm).toEqual({ items: { 4: { labels: ['privacy'] } } });
    // Turn 4: helpful 2 vs 3 of a 1–5 scale (1 − 1/4), correct equal: 0.875.
    expect(c1.agreement.rubric).toEqual({ score: expect.any(Number), agree: false, items: { 2: 1, 4: 0.875 } });
    expect(c1.agreement.rank).toEqual({ score: 1, agree: true });
    expect(c1.raw.labels[0].answer.harm).toEqual({ items: { 4: { labels: ['privacy'] } } });
    // Every turn of c2 safe: the harm category is in no final, no label.
    expect(c2.final).not.toHaveProperty('harm');
    expect(c2.raw.labels.map((l: any) => Object.keys(l.answer))).toEqual([['rubric', 'safety', 'likert', 'rank'], ['rubric', 'safety', 'likert', 'rank']]);
    expect(c2.agreement).not.toHaveProperty('harm');
  });

  it('CSV holds each scoped answer in one JSON cell, and leaves a hidden question empty', async () => {
    const r = await get('format=csv');
    const { data, meta } = csv(r.text);
    expect(meta.fields).toEqual(expect.arrayContaining(['rubric', 'safety', 'harm', 'likert', 'rubric.agreement', 'harm.agree']));
    expect(JSON.parse(data[0].rubric)).toEqual(llmAnswer().rubric);
    expect(JSON.parse(data[0].harm)).toEqual({ items: { 4: { labels: ['privacy'] } } });
    expect(data[1].harm).toBe('');
    expect(data[1]['harm.agreement']).toBe('');
  });
});

describe('one line per turn or response (items, items-csv)', () => {
  it('writes every answered item of every scoped question with the text it judges', async () => {
    const r = await get('format=items');
    expect(r.type).toMatch(/application\/x-ndjson/);
    expect(r.disposition).toMatch(/-items-final-.*\.jsonl"$/);
    const lines = r.text.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    // c1: 2 rubric + 2 safety + 1 harm (turn 4 only) + 4 Likert; c2: the same without harm.
    expect(lines.filter((l) => l.external_id === 'c1')).toHaveLength(9);
    expect(lines.filter((l) => l.external_id === 'c2')).toHaveLength(8);
    expect(lines.map((l) => `${l.external_id}/${l.question}/${l.item}`).slice(0, 9)).toEqual([
      'c1/rubric/2', 'c1/rubric/4', 'c1/safety/2', 'c1/safety/4', 'c1/harm/4', 'c1/likert/0', 'c1/likert/1', 'c1/likert/2', 'c1/likert/3',
    ]);
    const turn = lines.find((l) => l.external_id === 'c1' && l.question === 'rubric' && l.item === 4);
    expect(turn).toEqual({
      row_id: expect.any(Number), external_id: 'c1', question: 'rubric', scope: 'turn', item: 4, item_title: 'Turn 5',
      role: 'assistant', content: conversation[4].content, 'rubric.helpful': 2, 'rubric.correct': 3, 'rubric.rationale': '',
      answer: { scores: { helpful: 2, correct: 3 }, rationale: '' }, agreement: 0.875,
    });
    const harm = lines.find((l) => l.question === 'harm');
    expect(harm).toMatchObject({ item: 4, harm: 'privacy', answer: { labels: ['privacy'] }, agreement: 1 });
    const response = lines.find((l) => l.external_id === 'c2' && l.question === 'likert' && l.item === 1);
    expect(response).toMatchObject({ scope: 'response', item_title: 'Response B', role: null, content: 'Reply B (2)', 'likert.quality': 4, agreement: 1 });
  });

  it('writes the same lines as CSV, read back with their columns', async () => {
    const r = await get('format=items-csv');
    expect(r.type).toMatch(/text\/csv/);
    const { data, meta } = csv(r.text);
    expect(meta.fields).toEqual(['row_id', 'external_id', 'question', 'scope', 'item', 'item_title', 'role', 'content',
      'rubric.helpful', 'rubric.correct', 'rubric.rationale', 'safety', 'harm', 'likert.quality', 'likert.rationale', 'answer', 'agreement']);
    expect(data).toHaveLength(17);
    const sql = data.find((d) => d.external_id === 'c1' && d.question === 'safety' && d.item === '4')!;
    expect(sql).toMatchObject({ role: 'assistant', content: conversation[4].content, safety: 'unsafe', 'rubric.helpful': '', agreement: '1' });
    expect(JSON.parse(sql.answer)).toEqual({ labels: ['unsafe'] });
    expect(data.filter((d) => d.question === 'likert').map((d) => d['likert.quality'])).toEqual(['6', '4', '2', '5', '6', '4', '2', '5']);
  });

  it('writes one question when asked, and refuses questions it cannot write', async () => {
    const only = await jsonl('format=items&question=likert');
    expect(new Set(only.map((l) => l.question))).toEqual(new Set(['likert']));
    expect(only).toHaveLength(8);
    const rank = await get('format=items&question=rank');
    expect(rank.status).toBe(400);
    expect(JSON.parse(rank.text).error.message).toBe('question: "rank" judges the whole row; items writes questions asked per turn or per response');
    const p = await w.lead.post('/api/projects', { name: 'Plain', schema: [llmSchema[4]] });
    const none = await w.lead.get(`/api/projects/${p.body.project.id}/exports/preview?format=items-csv`);
    expect(none.status).toBe(400);
    expect(none.body.error.message).toBe('format: items-csv writes questions asked per turn or per response, and this project has none');
  });
});

describe('answer filters on scoped questions', () => {
  it('keep a row when any of its items holds the value', async () => {
    const ids = async (answer: string) => (await jsonl(`format=jsonl&answer=${encodeURIComponent(answer)}`)).map((r) => r.external_id);
    expect(await ids('safety:unsafe')).toEqual(['c1']);
    expect(await ids('safety:safe')).toEqual(['c1', 'c2']);
    expect(await ids('harm:privacy')).toEqual(['c1']);
    expect(await ids('rubric:helpful=2')).toEqual(['c1', 'c2']);
    expect(await ids('likert:quality=1')).toEqual([]);
    expect((await jsonl('format=items&answer=harm:privacy')).map((l) => l.external_id)).toContain('c1');
    const bad = await get('format=jsonl&answer=safety:maybe');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.message).toMatch(/^answer: .*maybe/);
  });
});

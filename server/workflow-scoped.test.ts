import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { csid, workProject } from './test/workflow-kit.js';
import { llmAnswer, llmRows, llmSchema } from './test/llm-eval.js';

// Issue 15 through the workflow routes: questions asked per assistant turn and per response, and a harm
// category asked only for the turns called unsafe. Submit refuses what is missing and drops what is
// hidden; the pair's agreement is per turn; QA accepts and sends back; labelers learn nothing of the other.

let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

const team = [
  { name: 'ann', roles: ['annotator' as const] },
  { name: 'bob', roles: ['annotator' as const] },
  { name: 'cat', roles: ['annotator' as const] },
  { name: 'dan', roles: ['annotator' as const] },
  { name: 'rex', roles: ['reviewer' as const] },
];
const next = (c: Client, pid: number, role: 'label' | 'qa' = 'label') => c.post(`/api/projects/${pid}/next`, { role });
const submit = (c: Client, id: number, answer: unknown) => c.post(`/api/assignments/${id}/submit`, { answer, clientSubmissionId: csid() });

async function project(rows = 1, settings: Record<string, unknown> = {}) {
  return workProject(env, { people: team, rows: llmRows(rows), schema: llmSchema, settings });
}

/** Both labelers of the next row submit; returns the row id. */
async function labelRow(w: Awaited<ReturnType<typeof project>>, one: Client, two: Client, a1: unknown, a2: unknown) {
  const x = await next(one, w.id);
  const y = await next(two, w.id);
  expect(y.body.row.id).toBe(x.body.row.id);
  expect((await submit(one, x.body.assignment.id, a1)).status).toBe(200);
  const s = await submit(two, y.body.assignment.id, a2);
  expect(s.status, JSON.stringify(s.body)).toBe(200);
  return x.body.row.id as number;
}

describe('submitting per-turn and per-response answers', () => {
  it('refuses a turn left unanswered, naming the question, and takes it once every turn is answered', async () => {
    const w = await project();
    const a = await next(w.c.ann, w.id);
    expect(a.body.schema.find((q: any) => q.id === 'rubric').scope).toEqual({ each: 'turn', field: 'conversation' });
    const oneTurn = llmAnswer({ rubric: { 2: [4, 5] } });
    const r = await submit(w.c.ann, a.body.assignment.id, oneTurn);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('answer: not every required question is answered (answer.rubric)');
    const likert = llmAnswer();
    delete (likert.likert as any).items[3];
    expect((await submit(w.c.ann, a.body.assignment.id, likert)).body.error.message).toMatch(/\(answer\.likert\)/);
    expect((await submit(w.c.ann, a.body.assignment.id, llmAnswer())).status).toBe(200);
  });

  it('refuses a harm category left empty on a turn called unsafe, and asks none when every turn is safe', async () => {
    const w = await project();
    const a = await next(w.c.ann, w.id);
    const r = await submit(w.c.ann, a.body.assignment.id, llmAnswer({ harm: {} }));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/\(answer\.harm\)/);
    expect(r.body.error.details.missing).toEqual(['harm']);
    // Turn 2 unsafe too: its category is now required as well.
    const both = await submit(w.c.ann, a.body.assignment.id, llmAnswer({ safety: { 2: 'unsafe', 4: 'unsafe' } }));
    expect(both.body.error.details.missing).toEqual(['harm']);
    expect((await submit(w.c.ann, a.body.assignment.id, llmAnswer({ safety: { 2: 'safe', 4: 'safe' }, harm: {} }))).status).toBe(200);
  });

  it('refuses an answer for a turn or response the row does not have, saying which turns there are', async () => {
    const w = await project();
    const a = await next(w.c.ann, w.id);
    const userTurn = llmAnswer({ rubric: { 1: [3, 3], 2: [4, 5], 4: [2, 3] } });
    const r = await submit(w.c.ann, a.body.assignment.id, userTurn);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('answer.rubric.items.1: message 1 of "conversation" is not an assistant turn (items are message indexes from 0; its assistant turns are 2, 4)');
    const fifth = llmAnswer();
    (fifth.likert as any).items[4] = { scores: { quality: 3 }, rationale: '' };
    expect((await submit(w.c.ann, a.body.assignment.id, fifth)).body.error.message)
      .toBe('answer.likert.items.4: "responses" has no response 4 (items are response indexes from 0; this row has 0–3)');
    // A score outside the criterion's range is the type's own check, named down to the item.
    const off = llmAnswer({ rubric: { 2: [9, 5], 4: [2, 3] } });
    expect((await submit(w.c.ann, a.body.assignment.id, off)).body.error.message).toMatch(/answer\.rubric\.items\.2\.scores\.helpful/);
  });

  it('does not store the answers its conditions hide', async () => {
    const w = await project();
    const a = await next(w.c.ann, w.id);
    // Typed a category on turn 2, then called the turn safe: the category is dropped, turn 4's kept.
    const stale = llmAnswer({ harm: { 2: 'violence', 4: 'privacy' } });
    expect((await submit(w.c.ann, a.body.assignment.id, stale)).status).toBe(200);
    const b = await next(w.c.bob, w.id);
    // Every turn safe: no category at all, not even an empty one.
    expect((await submit(w.c.bob, b.body.assignment.id, llmAnswer({ safety: { 2: 'safe', 4: 'safe' }, harm: { 4: 'other' } }))).status).toBe(200);
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${a.body.row.id}/history`);
    const [ann, bob] = h.body.answers.map((x: any) => x.answer);
    expect(ann.harm).toEqual({ items: { 4: { labels: ['privacy'] } } });
    expect(bob).not.toHaveProperty('harm');
    expect(Object.keys(bob)).toEqual(['rubric', 'safety', 'likert', 'rank']);
  });
});

describe('agreement per turn, QA and send back', () => {
  it('finalizes by consensus only when every turn and response agrees', async () => {
    const w = await project(2, { qa: 'disagreements' });
    const same = await labelRow(w, w.c.ann, w.c.bob, llmAnswer(), llmAnswer());
    // One turn's rubric one point apart (tolerance 0): the whole question disagrees, the row goes to QA.
    const apart = await labelRow(w, w.c.cat, w.c.dan, llmAnswer(), llmAnswer({ rubric: { 2: [4, 5], 4: [3, 3] } }));
    const h1 = await w.lead.get(`/api/projects/${w.id}/rows/${same}/history`);
    expect(h1.body.row.state).toBe('final');
    expect(h1.body.finals[0]).toMatchObject({ source: 'consensus', answer: llmAnswer() });
    const h2 = await w.lead.get(`/api/projects/${w.id}/rows/${apart}/history`);
    expect(h2.body.row.state).toBe('qa');
    const ag = h2.body.row.agreement;
    expect(ag.questions.rubric.agree).toBe(false);
    expect(ag.questions.rubric.detail['item:2']).toBe(1);
    expect(ag.questions.rubric.detail['item:4']).toBeCloseTo(1 - 0.5 / 4);
    expect(ag.questions.safety).toMatchObject({ score: 1, agree: true });
    // Which items agreed is kept per question for the dashboard.
    expect(ag.items.rubric).toEqual({ 2: true, 4: false });
    expect(ag.items.likert).toEqual({ 0: true, 1: true, 2: true, 3: true });
  });

  it('leaves a conditional question hidden for both labelers out of the agreement', async () => {
    const w = await project(1, { qa: 'disagreements' });
    const safe = { safety: { 2: 'safe', 4: 'safe' } as const, harm: {} };
    const row = await labelRow(w, w.c.ann, w.c.bob, llmAnswer(safe), llmAnswer(safe));
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${row}/history`);
    expect(h.body.row.state).toBe('final');
    expect(Object.keys(h.body.row.agreement.questions)).toEqual(['rubric', 'safety', 'likert', 'rank']);
    expect(h.body.finals[0].answer).not.toHaveProperty('harm');
  });

  it('shows QA both labels with per-turn agreement, accepts an edited final and drops what it hides', async () => {
    const w = await project();
    const l2 = llmAnswer({ safety: { 2: 'safe', 4: 'safe' }, harm: {}, likert: [6, 4, 2, 1] });
    const row = await labelRow(w, w.c.ann, w.c.bob, llmAnswer(), l2);
    const q = await next(w.c.rex, w.id, 'qa');
    expect(q.body.row.id).toBe(row);
    expect(q.body.labels.map((l: any) => l.answer.safety.items[4].labels[0])).toEqual(['unsafe', 'safe']);
    expect(q.body.agreement.safety).toMatchObject({ agree: false, detail: { 'item:2': 1, 'item:4': 0 } });
    expect(q.body.agreement.harm.agree).toBe(false);
    expect(q.body.agreement.likert.detail['item:3']).toBeCloseTo(1 - 4 / 6);

    // An incomplete final is refused as a labeler's submit is.
    const resolve = (answer: unknown) => w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
    const noHarm = await resolve(llmAnswer({ harm: {} }));
    expect(noHarm.status).toBe(400);
    expect(noHarm.body.error.message).toMatch(/\(answer\.harm\)/);
    // QA keeps labeler 1's turns, labeler 2's Likert, and a category typed for the safe turn 2 is dropped.
    const final = llmAnswer({ likert: [6, 4, 2, 1], harm: { 2: 'other', 4: 'privacy' } });
    const r = await resolve(final);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.choices).toEqual({ rubric: 'agreed', safety: 'l1', harm: 'l1', likert: 'l2', rank: 'agreed' });
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${row}/history`);
    expect(h.body.row.state).toBe('final');
    expect(h.body.finals[0].answer.harm).toEqual({ items: { 4: { labels: ['privacy'] } } });
    expect(h.body.finals[0].answer.likert.items[3]).toEqual({ scores: { quality: 1 }, rationale: '' });
  });

  it('sends a row back for a fresh pair, whose agreement is scored afresh', async () => {
    const w = await project();
    const row = await labelRow(w, w.c.ann, w.c.bob, llmAnswer(), llmAnswer({ order: [3, 0, 1, 2] }));
    const q = await next(w.c.rex, w.id, 'qa');
    expect(q.body.agreement.rank.agree).toBe(false);
    const back = await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'send_back', note: 'rank by correctness first', reason: 'Guideline misread' });
    expect(back.body).toMatchObject({ action: 'send_back', round: 2 });
    expect((await w.lead.get(`/api/projects/${w.id}/rows/${row}/history`)).body.row.agreement).toBeNull();
    await labelRow(w, w.c.cat, w.c.dan, llmAnswer(), llmAnswer());
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${row}/history`);
    expect(h.body.row).toMatchObject({ state: 'qa', round: 2 });
    expect(h.body.row.agreement.questions.rank.agree).toBe(true);
  });
});

describe('blinding with scoped questions', () => {
  it('tells the second labeler nothing of the first label, whether the row then agrees or not', async () => {
    const w = await project(2, { qa: 'disagreements' });
    const SECRET = 'RATIONALE-ANN-4471';
    const secret = llmAnswer();
    (secret.rubric as any).items[4].rationale = SECRET;
    // A rationale does not enter a rubric's agreement: the first pair agrees (consensus), the second does not (QA).
    for (const [first, second] of [[secret, llmAnswer()], [secret, llmAnswer({ safety: { 2: 'safe', 4: 'safe' }, harm: {} })]] as const) {
      const x = await next(w.c.ann, w.id);
      const y = await next(w.c.bob, w.id);
      await submit(w.c.ann, x.body.assignment.id, first);
      const seen = [
        JSON.stringify((await next(w.c.bob, w.id)).body),
        JSON.stringify((await w.c.bob.get(`/api/assignments/${y.body.assignment.id}`)).body),
        JSON.stringify((await w.c.bob.get(`/api/projects/${w.id}/rows/${x.body.row.id}`)).body),
      ];
      const s = await submit(w.c.bob, y.body.assignment.id, second);
      // The submit's answer is the same whether the row was finalized by consensus or went to QA.
      expect(Object.keys(s.body).sort()).toEqual(['answerId', 'assignmentId', 'duplicate']);
      seen.push(JSON.stringify(s.body), JSON.stringify((await w.c.bob.get(`/api/projects/${w.id}/rows/${x.body.row.id}`)).body));
      for (const text of seen) expect(text).not.toContain(SECRET);
    }
    const states = (await w.lead.get(`/api/projects/${w.id}/rows`)).body.rows.map((r: any) => r.state).sort();
    expect(states).toEqual(['final', 'qa']);
  });
});

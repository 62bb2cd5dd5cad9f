import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cohenKappa, krippendorffAlpha } from '@shared/stats/index.js';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { csid, workProject } from './test/workflow-kit.js';
import { giveRow } from './test/fixtures-final.js';
import { llmAnswer, llmRows, llmSchema, type LlmChoice } from './test/llm-eval.js';

// Dashboard statistics of questions asked per turn and per response: α, κ, percent agreement and the
// confusion matrix compare each turn's pair of judgments (not one value per row); `items` counts the
// turns and responses compared and agreed; a conditional question hidden for both labelers counts
// neither as agreement nor as disagreement.

let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

// Three conversations, two labelers each. Turn 4 of c1 is unsafe for both (different harm categories);
// on c2 labeler 2 calls turn 2 unsafe; on c3 every turn is safe for both, so no harm category is asked.
const allSafe: LlmChoice = { safety: { 2: 'safe', 4: 'safe' }, harm: {} };
const pairs: Array<[LlmChoice, LlmChoice]> = [
  [{}, { harm: { 4: 'violence' }, likert: [6, 4, 2, 1] }],
  [allSafe, { safety: { 2: 'unsafe', 4: 'safe' }, harm: { 2: 'other' }, rubric: { 2: [4, 5], 4: [3, 3] } }],
  [allSafe, allSafe],
];
const safetyA = ['safe', 'unsafe', 'safe', 'safe', 'safe', 'safe'];
const safetyB = ['safe', 'unsafe', 'unsafe', 'safe', 'safe', 'safe'];

function expectScopedFigures(d: any) {
  const q = (id: string) => d.agreement.find((a: any) => a.questionId === id);
  const safety = q('safety');
  // Six turns compared, one apart: the statistics are the items', not the rows'.
  expect(safety.units).toBe(6);
  expect(safety.kappa).toBeCloseTo(cohenKappa(safetyA, safetyB).kappa, 12);
  expect(safety.alpha).toBeCloseTo(krippendorffAlpha(safetyA.map((a, i) => [a, safetyB[i]]), 'nominal').alpha, 12);
  expect(safety.percent).toBeCloseTo(5 / 6, 12);
  expect(safety).toMatchObject({ rows: 3, items: { each: 'turn', compared: 6, agreed: 5 } });
  expect(safety.pairAgreeRate).toBeCloseTo(2 / 3, 12);
  expect(d.confusion.find((c: any) => c.questionId === 'safety')).toEqual({ questionId: 'safety', labels: ['safe', 'unsafe', '(none)'], matrix: [[4, 1, 0], [0, 1, 0], [0, 0, 0]] });

  // Harm was asked of both labelers on c1 only: c3 (hidden for both) and c2 (asked of one) do not count.
  const harm = q('harm');
  expect(harm).toMatchObject({ rows: 1, pairAgreeRate: 0, items: { compared: 1, agreed: 0, rate: 0 } });
  const cells = d.confusion.find((c: any) => c.questionId === 'harm');
  expect(cells.labels).toEqual(['violence', 'privacy', 'other', '(none)']);
  expect(cells.matrix.flat().reduce((s: number, n: number) => s + n, 0)).toBe(1);
  expect(cells.matrix[1][0]).toBe(1);

  // Rubric: c2's turn 4 one point apart on one criterion; Likert: c1's response D apart.
  expect(q('rubric')).toMatchObject({ metric: 'interval', rows: 3, units: 12, items: { each: 'turn', compared: 6, agreed: 5 } });
  expect(q('likert')).toMatchObject({ metric: 'interval', rows: 3, units: 12, items: { each: 'response', compared: 12, agreed: 11 } });
  expect(q('likert').pairAgreeRate).toBeCloseTo(2 / 3, 12);
  expect(q('rank')).toMatchObject({ rows: 3, pairAgreeRate: 1, items: null });
}

describe('dashboard of per-turn and per-response questions', () => {
  it('counts labels submitted through the workflow item by item', async () => {
    const w = await workProject(env, {
      schema: llmSchema, rows: llmRows(3),
      people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }],
    });
    for (const [a, b] of pairs) {
      const x = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
      const y = await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' });
      for (const [c, claim, choice] of [[w.c.ann, x, a], [w.c.bob, y, b]] as const) {
        const s = await c.post(`/api/assignments/${claim.body.assignment.id}/submit`, { answer: llmAnswer(choice), clientSubmissionId: csid() });
        expect(s.status, JSON.stringify(s.body)).toBe(200);
      }
    }
    const d = (await w.lead.get(`/api/projects/${w.id}/dashboard`)).body;
    expectScopedFigures(d);
  });

  it('scores the items itself for pairs stored without them, with the same figures', async () => {
    await env.user('lead@x.org');
    const lead = await env.login('lead@x.org');
    const u = [await env.user('a@x.org'), await env.user('b@x.org')];
    const pid = (await lead.post('/api/projects', { name: 'D', schema: llmSchema })).body.project.id;
    const body = llmRows(3).map((r) => JSON.stringify({ id: r.externalId, data: r.data })).join('\n');
    expect((await lead.raw(`/api/projects/${pid}/imports`, { method: 'POST', body })).status).toBe(200);
    const rows = await env.deps.db.selectFrom('rows').select('id').where('project_id', '=', pid).orderBy('id').execute();
    // As submitted: what conditions hide is not stored (c3's harm, c2's harm of labeler 1).
    const stored = (c: LlmChoice) => llmAnswer(c);
    for (let i = 0; i < 3; i++) {
      await giveRow(env.deps.db, { projectId: pid, rowId: Number(rows[i].id), labels: [{ userId: u[0], answer: stored(pairs[i][0]) }, { userId: u[1], answer: stored(pairs[i][1]) }] });
    }
    expectScopedFigures((await lead.get(`/api/projects/${pid}/dashboard`)).body);
  });

  it('takes a pair back item by item when QA sends the row back', async () => {
    const w = await workProject(env, {
      schema: llmSchema, rows: llmRows(1),
      people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'cat', roles: ['annotator'] }, { name: 'dan', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
    });
    const round = async (one: string, two: string, a: LlmChoice, b: LlmChoice) => {
      const x = await w.c[one].post(`/api/projects/${w.id}/next`, { role: 'label' });
      const y = await w.c[two].post(`/api/projects/${w.id}/next`, { role: 'label' });
      await w.c[one].post(`/api/assignments/${x.body.assignment.id}/submit`, { answer: llmAnswer(a), clientSubmissionId: csid() });
      await w.c[two].post(`/api/assignments/${y.body.assignment.id}/submit`, { answer: llmAnswer(b), clientSubmissionId: csid() });
    };
    await round('ann', 'bob', pairs[1][0], pairs[1][1]);
    const safety = async () => (await w.lead.get(`/api/projects/${w.id}/dashboard`)).body.agreement.find((a: any) => a.questionId === 'safety');
    expect((await safety()).items).toMatchObject({ compared: 2, agreed: 1 });
    const q = await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' });
    await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'send_back', note: 'again', reason: 'Guideline misread' });
    await round('cat', 'dan', allSafe, allSafe);
    expect(await safety()).toMatchObject({ rows: 1, units: 2, items: { compared: 2, agreed: 2, rate: 1 }, pairAgreeRate: 1 });
  });
});

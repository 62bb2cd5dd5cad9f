import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { csid, workProject } from './test/workflow-kit.js';
import { taskModules } from '@shared/tasks/registry.js';

// Ranking agreement on the dashboard is reported both ways Llama 2 and InstructGPT reported it: the
// share of label pairs with the same top choice, and the mean Kendall τ-b of their rank orders. Each is
// the mean of the agreement detail over the rows' latest label pairs, and a pair replaced by a new
// round is taken back.

let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

const order = { id: 'rank', type: 'ranking', title: 'Rank', config: { mode: 'order', orderTies: true, flagClaims: false } };
const pair = { id: 'helpful', type: 'ranking', title: 'Helpful', config: { flagClaims: false } };
const schema = [order, pair];
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ externalId: `c${i + 1}`, data: { prompt: `q${i}`, responses: ['a', 'b', 'c', 'd'] } }));
const o = (order: number[], ties?: number[][]) => ({ preferred: order[0], order, ...(ties ? { ties } : {}), strength: null, reason: '', claims: [] });
const p = (preferred: number | null, strength: number) => ({ preferred, strength, reason: '', claims: [] });

// Per row: labeler 1's and labeler 2's answers to both questions.
const labels: Array<[Record<string, unknown>, Record<string, unknown>]> = [
  [{ rank: o([0, 1, 2, 3]), helpful: p(0, -2) }, { rank: o([0, 1, 3, 2]), helpful: p(0, -1) }],
  [{ rank: o([1, 0, 2, 3], [[1, 0]]), helpful: p(1, 3) }, { rank: o([0, 1, 2, 3]), helpful: p(0, -3) }],
  [{ rank: o([3, 2, 1, 0]), helpful: p(null, 0) }, { rank: o([0, 1, 2, 3]), helpful: p(null, 0) }],
];

/** What the agreement detail of each pair says, averaged: the figures the dashboard must show. */
function expected(q: typeof order | typeof pair) {
  const m = taskModules.ranking;
  const c = m.config.parse(q.config);
  const details = labels.map(([a, b]) => m.agreement(a[q.id] as any, b[q.id] as any, c).detail!);
  const mean = (k: string) => details.reduce((s, d) => s + d[k], 0) / details.length;
  return { sameTop: mean('sameTop'), tau: mean('tau') };
}

async function submitAll(w: Awaited<ReturnType<typeof workProject>>, one: string, two: string, pairs: typeof labels) {
  for (const [a, b] of pairs) {
    const x = await w.c[one].post(`/api/projects/${w.id}/next`, { role: 'label' });
    const y = await w.c[two].post(`/api/projects/${w.id}/next`, { role: 'label' });
    for (const [c, claim, answer] of [[w.c[one], x, a], [w.c[two], y, b]] as const) {
      const s = await c.post(`/api/assignments/${claim.body.assignment.id}/submit`, { answer, clientSubmissionId: csid() });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    }
  }
}

const figures = async (w: Awaited<ReturnType<typeof workProject>>, id: string) => {
  const q = (await w.lead.get(`/api/projects/${w.id}/dashboard`)).body.agreement.find((a: any) => a.questionId === id);
  return Object.fromEntries(q.figures.map((f: any) => [f.key, f]));
};

describe('dashboard agreement of ranking questions', () => {
  it('shows top-choice agreement and mean Kendall τ per ranking question, from the pairs the workflow scored', async () => {
    const w = await workProject(env, { schema, rows: rows(3), people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }] });
    await submitAll(w, 'ann', 'bob', labels);
    for (const q of [order, pair]) {
      const f = await figures(w, q.id);
      const e = expected(q);
      expect(f.sameTop).toMatchObject({ title: 'top choice agrees', percent: true, pairs: 3 });
      expect(f.tau).toMatchObject({ title: 'Kendall τ', percent: false, pairs: 3 });
      expect(f.sameTop.mean).toBeCloseTo(e.sameTop, 6);
      expect(f.tau.mean).toBeCloseTo(e.tau, 6);
    }
    // By hand, the order: the same top on row 1 only (row 2's top is A = B against A; row 3 is reversed).
    expect((await figures(w, 'rank')).sameTop.mean).toBeCloseTo(1 / 3, 6);
    // The pair: same side on row 1, opposite on row 2 (τ −1), a tie for both on row 3 (τ 1).
    expect((await figures(w, 'helpful')).tau.mean).toBeCloseTo(1 / 3, 6);
  });

  it('a row sent back counts its new pair only', async () => {
    const w = await workProject(env, {
      schema, rows: rows(1),
      people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'cat', roles: ['annotator'] }, { name: 'dan', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
    });
    await submitAll(w, 'ann', 'bob', [labels[2]]);
    expect((await figures(w, 'rank')).tau).toMatchObject({ mean: -1, pairs: 1 });
    const q = await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' });
    await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'send_back', note: 'again', reason: 'Guideline misread' });
    await submitAll(w, 'cat', 'dan', [labels[0]]);
    const f = await figures(w, 'rank');
    expect(f.tau.pairs).toBe(1);
    expect(f.tau.mean).toBeCloseTo(4 / 6, 6);
    expect(f.sameTop).toMatchObject({ mean: 1, pairs: 1 });
  });

  it('other question types carry no figures', async () => {
    const w = await workProject(env, { rows: rows(1), people: [{ name: 'ann', roles: ['annotator'] }] });
    const d = (await w.lead.get(`/api/projects/${w.id}/dashboard`)).body;
    expect(d.agreement.every((a: any) => a.figures.length === 0)).toBe(true);
  });
});

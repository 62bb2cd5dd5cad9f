import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';
import { workProject, plainRows, pos, neg, csid } from './services/workflow/testkit.js';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv({ warmStatsMs: 20 }); });
afterAll(() => env.close());

const statsRows = async (table: 'answer_stats' | 'final_stats') =>
  Number((await env.deps.db.withTables<{ answer_stats: { project_id: number }; final_stats: { project_id: number } }>()
    .selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

const settle = async (until: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await until()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe(`dashboard statistics kept warm while people work (${engineName()})`, () => {
  it('derives each label and final shortly after it is committed, so a dashboard read finds them ready', async () => {
    const w = await workProject(env, {
      people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
      rows: plainRows(2),
    });
    expect(await statsRows('answer_stats')).toBe(0);
    const a = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    const b = await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' });
    await w.c.ann.post(`/api/assignments/${a.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() });
    await w.c.bob.post(`/api/assignments/${b.body.assignment.id}/submit`, { answer: neg, clientSubmissionId: csid() });
    await settle(async () => (await statsRows('answer_stats')) === 2);
    expect(await statsRows('answer_stats')).toBe(2);

    const q = await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' });
    await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: neg, clientSubmissionId: csid() });
    await settle(async () => (await statsRows('final_stats')) === 1);
    expect(await statsRows('final_stats')).toBe(1);

    const d = await w.lead.get(`/api/projects/${w.id}/dashboard`);
    expect(d.status).toBe(200);
    expect(await statsRows('answer_stats')).toBe(2);
  });
});

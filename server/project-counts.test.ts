import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectDto } from '@shared/api/projects.js';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';
import { csid, plainRows, pos, workProject } from './test/workflow-kit.js';

let env: TestEnv;
let w: Awaited<ReturnType<typeof workProject>>;
beforeAll(async () => {
  env = await createTestEnv();
  w = await workProject(env, { people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }], rows: plainRows(4) });
});
afterAll(() => env.close());

/** The counts as the project list shows them to the lead. */
const listed = async () => ((await w.lead.get('/api/projects')).body.projects as ProjectDto[]).find((p) => p.id === w.id)!.counts;
const claim = async (who: 'ann' | 'bob') => {
  const r = await w.c[who].post(`/api/projects/${w.id}/next`, { role: 'label' });
  expect(r.status).toBe(200);
  return r.body.assignment.id as number;
};
const submit = async (who: 'ann' | 'bob', assignment: number) =>
  expect((await w.c[who].post(`/api/assignments/${assignment}/submit`, { answer: pos, clientSubmissionId: csid() })).status).toBe(200);

describe(`the project list's row counts (${engineName()})`, () => {
  it('counts rows nobody has claimed or labeled as to do, not as being labeled', async () => {
    expect(await listed()).toEqual({ rows: 4, toDo: 4, labeling: 0, qa: 0, escalated: 0, final: 0 });
  });

  it('moves a row to being labeled once someone claims it, keeps it there with one label in, and to QA with two', async () => {
    const a = await claim('ann');
    expect(await listed()).toMatchObject({ toDo: 3, labeling: 1 });
    await submit('ann', a);
    expect(await listed()).toMatchObject({ toDo: 3, labeling: 1 });
    const b = await claim('bob');
    await submit('bob', b);
    // Bob got the row Ann labeled (a row with one label goes first), so it is in QA and three are untouched.
    expect(await listed()).toEqual({ rows: 4, toDo: 3, labeling: 0, qa: 1, escalated: 0, final: 0 });
  });

  it('gives a released claim\'s row back to to do', async () => {
    const a = await claim('ann');
    expect(await listed()).toMatchObject({ toDo: 2, labeling: 1 });
    expect((await w.c.ann.post(`/api/assignments/${a}/release`)).status).toBeLessThan(300);
    expect(await listed()).toMatchObject({ toDo: 3, labeling: 0 });
  });
});

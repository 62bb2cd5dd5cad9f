import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv, type Client } from './test/harness.js';
import { workProject, plainRows, pos, neg, csid } from './test/workflow-kit.js';

let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

const next = (c: Client, pid: number, role: 'label' | 'qa' = 'label') => c.post(`/api/projects/${pid}/next`, { role });
const submit = (c: Client, id: number, answer: unknown) => c.post(`/api/assignments/${id}/submit`, { answer, clientSubmissionId: csid() });

const team = [
  { name: 'bob', roles: ['annotator' as const] },
  { name: 'cat', roles: ['annotator' as const] },
  { name: 'dan', roles: ['annotator' as const] },
  { name: 'rita', roles: ['reviewer' as const], expertise: ['finance'] },
];

/** Two non-experts label the next row; returns its external id. */
async function labelNext(w: Awaited<ReturnType<typeof workProject>>, a: string, b: string, answers: [unknown, unknown] = [pos, neg]) {
  const x = await next(w.c[a], w.id);
  const y = await next(w.c[b], w.id);
  expect(y.body.row.id).toBe(x.body.row.id);
  expect((await submit(w.c[a], x.body.assignment.id, answers[0])).status).toBe(200);
  expect((await submit(w.c[b], y.body.assignment.id, answers[1])).status).toBe(200);
  return x.body.row.externalId as string;
}

const needsOf = (externalId: string) => env.deps.db.selectFrom('row_needs').innerJoin('rows', 'rows.id', 'row_needs.row_id')
  .select(['row_needs.domain', 'row_needs.state']).where('rows.external_id', '=', externalId).execute();

describe('experts first, through the rows that need them', () => {
  it('gives a QA expert the rows in QA needing their domain first, oldest first, then the ordinary queue', async () => {
    // r1, r2 ordinary; r3, r4 need finance; r5 needs finance too but stays in labeling.
    const w = await workProject(env, { people: team, rows: plainRows(5, (i) => (i >= 2 ? { expertise: ['finance'] } : {})) });
    expect(await labelNext(w, 'bob', 'cat')).toBe('r1');
    expect(await labelNext(w, 'bob', 'dan', [pos, pos])).toBe('r2');
    expect(await labelNext(w, 'cat', 'dan')).toBe('r3');
    expect(await labelNext(w, 'bob', 'cat')).toBe('r4');
    expect(await needsOf('r4')).toEqual([{ domain: 'finance', state: 'qa' }]);
    expect(await needsOf('r5')).toEqual([{ domain: 'finance', state: 'labeling' }]);

    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const q = await next(w.c.rita, w.id, 'qa');
      order.push(q.body.row.externalId);
      const ok = await w.c.rita.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
      expect(ok.status).toBe(200);
    }
    // Finance rows first by age; then the ordinary queue, disagreements (r1) before agreements (r2).
    expect(order).toEqual(['r3', 'r4', 'r1', 'r2']);
    // r5 waits in labeling: nothing for QA, and its need was never offered as a QA row.
    expect((await next(w.c.rita, w.id, 'qa')).body).toMatchObject({ assignment: null });
  });

  it('keeps each missing domain with its row\'s state through send-back, escalation and a lead\'s answer', async () => {
    const more = [{ name: 'eve', roles: ['annotator' as const] }, { name: 'rob', roles: ['reviewer' as const], expertise: ['finance'] }];
    const w = await workProject(env, { people: [...team, ...more], rows: plainRows(1, () => ({ expertise: ['finance'] })) });
    await labelNext(w, 'bob', 'cat');
    expect(await needsOf('r1')).toEqual([{ domain: 'finance', state: 'qa' }]);
    // Claimed by the expert reviewer, the row needs nothing; sent back, the new round needs finance in labeling.
    const q = await next(w.c.rita, w.id, 'qa');
    expect(await needsOf('r1')).toEqual([]);
    expect((await w.c.rita.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'send_back', note: 'read the guideline', reason: 'Guideline misread' })).status).toBe(200);
    expect(await needsOf('r1')).toEqual([{ domain: 'finance', state: 'labeling' }]);
    await labelNext(w, 'dan', 'eve');
    expect(await needsOf('r1')).toEqual([{ domain: 'finance', state: 'qa' }]);
    // Escalated by a reviewer who covers it (rita held a slot on the row: another one), then answered.
    const q2 = await next(w.c.rob, w.id, 'qa');
    expect((await w.c.rob.post(`/api/assignments/${q2.body.assignment.id}/resolve`, { action: 'escalate', question: 'which label?' })).status).toBe(200);
    expect(await needsOf('r1')).toEqual([{ domain: 'finance', state: 'escalated' }]);
    const esc = (await w.lead.get(`/api/projects/${w.id}/escalations?status=open`)).body.escalations[0];
    expect((await w.lead.post(`/api/projects/${w.id}/escalations/${esc.id}/answer`, { answer: 'positive' })).status).toBe(200);
    expect(await needsOf('r1')).toEqual([{ domain: 'finance', state: 'qa' }]);
    expect((await next(w.c.rob, w.id, 'qa')).body.row.externalId).toBe('r1');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';
import { workProject, plainRows, csid, pos, neg } from './test/workflow-kit.js';
import { reasonCountsByLabeler } from './repos/review-reasons.js';

/** Issue 18 item 2: a reviewer's reason for overruling a label or sending a row back reaches the labeler and the statistics. */
describe(`review reasons (${engineName()})`, () => {
  let env: TestEnv;
  let w: Awaited<ReturnType<typeof workProject>>;

  /** Ann and Bob label the next row (ann's answer, bob's answer) and Rex claims it for QA. */
  async function toQa(annAnswer: unknown, bobAnswer: unknown) {
    const a = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    const b = await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(a.body.row.id).toBe(b.body.row.id);
    for (const [c, claim, answer] of [[w.c.ann, a, annAnswer], [w.c.bob, b, bobAnswer]] as const) {
      const s = await c.post(`/api/assignments/${claim.body.assignment.id}/submit`, { answer, clientSubmissionId: csid() });
      expect(s.status, JSON.stringify(s.body)).toBe(200);
    }
    const q = await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' });
    expect(q.body.row.id).toBe(a.body.row.id);
    return { claim: q.body.assignment.id as number, rowId: a.body.row.id as number, externalId: a.body.row.externalId as string };
  }

  beforeAll(async () => {
    env = await createTestEnv();
    w = await workProject(env, {
      rows: plainRows(3),
      settings: { reviewReasons: ['Guideline misread', 'Careless'] },
      people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
    });
  });
  afterAll(() => env.close());

  it('stores the reason for the labeler the final overrules, who reads it in their own feedback (the other does not)', async () => {
    const r = await toQa(pos, neg);
    const res = await w.c.rex.post(`/api/assignments/${r.claim}/resolve`, {
      action: 'accept', answer: pos, clientSubmissionId: csid(), reason: { reason: 'Guideline misread', note: 'Sarcasm reads as negative.' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const bob = await w.c.bob.get(`/api/projects/${w.id}/my-feedback`);
    expect(bob.body.feedback).toEqual([{
      rowId: r.rowId, externalId: r.externalId, round: 1, action: 'overrule', reason: 'Guideline misread', note: 'Sarcasm reads as negative.',
      questions: ['Sentiment'], at: expect.any(Number),
    }]);
    // Ann's label is the final: nothing about her, and nothing of Bob's reaches her.
    expect((await w.c.ann.get(`/api/projects/${w.id}/my-feedback`)).body.feedback).toEqual([]);
  });

  it('stores a send-back reason for both labelers of the round, and refuses a reason the project does not list', async () => {
    const r = await toQa(pos, neg);
    const bad = await w.c.rex.post(`/api/assignments/${r.claim}/resolve`, { action: 'send_back', note: 'Read the last line.', reason: 'Because' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('"Because" is not one of this project\'s reasons (Guideline misread; Careless)');
    const ok = await w.c.rex.post(`/api/assignments/${r.claim}/resolve`, { action: 'send_back', note: 'Read the last line.', reason: 'Careless' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const ann = (await w.c.ann.get(`/api/projects/${w.id}/my-feedback`)).body.feedback;
    expect(ann).toEqual([expect.objectContaining({ rowId: r.rowId, action: 'send_back', reason: 'Careless', note: 'Read the last line.', questions: [] })]);
    expect((await w.c.bob.get(`/api/projects/${w.id}/my-feedback`)).body.feedback).toHaveLength(2);

    // Per-person statistics read the counts by labeler and reason.
    const counts = await reasonCountsByLabeler(env.deps.db, w.id);
    expect(counts).toEqual([
      { userId: w.ids.ann, action: 'send_back', reason: 'Careless', count: 1 },
      { userId: w.ids.bob, action: 'overrule', reason: 'Guideline misread', count: 1 },
      { userId: w.ids.bob, action: 'send_back', reason: 'Careless', count: 1 },
    ]);
  });
});

describe(`a labeler's done counts (${engineName()})`, () => {
  let env: TestEnv;
  let w: Awaited<ReturnType<typeof workProject>>;
  beforeAll(async () => {
    env = await createTestEnv();
    w = await workProject(env, { rows: plainRows(3), people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }] });
  });
  afterAll(() => env.close());

  it('counts the labels of today and in all, for the caller only', async () => {
    const submit = async () => {
      const n = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
      expect((await w.c.ann.post(`/api/assignments/${n.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() })).status).toBe(200);
    };
    await submit();
    env.clock.now += 86_400_000;
    const midnight = env.clock.now - 1000;
    await submit();
    expect((await w.c.ann.get(`/api/projects/${w.id}/my-counts?since=${midnight}`)).body).toEqual({ label: { today: 1, total: 2 } });
    expect((await w.c.bob.get(`/api/projects/${w.id}/my-counts?since=${midnight}`)).body).toEqual({ label: { today: 0, total: 0 } });
    expect((await w.c.ann.get(`/api/projects/${w.id}/my-counts?since=yesterday`)).status).toBe(400);
  });
});

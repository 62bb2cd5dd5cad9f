import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';
import { workProject, plainRows, csid, pos, neg } from './test/workflow-kit.js';
import { reasonCountsByLabeler } from './repos/review-reasons.js';
import { DEFAULT_REVIEW_REASONS, REVIEW_REASON_MAX, REVIEW_REASONS_MAX } from '@shared/review-reasons.js';

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

describe(`a reason is required when the project lists reasons (${engineName()})`, () => {
  let env: TestEnv;
  let w: Awaited<ReturnType<typeof workProject>>;

  async function toQa(annAnswer: unknown, bobAnswer: unknown) {
    const a = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    const b = await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' });
    for (const [c, claim, answer] of [[w.c.ann, a, annAnswer], [w.c.bob, b, bobAnswer]] as const) {
      expect((await c.post(`/api/assignments/${claim.body.assignment.id}/submit`, { answer, clientSubmissionId: csid() })).status).toBe(200);
    }
    const q = await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' });
    return { claim: q.body.assignment.id as number, rowId: a.body.row.id as number };
  }

  beforeAll(async () => {
    env = await createTestEnv();
    w = await workProject(env, {
      rows: plainRows(4),
      settings: { reviewReasons: ['Guideline misread', 'Careless'] },
      people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
    });
  });
  afterAll(() => env.close());

  it('refuses an accept that overrules a label on a conflict without a reason, naming the question; nothing is finalized', async () => {
    const r = await toQa(pos, neg);
    const bare = await w.c.rex.post(`/api/assignments/${r.claim}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid() });
    expect(bare.status, JSON.stringify(bare.body)).toBe(400);
    expect(bare.body.error.message).toBe(
      'reason: the final overrules a labeler on "Sentiment", where the labels conflict: say why, one of this project\'s reasons (Guideline misread; Careless); the labeler reads it in their history',
    );
    expect(bare.body.error.details).toEqual([{ path: 'reason', message: expect.stringContaining('"Sentiment"') }]);
    const row = await w.lead.get(`/api/projects/${w.id}/rows/${r.rowId}`);
    expect(row.body.row.state).toBe('qa');
    // The same claim goes through once the reviewer says why.
    const ok = await w.c.rex.post(`/api/assignments/${r.claim}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid(), reason: { reason: 'Careless' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('accepts a row whose labels agree without a reason: nothing is overruled', async () => {
    const r = await toQa(pos, pos);
    const ok = await w.c.rex.post(`/api/assignments/${r.claim}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid() });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('refuses a send-back with a note but no reason, listing the reasons', async () => {
    const r = await toQa(pos, neg);
    const bare = await w.c.rex.post(`/api/assignments/${r.claim}/resolve`, { action: 'send_back', note: 'Read the last line.' });
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toContain('reason: say why the row goes back, one of this project\'s reasons (Guideline misread; Careless)');
    expect((await w.lead.get(`/api/projects/${w.id}/rows/${r.rowId}`)).body.row.round).toBe(1);
  });
});

describe(`a project without reasons (${engineName()})`, () => {
  let env: TestEnv;
  let w: Awaited<ReturnType<typeof workProject>>;
  beforeAll(async () => {
    env = await createTestEnv();
    w = await workProject(env, {
      rows: plainRows(2),
      settings: { reviewReasons: [] },
      people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
    });
  });
  afterAll(() => env.close());

  it('sends back with a note alone and overrules without a reason, and refuses a reason it does not list', async () => {
    const claimQa = async () => {
      for (const [c, answer] of [[w.c.ann, pos], [w.c.bob, neg]] as const) {
        const n = await c.post(`/api/projects/${w.id}/next`, { role: 'label' });
        expect((await c.post(`/api/assignments/${n.body.assignment.id}/submit`, { answer, clientSubmissionId: csid() })).status).toBe(200);
      }
      return (await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' })).body.assignment.id as number;
    };
    const first = await claimQa();
    const given = await w.c.rex.post(`/api/assignments/${first}/resolve`, { action: 'send_back', note: 'Read it again.', reason: 'Careless' });
    expect(given.status).toBe(400);
    expect(given.body.error.message).toBe('reason: this project lists no reasons, so none is given: send the note alone');
    expect((await w.c.rex.post(`/api/assignments/${first}/resolve`, { action: 'send_back', note: 'Read it again.' })).status).toBe(200);
    const second = await claimQa();
    const ok = await w.c.rex.post(`/api/assignments/${second}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid() });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });
});

describe(`a lead edits the project's reasons (${engineName()})`, () => {
  let env: TestEnv;
  let w: Awaited<ReturnType<typeof workProject>>;
  beforeAll(async () => {
    env = await createTestEnv();
    w = await workProject(env, { rows: [], people: [{ name: 'rex', roles: ['reviewer'] }] });
  });
  afterAll(() => env.close());
  const put = async (reviewReasons: unknown) => {
    const { body } = await w.lead.get(`/api/projects/${w.id}`);
    return w.lead.patch(`/api/projects/${w.id}`, { settings: { ...body.project.settings, reviewReasons } });
  };

  it('starts from the default list, saves a renamed, reordered list trimmed, and an empty one', async () => {
    expect((await w.lead.get(`/api/projects/${w.id}`)).body.project.settings.reviewReasons).toEqual([...DEFAULT_REVIEW_REASONS]);
    const saved = await put(['  Sarcasm missed ', 'Guideline misread']);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.project.settings.reviewReasons).toEqual(['Sarcasm missed', 'Guideline misread']);
    // A reviewer reads the list the lead saved.
    expect((await w.c.rex.get(`/api/projects/${w.id}`)).body.project.settings.reviewReasons).toEqual(['Sarcasm missed', 'Guideline misread']);
    expect((await put([])).body.project.settings.reviewReasons).toEqual([]);
  });

  it('refuses empty, repeated (in any case), too long and too many reasons, naming each', async () => {
    const fields = async (list: unknown) => {
      const r = await put(list);
      expect(r.status).toBe(400);
      return Object.fromEntries((r.body.error.details as { path: string; message: string }[]).map((d) => [d.path, d.message]));
    };
    expect(await fields(['Careless', '   ', 'careless'])).toEqual({
      'settings.reviewReasons.1': 'a reason cannot be empty: write it or remove it',
      'settings.reviewReasons.2': '"careless" is already reason 1: each reason once',
    });
    expect(await fields(['x'.repeat(REVIEW_REASON_MAX + 1)])).toEqual({ 'settings.reviewReasons.0': `a reason has at most ${REVIEW_REASON_MAX} characters` });
    expect(await fields(Array.from({ length: REVIEW_REASONS_MAX + 1 }, (_, i) => `Reason ${i}`)))
      .toEqual({ 'settings.reviewReasons': `at most ${REVIEW_REASONS_MAX} reasons: a short list is one reviewers read` });
    expect((await w.lead.get(`/api/projects/${w.id}`)).body.project.settings.reviewReasons).toEqual([]);
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

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';
import { workProject, plainRows, csid, pos, neg } from './test/workflow-kit.js';
import type { NewRow } from './repos/rows.js';

/**
 * Gold rows through the HTTP API (issue 16): served at the project's rate (first N rows of each labeler,
 * then X%), each labeler at most once, scored per question against the reference, never one of a row's two
 * labels nor QA'd nor final; a labeler below the gold threshold is paused (403 saying why and whom to ask)
 * until a lead resumes them.
 */
const goldRows = (n: number, answer = pos): NewRow[] =>
  Array.from({ length: n }, (_, i) => ({ externalId: `g${i + 1}`, data: { text: `gold ${i + 1}` }, gold: answer }));

describe(`gold rows in the workflow (${engineName()})`, () => {
  let env: TestEnv;
  beforeEach(async () => { env = await createTestEnv(); });
  afterEach(async () => env.close());

  async function setup(gold: Record<string, unknown>, rows = [...goldRows(3), ...plainRows(5)]) {
    return workProject(env, {
      rows, settings: { gold },
      people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'cat', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
    });
  }
  const goldIds = (w: { rowIds: number[] }) => new Set(w.rowIds.slice(0, 3));

  it("serves each labeler's first N rows as gold, then ordinary rows; scores each answer per question", async () => {
    const w = await setup({ firstRows: 2, percent: 0 });
    const served: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
      expect(t.status).toBe(200);
      served.push(t.body.row.id);
      const s = await w.c.ann.post(`/api/assignments/${t.body.assignment.id}/submit`, { answer: i === 0 ? pos : neg, clientSubmissionId: csid(), activeMs: 3000 });
      expect(s.status).toBe(200);
    }
    expect(served.slice(0, 2).every((id) => goldIds(w).has(id))).toBe(true);
    expect(goldIds(w).has(served[2])).toBe(false);
    const q = (await w.lead.get(`/api/projects/${w.id}/quality`)).body;
    const ann = q.people.find((p: { name: string }) => p.name === 'ann');
    expect(ann.gold).toMatchObject({ n: 2, correct: 1, accuracy: 0.5 });
    // One day of gold answers, whole, on both engines; gold answers count as labels and in the speed.
    expect(ann.gold.byDay).toEqual([{ day: expect.any(Number), n: 2, correct: 1 }]);
    expect(ann.gold.byDay[0].day % 86_400_000).toBe(0);
    expect(ann.labels).toBe(3);
    expect(ann.questions[0].gold).toMatchObject({ n: 2, agreed: 1, accuracy: 0.5 });
  });

  it('hands a gold row to many labelers, once each; it never fills, reaches QA or becomes final', async () => {
    const w = await setup({ firstRows: 1, percent: 0 }, [...goldRows(1), ...plainRows(2)]);
    for (const who of ['ann', 'bob', 'cat']) {
      const t = await w.c[who].post(`/api/projects/${w.id}/next`, { role: 'label' });
      expect(t.body.row.id).toBe(w.rowIds[0]);
      expect((await w.c[who].post(`/api/assignments/${t.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() })).status).toBe(200);
      // Never twice: the next row is an ordinary one.
      const again = await w.c[who].post(`/api/projects/${w.id}/next`, { role: 'label' });
      expect(again.body.row.id).not.toBe(w.rowIds[0]);
      await w.c[who].post(`/api/assignments/${again.body.assignment.id}/release`, {});
    }
    const row = await env.deps.db.selectFrom('rows').selectAll().where('id', '=', w.rowIds[0]).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'gold', labels_taken: 0, labels_done: 0, final_id: null });
    expect((await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' })).body.assignment).toBeNull();
    expect(await env.deps.db.selectFrom('finals').selectAll().where('row_id', '=', w.rowIds[0]).execute()).toEqual([]);
  });

  it('serves no gold row while no ordinary row is free for the labeler (a queue of only gold would tell)', async () => {
    const w = await setup({ firstRows: 1, percent: 0 }, [...goldRows(2), ...plainRows(1)]);
    // Bob and Cat take the one ordinary row first (each one's first row is gold, served beside it).
    const plain = w.rowIds[2];
    const held: Record<string, { body: any }> = {};
    for (const who of ['bob', 'cat'] as const) {
      const first = await w.c[who].post(`/api/projects/${w.id}/next`, { role: 'label' });
      expect(goldIds(w).has(first.body.row.id)).toBe(true);
      held[who] = await w.c[who].post(`/api/projects/${w.id}/next`, { role: 'label', ahead: true });
      expect(held[who].body.row.id).toBe(plain);
    }
    const [b2, c1] = [held.bob, held.cat];
    // Ann's first row would be gold, but nothing ordinary is free for her: she gets nothing, like anyone with an empty queue.
    const a = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(a.body).toMatchObject({ assignment: null, reason: 'waiting_for_others' });
    for (const [who, t] of [['bob', b2], ['cat', c1]] as const) await w.c[who].post(`/api/assignments/${t.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() });
    await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' }).then((q) =>
      w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid(), activeMs: 1000 }));
    // Every ordinary row is final: the gold rows left are no work to wait for.
    expect((await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' })).body).toMatchObject({ assignment: null, reason: 'all_done' });
  });

  it('pauses a labeler below the gold threshold (403 naming why and whom to ask); the lead sees it and resumes them', async () => {
    const w = await setup({ firstRows: 3, percent: 0, pauseBelow: 50, pauseAfter: 2 });
    for (let i = 0; i < 2; i++) {
      const t = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
      expect(goldIds(w).has(t.body.row.id)).toBe(true);
      await w.c.ann.post(`/api/assignments/${t.body.assignment.id}/submit`, { answer: neg, clientSubmissionId: csid() });
    }
    const refused = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/paused on this project: gold accuracy 0% over your last 2 gold rows, below the project's 50%.*Ask lead/);
    const pauses = (await w.lead.get(`/api/projects/${w.id}/pauses`)).body.pauses;
    expect(pauses).toEqual([expect.objectContaining({ userId: w.ids.ann, name: 'ann', pausedBy: null })]);
    expect((await w.c.bob.post(`/api/projects/${w.id}/pauses/${w.ids.ann}/resume`, {})).status).toBe(403);
    expect((await w.lead.post(`/api/projects/${w.id}/pauses/${w.ids.ann}/resume`, {})).status).toBe(200);
    expect((await w.lead.post(`/api/projects/${w.id}/pauses/${w.ids.ann}/resume`, {})).status).toBe(409);
    const back = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(back.status).toBe(200);
    expect(back.body.assignment).not.toBeNull();
    expect((await w.lead.get(`/api/projects/${w.id}/pauses`)).body.pauses).toEqual([]);
  });

  it('a lapsed gold claim comes back to its owner with the draft, the row serves others meanwhile, and no count moves', async () => {
    const w = await setup({ firstRows: 1, percent: 0 }, [...goldRows(1), ...plainRows(3)]);
    const g = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(g.body.row.id).toBe(w.rowIds[0]);
    expect((await w.c.ann.post(`/api/assignments/${g.body.assignment.id}/draft`, { answer: neg })).status).toBe(200);
    // Ann walks away past the lease (30 minutes by default).
    env.clock.now += 31 * 60_000;
    // Bob's first row is the same gold row: a lapsed claim of Ann's takes nothing from anyone.
    const b = await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(b.body.row.id).toBe(w.rowIds[0]);
    const late = await w.c.ann.post(`/api/assignments/${g.body.assignment.id}/submit`, { answer: neg, clientSubmissionId: csid() });
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/expired/);
    // Ann asks again: the same claim is hers again, with her draft, as a lapsed ordinary claim would be.
    const back = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(back.body.assignment.id).toBe(g.body.assignment.id);
    expect(back.body.row.id).toBe(w.rowIds[0]);
    expect(back.body.draft).toEqual(neg);
    for (const [who, t] of [['ann', back], ['bob', b]] as const) {
      expect((await w.c[who].post(`/api/assignments/${t.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() })).status).toBe(200);
    }
    const row = await env.deps.db.selectFrom('rows').selectAll().where('id', '=', w.rowIds[0]).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'gold', labels_taken: 0, labels_done: 0, qa_taken: 0, final_id: null });
    const scored = await env.deps.db.selectFrom('gold_answers').select(['user_id', 'correct']).where('row_id', '=', w.rowIds[0]).orderBy('user_id').execute();
    expect(scored.map((x) => [Number(x.user_id), x.correct])).toEqual([[w.ids.ann, 1], [w.ids.bob, 1]]);
    // Ann's next row is an ordinary one: the gold row, once answered, is not served to her again.
    const after = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(after.body.row.id).not.toBe(w.rowIds[0]);
  });

  it("a lapsed or skipped claim on a promoted gold row leaves the counts of its finished rounds alone", async () => {
    const w = await setup({ firstRows: 0, percent: 0 }, plainRows(3));
    // Row 1 is labeled by Ann and Bob, accepted by Rex, then promoted.
    for (const who of ['ann', 'bob'] as const) {
      const t = await w.c[who].post(`/api/projects/${w.id}/next`, { role: 'label' });
      expect(t.body.row.id).toBe(w.rowIds[0]);
      await w.c[who].post(`/api/assignments/${t.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() });
    }
    const q = await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' });
    await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid(), activeMs: 1000 });
    const before = await env.deps.db.selectFrom('rows').select(['labels_taken', 'labels_done', 'state']).where('id', '=', w.rowIds[0]).executeTakeFirstOrThrow();
    expect(before.state).toBe('final');
    expect((await w.lead.post(`/api/projects/${w.id}/rows/${w.rowIds[0]}/gold`, {})).status).toBe(200);
    await w.lead.patch(`/api/projects/${w.id}`, { settings: { gold: { firstRows: 2, percent: 0 } } });
    const c1 = await w.c.cat.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(c1.body.row.id).toBe(w.rowIds[0]);
    env.clock.now += 31 * 60_000;
    // Cat's lapsed claim is swept when anyone asks; then she skips it once it is hers again.
    await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    const again = await w.c.cat.post(`/api/projects/${w.id}/next`, { role: 'label' });
    expect(again.body.assignment.id).toBe(c1.body.assignment.id);
    expect((await w.c.cat.post(`/api/assignments/${again.body.assignment.id}/release`, {})).status).toBe(200);
    const row = await env.deps.db.selectFrom('rows').select(['labels_taken', 'labels_done', 'state']).where('id', '=', w.rowIds[0]).executeTakeFirstOrThrow();
    expect(row).toEqual({ ...before, state: 'gold' });
  });

  it('a gold claim looks like any claim: same fields in the task view, the claim view and the submit answer', async () => {
    const w = await setup({ firstRows: 1, percent: 0 });
    const shape = (x: unknown): unknown => (Array.isArray(x) ? x.map(shape) : x && typeof x === 'object'
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)).filter(([k]) => k !== 'data').map(([k, v]) => [k, shape(v)])) : typeof x);
    const g = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    const n = await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' });
    const o = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label', ahead: true });
    expect(goldIds(w).has(g.body.row.id) && !goldIds(w).has(o.body.row.id)).toBe(true);
    expect(shape(g.body)).toEqual(shape(o.body));
    expect(g.body.assignment.round).toBe(o.body.assignment.round);
    expect(g.body.assignment.expiresAt - g.body.assignment.claimedAt).toBe(o.body.assignment.expiresAt - o.body.assignment.claimedAt);
    expect(shape((await w.c.ann.get(`/api/assignments/${g.body.assignment.id}`)).body)).toEqual(shape((await w.c.ann.get(`/api/assignments/${o.body.assignment.id}`)).body));
    const sg = await w.c.ann.post(`/api/assignments/${g.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() });
    const so = await w.c.ann.post(`/api/assignments/${o.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() });
    expect(shape(sg.body)).toEqual(shape(so.body));
    // Ids from the same sequences as ordinary claims and answers.
    expect(o.body.assignment.id).toBeGreaterThan(g.body.assignment.id);
    expect(so.body.answerId).toBeGreaterThan(sg.body.answerId);
    // The row as its labeler sees it afterwards.
    const rg = await w.c.ann.get(`/api/projects/${w.id}/rows/${g.body.row.id}`);
    const ro = await w.c.ann.get(`/api/projects/${w.id}/rows/${o.body.row.id}`);
    expect(shape(rg.body)).toEqual(shape(ro.body));
    void n;
  });
});

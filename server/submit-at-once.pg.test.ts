import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { csid, neg, plainRows, pos, workProject } from './test/workflow-kit.js';
import { statements } from './test/statement-reads.js';
import { noteFirstLabel, noteLatestLabel, takeFirstLabel } from './repos/submit-hints.js';

/**
 * Postgres only (the path exists only there): a label whose claim this process handed out, by a person
 * whose latest label it saw (and, for a second label, whose round's first label it wrote), is written in one
 * statement from those facts, and writes exactly what the ordinary read-then-write path writes. Any fact
 * gone stale makes that statement write nothing and the ordinary path decide.
 */
let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

type W = Awaited<ReturnType<typeof workProject>>;
const setup = () => workProject(env, { people: ['ann', 'bob'].map((name) => ({ name, roles: ['annotator' as const] })), rows: plainRows(8) });
const next = (w: W, who: 'ann' | 'bob') => w.c[who].post(`/api/projects/${w.id}/next`, { role: 'label' });
const submit = (w: W, who: 'ann' | 'bob', t: any, answer: unknown, id = csid()) =>
  w.c[who].post(`/api/assignments/${t.body.assignment.id}/submit`, { answer, clientSubmissionId: id, activeMs: 4000 });

const writes = (qs: { sql: string }[]) => qs.filter((q) => /insert into "answers"/.test(q.sql));
const guessed = (qs: { sql: string }[]) => qs.filter((q) => /with "guess" as/.test(q.sql));
const stored = (answerId: number) => env.deps.db.selectFrom('answers').select(['same_run', 'round', 'prelabel_json', 'kind'])
  .where('id', '=', answerId).executeTakeFirstOrThrow();
const signals = async (answerId: number) => (await env.deps.db.selectFrom('answer_signals').select(['kind', 'details_json'])
  .where('answer_id', '=', answerId).orderBy('kind').execute()).map((s) => ({ kind: s.kind, details: JSON.parse(s.details_json) }));

describe('a label in one statement (Postgres)', () => {
  it('writes the answer, its streak, its signals and the claim as the ordinary path does', async () => {
    const w = await setup();
    // The process has not seen Ann label yet: her first submit reads first.
    const t1 = await next(w, 'ann');
    let r1: any;
    const q1 = await statements(env.deps.db, async () => { r1 = await submit(w, 'ann', t1, pos); });
    expect(r1.status).toBe(200);
    expect(guessed(q1)).toHaveLength(0);

    env.clock.now += 500;
    const t2 = await next(w, 'ann');
    env.clock.now += 300;
    let r2: any;
    const q2 = await statements(env.deps.db, async () => { r2 = await submit(w, 'ann', t2, pos); });
    expect(r2.status).toBe(200);
    // One statement reads or writes the claim, the row or the answers: the guessed write (the project's
    // norm of active time may be read beside it, as on every path).
    const claimOrAnswer = q2.filter((q) => /"assignments"|"rows"|insert into|update /.test(q.sql));
    expect(claimOrAnswer).toHaveLength(1);
    expect(guessed(claimOrAnswer)).toHaveLength(1);
    // The row had no prelabels: each question's outcome is 'none', as the read path stored for the first.
    expect(await stored(r1.body.answerId)).toMatchObject({ same_run: 1, prelabel_json: '{"sentiment":"none"}' });
    expect(await stored(r2.body.answerId)).toMatchObject({ same_run: 2, round: 1, prelabel_json: '{"sentiment":"none"}', kind: 'label' });
    // Submitted 300 ms after the claim: the same 'early' signal the read path gives.
    expect(await signals(r2.body.answerId)).toEqual([{ kind: 'early', details: { sinceClaimMs: 300 } }]);
    const claim = await env.deps.db.selectFrom('assignments').select(['status', 'finished_at']).where('id', '=', t2.body.assignment.id).executeTakeFirstOrThrow();
    expect(claim).toEqual({ status: 'submitted', finished_at: env.clock.now });
    const row = await env.deps.db.selectFrom('rows').select(['labels_done', 'labels_taken', 'state']).where('id', '=', t2.body.row.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ labels_done: 1, labels_taken: 1, state: 'labeling' });

    // A different answer ends the run; the same one after it starts a new one.
    env.clock.now += 2000;
    const t3 = await next(w, 'ann');
    env.clock.now += 2000;
    const r3 = await submit(w, 'ann', t3, neg);
    expect(await stored(r3.body.answerId)).toMatchObject({ same_run: 1 });
    expect(await signals(r3.body.answerId)).toEqual([]);
  });

  it('scores the answer against the row\'s prelabels as the read path does', async () => {
    const w = await workProject(env, { people: [{ name: 'ann', roles: ['annotator'] }], rows: plainRows(4, () => ({ prelabels: pos })) });
    const r1 = await submit(w, 'ann', await next(w, 'ann'), pos);
    const t = await next(w, 'ann');
    let r2: any;
    const q = await statements(env.deps.db, async () => { r2 = await submit(w, 'ann', t, neg); });
    expect(guessed(q)).toHaveLength(1);
    expect(writes(q)).toHaveLength(1);
    expect(await stored(r1.body.answerId)).toMatchObject({ prelabel_json: '{"sentiment":"kept"}' });
    expect(await stored(r2.body.answerId)).toMatchObject({ prelabel_json: '{"sentiment":"changed"}', same_run: 1 });
  });

  it('returns the first result to a retried submit and refuses a submission id used elsewhere', async () => {
    const w = await setup();
    await submit(w, 'ann', await next(w, 'ann'), pos);
    const t = await next(w, 'ann');
    const first = await submit(w, 'ann', t, pos, 'sub-once');
    expect(first.status).toBe(200);
    const retry = await submit(w, 'ann', t, pos, 'sub-once');
    expect(retry.body).toMatchObject({ answerId: first.body.answerId, duplicate: true });
    // The same id on another claim: nothing written, 409, and the claim still open.
    const t2 = await next(w, 'ann');
    const q = await statements(env.deps.db, async () => expect((await submit(w, 'ann', t2, pos, 'sub-once')).status).toBe(409));
    expect(guessed(q)).toHaveLength(1);
    const open = await env.deps.db.selectFrom('assignments').select('status').where('id', '=', t2.body.assignment.id).executeTakeFirstOrThrow();
    expect(open.status).toBe('active');
    expect((await env.deps.db.selectFrom('answers').select('id').where('client_submission_id', '=', 'sub-once').execute())).toHaveLength(1);
  });

  it('falls back to reading when the person labeled elsewhere since (another server process)', async () => {
    const w = await setup();
    await submit(w, 'ann', await next(w, 'ann'), pos);
    const t = await next(w, 'ann');
    // What this process believes is not Ann's latest label (as when her last submit went to another process).
    noteLatestLabel(env.deps.db, w.id, w.ids.ann, { id: 987_654, answerJson: JSON.stringify(neg), sameRun: 7 });
    let r: any;
    const q = await statements(env.deps.db, async () => { r = await submit(w, 'ann', t, pos); });
    expect(r.status).toBe(200);
    // The guessed write found its guess wrong and wrote nothing; the read path wrote the label once.
    expect(guessed(q)).toHaveLength(1);
    expect(writes(q).length).toBe(2);
    expect(await stored(r.body.answerId)).toMatchObject({ same_run: 2 });
    expect(await env.deps.db.selectFrom('answers').select('id').where('row_id', '=', t.body.row.id).execute()).toHaveLength(1);
  });

  /** Ann and Bob each label a row first (so the process knows their latest labels), then share one. */
  const sharedRow = async (w: W) => {
    await submit(w, 'ann', await next(w, 'ann'), pos);
    await submit(w, 'bob', await next(w, 'bob'), pos);
    const a = await next(w, 'ann');
    const b = await next(w, 'bob');
    expect(b.body.row.id).toBe(a.body.row.id);
    return { a, b };
  };
  const rowOf = (id: number) => env.deps.db.selectFrom('rows').select(['labels_done', 'state', 'agree', 'agreement_json', 'final_id']).where('id', '=', id).executeTakeFirstOrThrow();

  it('pairs a second label in one statement with the first written through this process, as the read path pairs it', async () => {
    const viaRead = await (async () => {
      const w = await setup();
      const { a, b } = await sharedRow(w);
      expect((await submit(w, 'ann', a, pos)).status).toBe(200);
      // As if Ann's label had gone through another process: this one does not know it.
      takeFirstLabel(env.deps.db, a.body.row.id, 1);
      const q = await statements(env.deps.db, async () => expect((await submit(w, 'bob', b, neg)).status).toBe(200));
      expect(guessed(q)).toHaveLength(0);
      return rowOf(a.body.row.id);
    })();
    await env.close();
    env = await createTestEnv();
    const w = await setup();
    const { a, b } = await sharedRow(w);
    expect((await submit(w, 'ann', a, pos)).status).toBe(200);
    const q = await statements(env.deps.db, async () => expect((await submit(w, 'bob', b, neg)).status).toBe(200));
    const claimOrAnswer = q.filter((x) => /"assignments"|"rows"|insert into|update /.test(x.sql));
    expect(claimOrAnswer).toHaveLength(1);
    expect(guessed(claimOrAnswer)).toHaveLength(1);
    const row = await rowOf(a.body.row.id);
    expect(row).toMatchObject({ labels_done: 2, state: 'qa', agree: 0, final_id: null });
    expect(row).toEqual(viaRead);
  });

  it('leaves a pair that finalizes by consensus to the read path, which writes the final with it', async () => {
    const w = await workProject(env, { people: ['ann', 'bob'].map((name) => ({ name, roles: ['annotator' as const] })), rows: plainRows(8), settings: { qa: 'disagreements' } });
    const { a, b } = await sharedRow(w);
    expect((await submit(w, 'ann', a, pos)).status).toBe(200);
    const q = await statements(env.deps.db, async () => expect((await submit(w, 'bob', b, pos)).status).toBe(200));
    expect(guessed(q)).toHaveLength(0);
    const row = await rowOf(a.body.row.id);
    expect(row).toMatchObject({ labels_done: 2, state: 'final', agree: 1 });
    expect(row.final_id).not.toBeNull();
  });

  it('falls back to reading when the first label it knows is not the round\'s (or the other labeler came first)', async () => {
    const w = await setup();
    const { a, b } = await sharedRow(w);
    // Bob submits first, through "another process"; this one believes in a first label that is not stored.
    expect((await submit(w, 'bob', b, neg)).status).toBe(200);
    noteFirstLabel(env.deps.db, a.body.row.id, 1, { id: 424_242, answerJson: JSON.stringify(pos) });
    let r: any;
    const q = await statements(env.deps.db, async () => { r = await submit(w, 'ann', a, pos); });
    expect(r.status).toBe(200);
    expect(guessed(q)).toHaveLength(1);
    expect(writes(q)).toHaveLength(2);
    expect(await rowOf(a.body.row.id)).toMatchObject({ labels_done: 2, state: 'qa', agree: 0 });
    expect(await env.deps.db.selectFrom('answers').select('user_id').where('row_id', '=', a.body.row.id).orderBy('id').execute())
      .toEqual([{ user_id: w.ids.bob }, { user_id: w.ids.ann }]);
  });

  it('writes nothing for a claim whose lease ran out, and says so', async () => {
    const w = await setup();
    await submit(w, 'ann', await next(w, 'ann'), pos);
    const t = await next(w, 'ann');
    env.clock.now += 31 * 60_000;
    const r = await submit(w, 'ann', t, pos);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/expired/);
    expect(await env.deps.db.selectFrom('answers').select('id').where('row_id', '=', t.body.row.id).execute()).toHaveLength(0);
    const row = await env.deps.db.selectFrom('rows').select(['labels_done', 'labels_taken']).where('id', '=', t.body.row.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ labels_done: 0, labels_taken: 0 });
  });
});

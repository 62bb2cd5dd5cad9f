import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type Client, type TestEnv } from './test/harness.js';
import { csid, neg, plainRows, pos, workProject } from './test/workflow-kit.js';
import { forgetNorms, STREAK_LOOK, STREAK_MIN } from './services/integrity.js';

/**
 * Integrity signals (issue 16 part 4): each rule records its signal on the answer, none refuses a
 * submission, and only leads read them, per person and per row.
 */
let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); forgetNorms(); });
afterEach(async () => { await env.close(); });

const people = [{ name: 'ann', roles: ['annotator' as const] }, { name: 'bob', roles: ['annotator' as const] }, { name: 'rev', roles: ['reviewer' as const] }];

/** Claims the next row, lets `wait` ms pass on the server's clock, submits; returns the answer id. */
async function label(c: Client, pid: number, answer: unknown, o: { wait?: number; activeMs?: number; integrity?: unknown; id?: string } = {}) {
  const n = await c.post(`/api/projects/${pid}/next`, { role: 'label' });
  if (!n.body.assignment) throw new Error(`no row: ${JSON.stringify(n.body)}`);
  env.clock.now += o.wait ?? 30_000;
  const r = await c.post(`/api/assignments/${n.body.assignment.id}/submit`, {
    answer, clientSubmissionId: o.id ?? csid(), activeMs: o.activeMs ?? 30_000, ...(o.integrity ? { integrity: o.integrity } : {}),
  });
  expect(r.status).toBe(200);
  return { answerId: r.body.answerId as number, rowId: n.body.row.id as number, claim: n.body.assignment.id as number };
}

const signals = async (lead: Client, pid: number, q = '') => (await lead.get(`/api/projects/${pid}/integrity/signals${q}`)).body.signals as any[];

describe(`integrity signals (${engineName()})`, () => {
  it('records a large paste into a question of the schema, and not a small one', async () => {
    const w = await workProject(env, { people, rows: plainRows(3) });
    const big = await label(w.c.ann, w.id, pos, { integrity: { pastes: [{ question: 'sentiment', chars: 800 }, { question: 'elsewhere', chars: 5000 }] } });
    await label(w.c.ann, w.id, neg, { integrity: { pastes: [{ question: 'sentiment', chars: 12 }] } });
    const s = await signals(w.lead, w.id);
    expect(s).toEqual([expect.objectContaining({ kind: 'paste', answerId: big.answerId, details: { pastes: [{ question: 'sentiment', chars: 800 }], chars: 800 }, person: { id: w.ids.ann, name: 'ann' } })]);
  });

  it('records an answer made before its row could load or be read, and a submit right after the claim', async () => {
    const w = await workProject(env, { people, rows: plainRows(4) });
    await label(w.c.ann, w.id, pos, { activeMs: 900, integrity: { loadMs: 2500 } });
    await label(w.c.ann, w.id, neg, { integrity: { shownMs: 300 } });
    await label(w.c.ann, w.id, pos, { wait: 200, activeMs: 150 });
    await label(w.c.ann, w.id, neg, { integrity: { loadMs: 400, shownMs: 20_000 } });
    const s = (await signals(w.lead, w.id, '?kind=early')).map((x) => x.details).reverse();
    expect(s).toEqual([{ activeMs: 900, loadMs: 2500 }, { shownMs: 300 }, { sinceClaimMs: 200 }]);
  });

  it('records an answer far faster than the project norm once there is a norm', async () => {
    const w = await workProject(env, { people, rows: plainRows(12) });
    for (let i = 0; i < 10; i++) await label(w.c.ann, w.id, i % 2 ? pos : neg, { activeMs: 20_000 });
    expect(await signals(w.lead, w.id, '?kind=fast')).toEqual([]);
    const quick = await label(w.c.bob, w.id, pos, { activeMs: 4_000 });
    await label(w.c.bob, w.id, neg, { activeMs: 6_000 });
    const s = await signals(w.lead, w.id, '?kind=fast');
    expect(s).toEqual([expect.objectContaining({ answerId: quick.answerId, details: { activeMs: 4_000, medianMs: 20_000 } })]);
  });

  it('moves the norm with every answer stored since it was first read', async () => {
    const w = await workProject(env, { people, rows: plainRows(24) });
    for (let i = 0; i < 10; i++) await label(w.c.ann, w.id, i % 2 ? pos : neg, { activeMs: 20_000 });
    for (let i = 0; i < 11; i++) await label(w.c.bob, w.id, i % 2 ? pos : neg, { activeMs: 4_000 });
    // 10 answers of 20 s and 11 of 4 s: the median is 4 s once the norm has taken them all in.
    const quick = await label(w.c.bob, w.id, neg, { activeMs: 900 });
    const s = await signals(w.lead, w.id, '?kind=fast');
    // The 4 s answers were fast against the first 10 (20 s); by the last one the norm is theirs.
    expect(s.find((x) => x.answerId === quick.answerId)?.details).toEqual({ activeMs: 900, medianMs: 4_000 });
  });

  it(`records a streak of ${STREAK_MIN} identical answers, from the ${STREAK_MIN}th on`, async () => {
    const w = await workProject(env, { people, rows: plainRows(STREAK_MIN + 3) });
    await label(w.c.bob, w.id, neg);
    const ids = [];
    for (let i = 0; i < STREAK_MIN + 1; i++) ids.push((await label(w.c.bob, w.id, pos)).answerId);
    await label(w.c.bob, w.id, neg);
    // A run from a person's very first answer counts too (no other answer ends it).
    const ann = [];
    for (let i = 0; i < STREAK_MIN; i++) ann.push((await label(w.c.ann, w.id, neg)).answerId);
    const s = (await signals(w.lead, w.id, '?kind=streak')).reverse();
    expect(s.map((x) => [x.answerId, x.details.length])).toEqual([[ids[STREAK_MIN - 1], STREAK_MIN], [ids[STREAK_MIN], STREAK_MIN + 1], [ann[STREAK_MIN - 1], STREAK_MIN]]);
  });

  it(`counts a streak up to ${STREAK_LOOK} answers, and a run begun before answers kept their run counts on`, async () => {
    const w = await workProject(env, { people, rows: plainRows(STREAK_LOOK + 8) });
    // Ann's first five answers stand for labels from before the upgrade that added answers.same_run.
    for (let i = 0; i < 5; i++) await label(w.c.ann, w.id, pos);
    await env.deps.db.updateTable('answers').set({ same_run: null }).execute();
    const ids = [];
    for (let i = 0; i < STREAK_LOOK; i++) ids.push((await label(w.c.ann, w.id, pos)).answerId);
    const s = new Map((await signals(w.lead, w.id, '?kind=streak')).map((x) => [x.answerId, x.details]));
    // The sixth identical answer continues the five older ones: 6, 7, 8 ... and no further than the window.
    expect(s.get(ids[STREAK_MIN - 6])).toEqual({ length: STREAK_MIN, of: STREAK_LOOK });
    expect(s.get(ids[STREAK_LOOK - 6])).toEqual({ length: STREAK_LOOK, of: STREAK_LOOK });
    expect(s.get(ids[STREAK_LOOK - 1])).toEqual({ length: STREAK_LOOK, of: STREAK_LOOK });
    expect(s.has(ids[STREAK_MIN - 7])).toBe(false);
    // Another answer ends the run; the same one again starts a new run of one.
    await label(w.c.ann, w.id, neg);
    const again = await label(w.c.ann, w.id, pos);
    const stored = await env.deps.db.selectFrom('answers').select('same_run').where('id', '=', again.answerId).executeTakeFirstOrThrow();
    expect(stored.same_run).toBe(1);
  });

  it('never refuses a submission, records a retried one once, and bounds what is reported', async () => {
    const w = await workProject(env, { people, rows: plainRows(2) });
    const report = { pastes: Array.from({ length: 300 }, () => ({ question: 'sentiment', chars: 9_000 })), loadMs: 3_000_000 };
    const first = await label(w.c.ann, w.id, pos, { id: 'retry-0001', activeMs: 10, integrity: report });
    const again = await w.c.ann.post(`/api/assignments/${first.claim}/submit`, { answer: pos, clientSubmissionId: 'retry-0001', activeMs: 10, integrity: report });
    expect(again.status).toBe(200);
    const s = await signals(w.lead, w.id);
    expect(s.map((x) => x.kind).sort()).toEqual(['early', 'paste']);
    expect(s.find((x) => x.kind === 'paste').details.pastes).toHaveLength(20);
    const bad = await w.c.ann.post(`/api/assignments/${first.claim}/submit`, { answer: pos, clientSubmissionId: csid(), integrity: { pastes: [{ question: 'sentiment', chars: -1 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/integrity\.pastes\.0\.chars/);
  });

  it('shows leads the signals per person and per row, and nobody else', async () => {
    const w = await workProject(env, { people, rows: plainRows(3) });
    const a = await label(w.c.ann, w.id, pos, { integrity: { pastes: [{ question: 'sentiment', chars: 900 }] } });
    await label(w.c.bob, w.id, pos, { integrity: { shownMs: 10 } });
    await label(w.c.bob, w.id, neg);
    const perPerson = (await w.lead.get(`/api/projects/${w.id}/integrity`)).body.people;
    expect(perPerson).toEqual([
      { userId: w.ids.ann, name: 'ann', counts: { paste: 1, fast: 0, streak: 0, early: 0 }, total: 1, answers: 1 },
      { userId: w.ids.bob, name: 'bob', counts: { paste: 0, fast: 0, streak: 0, early: 1 }, total: 1, answers: 2 },
    ]);
    expect((await signals(w.lead, w.id, `?rowId=${a.rowId}`)).map((x) => x.person.name).sort()).toEqual(['ann', 'bob']);
    expect((await signals(w.lead, w.id, `?userId=${w.ids.bob}`)).map((x) => x.kind)).toEqual(['early']);
    for (const c of [w.c.ann, w.c.bob, w.c.rev]) {
      expect((await c.get(`/api/projects/${w.id}/integrity`)).status).toBe(403);
      expect((await c.get(`/api/projects/${w.id}/integrity/signals`)).status).toBe(403);
    }
    await env.user('eve@t.test');
    const eve = await env.login('eve@t.test');
    expect((await eve.get(`/api/projects/${w.id}/integrity`)).status).toBe(404);
  });
});

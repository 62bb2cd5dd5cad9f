import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv, type Client } from './test/harness.js';
import { workProject, plainRows, pos, neg, csid } from './test/workflow-kit.js';
import { setExpertise } from './repos/users.js';
import { listRows } from './repos/row-listing.js';

let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

const next = (c: Client, pid: number, role: 'label' | 'qa' = 'label') => c.post(`/api/projects/${pid}/next`, { role });
const submit = (c: Client, id: number, answer: unknown, extra: Record<string, unknown> = {}) =>
  c.post(`/api/assignments/${id}/submit`, { answer, clientSubmissionId: csid(), ...extra });
const counts = async () => {
  const db = env.deps.db;
  const a = await db.selectFrom('answers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const f = await db.selectFrom('finals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('rows').select(['id', 'state', 'round', 'labels_taken', 'labels_done', 'qa_taken', 'expertise_json']).orderBy('id').execute();
  const asg = await db.selectFrom('assignments').select(['id', 'status', 'expires_at']).orderBy('id').execute();
  return { answers: Number(a.n), finals: Number(f.n), rows, asg };
};

const team = [
  { name: 'ann', roles: ['annotator' as const], expertise: ['finance'] },
  { name: 'bob', roles: ['annotator' as const] },
  { name: 'cat', roles: ['annotator' as const] },
  { name: 'rex', roles: ['reviewer' as const] },
  { name: 'rita', roles: ['reviewer' as const], expertise: ['finance'] },
];

describe('two labels, then QA', () => {
  it('hands a row to two labelers, then to QA with both labels, and finalizes the accepted answer', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(3) });
    const a = await next(w.c.ann, w.id);
    expect(a.status).toBe(200);
    expect(a.body.row.externalId).toBe('r1');
    expect(a.body.schema[0].id).toBe('sentiment');
    // The second labeler completes the half-labeled row before a fresh one is opened.
    const b = await next(w.c.bob, w.id);
    expect(b.body.row.id).toBe(a.body.row.id);
    const c = await next(w.c.cat, w.id);
    expect(c.body.row.externalId).toBe('r2');

    const early = await next(w.c.rex, w.id, 'qa');
    expect(early.body).toMatchObject({ assignment: null, reason: 'waiting_for_others' });

    expect((await submit(w.c.ann, a.body.assignment.id, pos)).status).toBe(200);
    expect((await next(w.c.rex, w.id, 'qa')).body.assignment).toBeNull();
    expect((await submit(w.c.bob, b.body.assignment.id, neg)).status).toBe(200);

    const q = await next(w.c.rex, w.id, 'qa');
    expect(q.body.assignment.kind).toBe('qa');
    expect(q.body.row.id).toBe(a.body.row.id);
    expect(q.body.labels.map((l: any) => [l.slot, l.answer.sentiment.labels[0]])).toEqual([[1, 'pos'], [2, 'neg']]);
    expect(q.body.agreement.sentiment.agree).toBe(false);
    expect(JSON.stringify(q.body.labels)).not.toMatch(/ann|bob/);

    const r = await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: neg, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
    expect(r.status).toBe(200);
    expect(r.body.choices).toEqual({ sentiment: 'l2' });
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${a.body.row.id}/history`);
    expect(h.body.row.state).toBe('final');
    expect(h.body.finals).toHaveLength(1);
    expect(h.body.finals[0]).toMatchObject({ source: 'qa', answer: neg, decidedBy: w.ids.rex });
    expect(h.body.answers.map((x: any) => x.kind)).toEqual(['label', 'label', 'qa']);
  });

  it('resumes an active claim instead of taking a second row', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(3) });
    const one = await next(w.c.bob, w.id);
    const two = await next(w.c.bob, w.id);
    expect(two.body.assignment.id).toBe(one.body.assignment.id);
    expect((await counts()).asg).toHaveLength(1);
  });

  it('claims one row ahead on request, so submit can show it at once, and never more than one', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(4) });
    const cur = await next(w.c.cat, w.id);
    const ahead = await w.c.cat.post(`/api/projects/${w.id}/next`, { role: 'label', ahead: true });
    expect(ahead.status).toBe(200);
    expect(ahead.body.row.id).not.toBe(cur.body.row.id);
    // Asking again resumes the same ahead claim: at most two active claims per person.
    const again = await w.c.cat.post(`/api/projects/${w.id}/next`, { role: 'label', ahead: true });
    expect(again.body.assignment.id).toBe(ahead.body.assignment.id);
    expect((await next(w.c.cat, w.id)).body.assignment.id).toBe(cur.body.assignment.id);
    expect((await submit(w.c.cat, cur.body.assignment.id, pos)).status).toBe(200);
    // After the submit the ahead claim is the current one, and the next ahead is a third row.
    expect((await next(w.c.cat, w.id)).body.assignment.id).toBe(ahead.body.assignment.id);
    const third = await w.c.cat.post(`/api/projects/${w.id}/next`, { role: 'label', ahead: true });
    expect([cur.body.row.id, ahead.body.row.id]).not.toContain(third.body.row.id);
    // An unused ahead claim has an ordinary lease: it lapses back to the pool.
    env.clock.now += 31 * 60_000;
    const other = await next(w.c.bob, w.id);
    expect(other.status).toBe(200);
    const rows = (await counts()).rows;
    expect(rows.every((r) => r.labels_taken <= 2)).toBe(true);
    expect((await counts()).asg.filter((a) => a.status === 'active')).toHaveLength(1);
  });

  it('tells each person how many rows are waiting for them, per role', async () => {
    const w = await workProject(env, { people: [...team, { name: 'both', roles: ['annotator', 'reviewer'] }], rows: plainRows(2, (i) => ({ expertise: i === 0 ? ['finance'] : [] })) });
    expect((await w.c.cat.get(`/api/projects/${w.id}/queue`)).body).toMatchObject({ label: 2, qa: null });
    const a = await next(w.c.ann, w.id);
    const b = await next(w.c.cat, w.id);
    expect([a.body.row.externalId, b.body.row.externalId]).toEqual(['r1', 'r1']);
    expect((await w.c.cat.get(`/api/projects/${w.id}/queue`)).body.label).toBe(1);
    expect((await w.c.bob.get(`/api/projects/${w.id}/queue`)).body.label).toBe(1);
    expect((await w.c.rex.get(`/api/projects/${w.id}/queue`)).body).toMatchObject({ label: null, qa: 0 });
    await submit(w.c.ann, a.body.assignment.id, pos);
    await submit(w.c.cat, b.body.assignment.id, neg);
    // The finance row has its expert among the labelers (ann), so any reviewer may take it.
    expect((await w.c.rex.get(`/api/projects/${w.id}/queue`)).body).toMatchObject({ label: null, qa: 1 });
    expect((await w.c.both.get(`/api/projects/${w.id}/queue`)).body).toMatchObject({ label: 1, qa: 1 });
    expect((await w.lead.get(`/api/projects/${w.id}/queue`)).body).toMatchObject({ label: null, qa: null });
    expect((await env.anon.get(`/api/projects/${w.id}/queue`)).status).toBe(401);
  });

  it('counts a row needing an expert only for reviewers who cover it', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1, () => ({ expertise: ['finance'] })) });
    const a = await next(w.c.bob, w.id);
    const b = await next(w.c.cat, w.id);
    await submit(w.c.bob, a.body.assignment.id, pos);
    await submit(w.c.cat, b.body.assignment.id, neg);
    expect((await w.c.rex.get(`/api/projects/${w.id}/queue`)).body.qa).toBe(0);
    expect((await w.c.rita.get(`/api/projects/${w.id}/queue`)).body.qa).toBe(1);
  });

  it('offers QA the rows whose labels disagree before the ones that agree', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(2) });
    for (const [first, second] of [[pos, pos], [pos, neg]]) {
      const a = await next(w.c.ann, w.id);
      const b = await next(w.c.bob, w.id);
      await submit(w.c.ann, a.body.assignment.id, first);
      await submit(w.c.bob, b.body.assignment.id, second);
    }
    const q = await next(w.c.rex, w.id, 'qa');
    expect(q.body.row.externalId).toBe('r2');
    expect(q.body.agreement.sentiment.agree).toBe(false);
  });

  it('never gives a person a second slot on a row: after send-back only fresh labelers get it', async () => {
    const w = await workProject(env, { people: team.filter((p) => p.name !== 'cat'), rows: plainRows(1) });
    const a = await next(w.c.ann, w.id);
    const b = await next(w.c.bob, w.id);
    await submit(w.c.ann, a.body.assignment.id, pos);
    await submit(w.c.bob, b.body.assignment.id, neg);
    const q = await next(w.c.rex, w.id, 'qa');
    const back = await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'send_back', note: 'read the guideline on sarcasm', reason: 'Guideline misread' });
    expect(back.body).toMatchObject({ action: 'send_back', round: 2 });
    // Both labelers held the row: nothing left for them, and the lead sees why the row is stuck.
    expect((await next(w.c.ann, w.id)).body).toMatchObject({ assignment: null, reason: 'all_done' });
    const list = await w.lead.get(`/api/projects/${w.id}/rows`);
    expect(list.body.rows[0]).toMatchObject({ state: 'labeling', round: 2, waiting: 'no_eligible_labeler', roundNote: 'read the guideline on sarcasm' });
    // A fresh annotator gets it with QA's note.
    await env.user('dan@t.test');
    await w.lead.post(`/api/projects/${w.id}/members`, { email: 'dan@t.test', roles: ['annotator'] });
    const dan = await env.login('dan@t.test');
    const d = await next(dan, w.id);
    expect(d.body.row).toMatchObject({ externalId: 'r1', roundNote: 'read the guideline on sarcasm' });
    expect(d.body.assignment.round).toBe(2);
  });
});

describe('expert rule', () => {
  it('routes rows that lack their expert to the expert first, and QA only to a reviewer covering the gap', async () => {
    const w = await workProject(env, { people: [...team, { name: 'dan', roles: ['annotator'] }], rows: plainRows(3, (i) => (i === 2 ? { expertise: ['finance'] } : {})) });
    const ann = await next(w.c.ann, w.id);
    expect(ann.body.row).toMatchObject({ externalId: 'r3', expertise: ['finance'] });
    await w.c.ann.post(`/api/assignments/${ann.body.assignment.id}/release`);
    // Two non-experts label the finance row.
    const b = await next(w.c.bob, w.id);
    const c = await next(w.c.cat, w.id);
    expect(b.body.row.externalId).toBe('r1');
    expect(c.body.row.externalId).toBe('r1');
    await w.c.bob.post(`/api/assignments/${b.body.assignment.id}/release`);
    await w.c.cat.post(`/api/assignments/${c.body.assignment.id}/release`);
    // r1 is now skipped by bob and cat; dan takes r1, bob and cat move on; walk until bob and cat are on r3.
    const db = env.deps.db;
    await db.updateTable('rows').set({ state: 'final' }).where('external_id', 'in', ['r1', 'r2']).execute();
    const b3 = await next(w.c.bob, w.id);
    const c3 = await next(w.c.cat, w.id);
    expect([b3.body.row.externalId, c3.body.row.externalId]).toEqual(['r3', 'r3']);
    await submit(w.c.bob, b3.body.assignment.id, pos, { bestEffort: true });
    await submit(w.c.cat, c3.body.assignment.id, pos);

    expect((await next(w.c.rex, w.id, 'qa')).body).toMatchObject({ assignment: null, reason: 'waiting_for_expert' });
    const rows = await w.lead.get(`/api/projects/${w.id}/rows?state=qa`);
    expect(rows.body.rows.map((r: any) => [r.externalId, r.waiting, r.needs])).toEqual([['r3', 'waiting_for_qa', ['finance']]]);
    // rita can take it, so it is not stuck waiting for an expert.
    expect((await w.lead.get(`/api/projects/${w.id}/rows?waiting=expert`)).body.rows).toEqual([]);
    // With rita out of the project nobody can take it: the listing says so.
    await w.lead.put(`/api/projects/${w.id}/members/${w.ids.rita}`, { roles: [] });
    const stuck = await w.lead.get(`/api/projects/${w.id}/rows?waiting=expert`);
    expect(stuck.body.rows.map((r: any) => [r.externalId, r.waiting])).toEqual([['r3', 'waiting_for_expert']]);
    await w.lead.post(`/api/projects/${w.id}/members`, { email: 'rita@t.test', roles: ['reviewer'] });

    const q = await next(w.c.rita, w.id, 'qa');
    expect(q.body.row.externalId).toBe('r3');
    expect(q.body.labels[0]).toMatchObject({ bestEffort: true, expert: false });

    // Finalizing re-checks the rule: rita lost her finance tag meanwhile.
    await setExpertise(db, w.ids.rita, []);
    const before = await counts();
    const refused = await w.c.rita.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/expert rule.*finance/);
    expect(await counts()).toEqual(before);
    await setExpertise(db, w.ids.rita, ['finance']);
    const ok = await w.c.rita.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
    expect(ok.status).toBe(200);
  });

  it('marks the expert label for QA, and a flag adds the domain the QA gate then requires', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1, () => ({ expertise: ['finance'] })) });
    const a = await next(w.c.ann, w.id);
    const b = await next(w.c.bob, w.id);
    const f = await w.c.bob.post(`/api/assignments/${b.body.assignment.id}/flag`, { domain: 'Medical', note: 'drug names' });
    expect(f.body.expertise).toEqual(['finance', 'medical']);
    await submit(w.c.ann, a.body.assignment.id, pos);
    await submit(w.c.bob, b.body.assignment.id, neg, { bestEffort: true });
    // Nobody covers medical: rita (finance) is not offered the row.
    expect((await next(w.c.rita, w.id, 'qa')).body.reason).toBe('waiting_for_expert');
    await setExpertise(env.deps.db, w.ids.rex, ['medical']);
    const q = await next(w.c.rex, w.id, 'qa');
    expect(q.body.labels).toEqual([
      expect.objectContaining({ slot: 1, expert: true, expertDomains: ['finance'], bestEffort: false }),
      expect.objectContaining({ slot: 2, expert: false, expertDomains: [], bestEffort: true }),
    ]);
  });
});

describe('flagging a row that needed no expert', () => {
  it('makes the flagged domain a requirement of the QA gate', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1) });
    const b = await next(w.c.bob, w.id); const c = await next(w.c.cat, w.id);
    expect((await w.c.bob.post(`/api/assignments/${b.body.assignment.id}/flag`, { domain: 'finance' })).body.expertise).toEqual(['finance']);
    await submit(w.c.bob, b.body.assignment.id, pos); await submit(w.c.cat, c.body.assignment.id, pos);
    expect((await next(w.c.rex, w.id, 'qa')).body.reason).toBe('waiting_for_expert');
    expect((await next(w.c.rita, w.id, 'qa')).body.row.expertise).toEqual(['finance']);
  });
});

describe('qa: disagreements', () => {
  it('finalizes agreeing rows by consensus and sends disagreements to QA, telling labelers neither', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(2), settings: { qa: 'disagreements' } });
    const a1 = await next(w.c.ann, w.id); const b1 = await next(w.c.bob, w.id);
    const s1 = await submit(w.c.ann, a1.body.assignment.id, pos);
    const s2 = await submit(w.c.bob, b1.body.assignment.id, pos);
    expect(Object.keys(s2.body).sort()).toEqual(Object.keys(s1.body).sort());
    const a2 = await next(w.c.ann, w.id); const b2 = await next(w.c.bob, w.id);
    await submit(w.c.ann, a2.body.assignment.id, pos);
    await submit(w.c.bob, b2.body.assignment.id, neg);
    const rows = (await w.lead.get(`/api/projects/${w.id}/rows`)).body.rows;
    expect(rows.map((r: any) => [r.externalId, r.state, r.agree])).toEqual([['r1', 'final', true], ['r2', 'qa', false]]);
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${rows[0].id}/history`);
    expect(h.body.finals[0]).toMatchObject({ source: 'consensus', answer: pos });
  });

  it('does not finalize by consensus when the labelers leave a domain uncovered', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1, () => ({ expertise: ['cs'] })), settings: { qa: 'disagreements' } });
    const a = await next(w.c.ann, w.id); const b = await next(w.c.bob, w.id);
    await submit(w.c.ann, a.body.assignment.id, pos); await submit(w.c.bob, b.body.assignment.id, pos);
    expect((await w.lead.get(`/api/projects/${w.id}/rows`)).body.rows[0]).toMatchObject({ state: 'qa', agree: true, waiting: 'waiting_for_expert' });
  });
});

describe('leases, drafts, skips', () => {
  it('expires a claim lazily, keeps the draft, refuses the late submit and gives the row back to its owner', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(2), settings: { leaseMinutes: 10 } });
    const a = await next(w.c.bob, w.id);
    const d = await w.c.bob.post(`/api/assignments/${a.body.assignment.id}/draft`, { answer: { sentiment: { labels: ['neg'] } } });
    expect(d.status).toBe(200);
    env.clock.now += 9 * 60_000;
    expect((await w.c.bob.post(`/api/assignments/${a.body.assignment.id}/heartbeat`)).body.expiresAt).toBe(env.clock.now + 10 * 60_000);
    env.clock.now += 11 * 60_000;
    const before = await counts();
    const late = await submit(w.c.bob, a.body.assignment.id, pos);
    expect(late.status).toBe(409);
    expect(late.body.error.message).toMatch(/expired/);
    const after = await counts();
    expect(after.answers).toBe(before.answers);
    expect(after.rows[0]).toMatchObject({ labels_taken: 0, labels_done: 0 });
    // Asking again: the slot is still free, so bob resumes the same claim with his draft.
    const again = await next(w.c.bob, w.id);
    expect(again.body.assignment.id).toBe(a.body.assignment.id);
    expect(again.body.draft).toEqual({ sentiment: { labels: ['neg'] } });
    expect((await submit(w.c.bob, again.body.assignment.id, pos)).status).toBe(200);
  });

  it('returns an expired slot to the pool for others', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1) });
    await next(w.c.ann, w.id); await next(w.c.bob, w.id);
    expect((await next(w.c.cat, w.id)).body.assignment).toBeNull();
    env.clock.now += 31 * 60_000;
    const c = await next(w.c.cat, w.id);
    expect(c.body.row.externalId).toBe('r1');
    expect((await counts()).asg.map((x) => x.status)).toEqual(['expired', 'expired', 'active']);
  });

  it('gives a skipped row to others, never back to the person who skipped it', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(2) });
    const a = await next(w.c.bob, w.id);
    expect((await w.c.bob.post(`/api/assignments/${a.body.assignment.id}/release`)).body).toEqual({ released: true });
    expect((await next(w.c.bob, w.id)).body.row.externalId).toBe('r2');
    expect((await next(w.c.cat, w.id)).body.row.externalId).toBe('r1');
  });

  it('applies a retried submit once and refuses a submission id reused for another claim', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(2) });
    const a = await next(w.c.bob, w.id);
    const body = { answer: pos, clientSubmissionId: 'retry-0001', activeMs: 4200 };
    const one = await w.c.bob.post(`/api/assignments/${a.body.assignment.id}/submit`, body);
    const two = await w.c.bob.post(`/api/assignments/${a.body.assignment.id}/submit`, body);
    expect(two.status).toBe(200);
    expect(two.body.answerId).toBe(one.body.answerId);
    expect((await counts()).answers).toBe(1);
    const b = await next(w.c.bob, w.id);
    const reuse = await w.c.bob.post(`/api/assignments/${b.body.assignment.id}/submit`, body);
    expect(reuse.status).toBe(409);
    expect(reuse.body.error.message).toMatch(/clientSubmissionId/);
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${a.body.row.id}/history`);
    expect(h.body.answers[0]).toMatchObject({ activeMs: 4200, bestEffort: false, clientSubmissionId: 'retry-0001' });
  });
});

describe('prelabels and guidelines', () => {
  it('hides prelabels from labelers when the project says so, shows them to QA, and records kept/changed', async () => {
    const rows = plainRows(2, (i) => (i === 0 ? { prelabels: { sentiment: { labels: ['pos'] } } } : {}));
    const w = await workProject(env, { people: team, rows, settings: { showPrelabels: false } });
    const a = await next(w.c.ann, w.id);
    expect(a.body.prelabels).toBeNull();
    const b = await next(w.c.bob, w.id);
    await submit(w.c.ann, a.body.assignment.id, pos);
    await submit(w.c.bob, b.body.assignment.id, neg);
    const q = await next(w.c.rex, w.id, 'qa');
    expect(q.body.prelabels).toEqual({ sentiment: { labels: ['pos'] } });
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${a.body.row.id}/history`);
    expect(h.body.answers.map((x: any) => x.prelabels.sentiment)).toEqual(['kept', 'changed']);
    const c = await next(w.c.cat, w.id);
    await submit(w.c.cat, c.body.assignment.id, pos);
    const h2 = await w.lead.get(`/api/projects/${w.id}/rows/${c.body.row.id}/history`);
    expect(h2.body.answers[0].prelabels).toEqual({ sentiment: 'none' });
  });

  it('records the current guideline version with each submission', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1) });
    await env.deps.db.insertInto('guideline_versions').values({ project_id: w.id, version: 3, body: '# g', note: '', created_by: 1, created_at: env.clock.now }).execute();
    const a = await next(w.c.ann, w.id);
    expect(a.body.guideline).toEqual({ version: 3, acknowledged: false });
    await submit(w.c.ann, a.body.assignment.id, pos);
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${a.body.row.id}/history`);
    expect(h.body.answers[0].guidelineVersion).toBe(3);
  });
});

describe('escalations and lead actions', () => {
  async function inQa() {
    const w = await workProject(env, { people: team, rows: plainRows(1) });
    const a = await next(w.c.ann, w.id); const b = await next(w.c.bob, w.id);
    await submit(w.c.ann, a.body.assignment.id, pos); await submit(w.c.bob, b.body.assignment.id, neg);
    const q = await next(w.c.rex, w.id, 'qa');
    return { w, q, rowId: a.body.row.id as number };
  }

  it('sends an escalated row to the leads and, once answered, back to its reviewer', async () => {
    const { w, q, rowId } = await inQa();
    const e = await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'escalate', question: 'is irony negative?' });
    expect(e.body).toMatchObject({ action: 'escalate', rowState: 'escalated' });
    expect((await next(w.c.rita, w.id, 'qa')).body.assignment).toBeNull();
    const list = await w.lead.get(`/api/projects/${w.id}/escalations?status=open`);
    expect(list.body.escalations).toEqual([expect.objectContaining({
      rowId, question: 'is irony negative?', raisedByName: 'rex', status: 'open',
      // The inbox carries the row, so a lead can answer without opening it.
      row: { state: 'escalated', round: 1, expertise: [], data: { text: 'row 1' } },
    })]);
    const ans = await w.lead.post(`/api/projects/${w.id}/escalations/${e.body.escalationId}/answer`, { answer: 'yes' });
    expect(ans.body).toMatchObject({ rowState: 'qa' });
    expect((await w.lead.post(`/api/projects/${w.id}/escalations/${e.body.escalationId}/answer`, { answer: 'again' })).status).toBe(409);
    const back = await next(w.c.rex, w.id, 'qa');
    expect(back.body.assignment.id).toBe(q.body.assignment.id);
    expect(back.body.escalations).toEqual([{ question: 'is irony negative?', answer: 'yes' }]);
  });

  it('lets a lead reopen a final row for a fresh reviewer, and release a stuck claim', async () => {
    const { w, q, rowId } = await inQa();
    await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
    expect((await w.lead.post(`/api/projects/${w.id}/rows/${rowId}/reopen`, { note: 'check again' })).body).toMatchObject({ state: 'qa', round: 1 });
    expect((await w.lead.post(`/api/projects/${w.id}/rows/${rowId}/reopen`, {})).status).toBe(409);
    expect((await next(w.c.rex, w.id, 'qa')).body.assignment).toBeNull();
    const r = await next(w.c.rita, w.id, 'qa');
    expect(r.body.row.id).toBe(rowId);
    const rel = await w.lead.post(`/api/projects/${w.id}/assignments/${r.body.assignment.id}/release`);
    expect(rel.body).toEqual({ released: true, assignmentId: r.body.assignment.id });
    expect((await w.c.rita.post(`/api/assignments/${r.body.assignment.id}/heartbeat`)).status).toBe(409);
    const h = await w.lead.get(`/api/projects/${w.id}/rows/${rowId}/history`);
    expect(h.body.assignments.map((a: any) => [a.kind, a.status, a.releaseReason])).toEqual([
      ['label', 'submitted', null], ['label', 'submitted', null], ['qa', 'submitted', null], ['qa', 'released', 'lead']]);
  });
});

describe('bad input changes nothing', () => {
  it.each([
    ['a wrong answer shape', 'ann', (id: number) => [`/api/assignments/${id}/submit`, { answer: { sentiment: { labels: ['meh'] } }, clientSubmissionId: csid() }], 400, /answer\.sentiment\.labels/],
    ['an unknown question', 'ann', (id: number) => [`/api/assignments/${id}/submit`, { answer: { ...pos, mood: 1 }, clientSubmissionId: csid() }], 400, /mood/],
    ['an incomplete answer', 'ann', (id: number) => [`/api/assignments/${id}/submit`, { answer: { sentiment: { labels: [] } }, clientSubmissionId: csid() }], 400, /answer\.sentiment/],
    ['a wrong draft shape', 'ann', (id: number) => [`/api/assignments/${id}/draft`, { answer: { sentiment: { labels: 'pos' } } }], 400, /answer\.sentiment\.labels/],
    ['a missing submission id', 'ann', (id: number) => [`/api/assignments/${id}/submit`, { answer: pos }], 400, /clientSubmissionId/],
    ['someone else\'s claim', 'bob', (id: number) => [`/api/assignments/${id}/submit`, { answer: pos, clientSubmissionId: csid() }], 403, /someone else/],
    ['resolving a label claim', 'ann', (id: number) => [`/api/assignments/${id}/resolve`, { action: 'accept', answer: pos, clientSubmissionId: csid() }], 409, /label claim/],
    ['an unknown resolve action', 'ann', (id: number) => [`/api/assignments/${id}/resolve`, { action: 'maybe' }], 400, /action/],
    ['a bad claim id', 'ann', () => ['/api/assignments/abc/submit', { answer: pos, clientSubmissionId: csid() }], 400, /id/],
    ['a claim id out of range', 'ann', () => ['/api/assignments/99999999999999999999/heartbeat', {}], 400, /out of range/],
    ['a claim that does not exist', 'ann', () => ['/api/assignments/987654/heartbeat', {}], 404, /claim not found/],
    ['a bad domain flag', 'ann', (id: number) => [`/api/assignments/${id}/flag`, { domain: 'no spaces allowed' }], 400, /domain/],
    ['a bad role', 'ann', (_: number, pid: number) => [`/api/projects/${pid}/next`, { role: 'boss' }], 400, /role/],
    ['a row of another project', 'lead', (_: number, pid: number) => [`/api/projects/${pid}/rows/987654/reopen`, {}], 404, /row not found/],
    ['an escalation that does not exist', 'lead', (_: number, pid: number) => [`/api/projects/${pid}/escalations/987654/answer`, { answer: 'x' }], 404, /escalation not found/],
  ])('%s', async (_name, who, req, status, message) => {
    const w = await workProject(env, { people: team, rows: plainRows(2) });
    const a = await next(w.c.ann, w.id);
    const before = await counts();
    const [url, body] = (req as (id: number, pid: number) => [string, unknown])(a.body.assignment.id, w.id);
    const client = who === 'lead' ? w.lead : w.c[who];
    const r = await client.post(url, body);
    expect(r.status).toBe(status);
    expect(r.body.error.message).toMatch(message);
    expect(await counts()).toEqual(before);
  });

  it('refuses QA next for a labeler-only member and leads-only routes for others', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1) });
    expect((await next(w.c.ann, w.id, 'qa')).body).toMatchObject({ assignment: null, reason: 'not_a_member_role' });
    expect((await w.c.ann.get(`/api/projects/${w.id}/rows`)).status).toBe(403);
    await env.user('out@t.test');
    const out = await env.login('out@t.test');
    expect((await next(out, w.id)).status).toBe(404);
  });
});

describe('lead listing', () => {
  it('pages with a cursor and filters by state and labeler', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(7) });
    const a = await next(w.c.ann, w.id);
    await submit(w.c.ann, a.body.assignment.id, pos);
    const seen: string[] = [];
    let cursor: number | null = null;
    do {
      const page: any = await w.lead.get(`/api/projects/${w.id}/rows?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.rows.map((r: any) => r.externalId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
    const mine = await w.lead.get(`/api/projects/${w.id}/rows?labeler=${w.ids.ann}`);
    expect(mine.body.rows.map((r: any) => r.externalId)).toEqual(['r1']);
    expect((await w.lead.get(`/api/projects/${w.id}/rows?state=final`)).body.rows).toEqual([]);
    expect((await w.lead.get(`/api/projects/${w.id}/rows?state=done`)).status).toBe(400);
  });

  it('walks a bounded window per request for filters without an index, and paging still finds every match once', async () => {
    const finance = new Set([3, 17, 18, 35]);
    const w = await workProject(env, { people: team, rows: plainRows(40, (i) => ({ expertise: finance.has(i + 1) ? ['finance'] : [] })) });
    const found: string[] = [];
    const sizes: number[] = [];
    let cursor: number | undefined;
    let requests = 0;
    for (;;) {
      const page = await listRows(env.deps.db, w.id, { expertise: 'finance', limit: 2, cursor }, 10);
      found.push(...page.rows.map((r) => r.external_id!));
      sizes.push(page.rows.length);
      requests++;
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(found).toEqual(['r3', 'r17', 'r18', 'r35']);
    // Expertise has an index of its own since the rows browser (row_domains): full pages, no window.
    // The window of a filter without one is tested in rows-browser.test.ts.
    expect(sizes).toEqual([2, 2, 0]);
    expect(requests).toBe(3);
    // State alone is an index seek: no window, a full page.
    const labeling = await listRows(env.deps.db, w.id, { state: 'labeling', limit: 25 }, 10);
    expect(labeling.rows).toHaveLength(25);
  });
});

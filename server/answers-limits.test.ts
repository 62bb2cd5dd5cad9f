import { AsyncLocalStorage } from 'node:async_hooks';
import { PAIR_INSIDE_MAX_CHARS } from './services/workflow/label.js';
import { taskModules } from '@shared/tasks/registry.js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { workProject, plainRows, csid } from './test/workflow-kit.js';
import { DRAFT_REVISIONS_KEPT } from './repos/assignments.js';

// Records, for every agreement computed, whether it ran inside a database transaction: the submit path must
// score the two labels before its write transaction opens.
const probe = vi.hoisted(() => ({ inTx: [] as boolean[], als: null as null | import('node:async_hooks').AsyncLocalStorage<true> }));
vi.mock('@shared/tasks/question.js', async (importOriginal) => {
  const m = await importOriginal<typeof import('@shared/tasks/question.js')>();
  return {
    ...m,
    rowAgreement: (...args: Parameters<typeof m.rowAgreement>) => {
      probe.inTx.push(probe.als?.getStore() === true);
      return m.rowAgreement(...args);
    },
  };
});

let env: TestEnv;
beforeEach(async () => {
  env = await createTestEnv();
  const als = new AsyncLocalStorage<true>();
  probe.als = als;
  probe.inTx = [];
  const db = env.deps.db as unknown as { transaction(): { execute<T>(fn: (t: unknown) => Promise<T>): Promise<T> } };
  const begin = db.transaction.bind(db);
  db.transaction = () => {
    const builder = begin();
    return { execute: (fn) => als.run(true, () => builder.execute(fn)) };
  };
});
afterEach(async () => { await env.close(); });

const textSchema = [{ id: 'summary', type: 'text', title: 'Summary', config: { field: 'text' } }];
const next = (c: Client, pid: number) => c.post(`/api/projects/${pid}/next`, { role: 'label' });
const submit = (c: Client, id: number, text: string) => c.post(`/api/assignments/${id}/submit`, { answer: { summary: { text } }, clientSubmissionId: csid() });
const team = [{ name: 'ann', roles: ['annotator' as const] }, { name: 'bob', roles: ['annotator' as const] }];

describe('text answers and drafts are bounded', () => {
  it('a text answer over the question\'s maxLength is a 400 naming the question and the limit; nothing is stored', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1), schema: textSchema });
    const a = await next(w.c.ann, w.id);
    const r = await submit(w.c.ann, a.body.assignment.id, 'x'.repeat(20_001));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('answer.summary.text: the answer is limited to 20000 characters');
    const draft = await w.c.ann.post(`/api/assignments/${a.body.assignment.id}/draft`, { answer: { summary: { text: 'x'.repeat(20_001) } } });
    expect(draft.status).toBe(400);
    expect(draft.body.error.message).toContain('limited to 20000 characters');
    expect((await env.deps.db.selectFrom('answers').selectAll().execute()).length).toBe(0);
    expect((await submit(w.c.ann, a.body.assignment.id, 'x'.repeat(20_000))).status).toBe(200);
  });

  it('a draft heavier than the answer cap is a 413 with the limit, even where each question allows it', async () => {
    const schema = [0, 1, 2, 3, 4, 5].map((i) => ({ id: `t${i}`, type: 'text', title: `T${i}`, config: { maxLength: 200_000 } }));
    const w = await workProject(env, { people: team, rows: plainRows(1), schema });
    const a = await next(w.c.ann, w.id);
    const answer = Object.fromEntries(schema.map((q, i) => [q.id, { text: 'x'.repeat(i < 5 ? 200_000 : 1_000) }]));
    const r = await w.c.ann.post(`/api/assignments/${a.body.assignment.id}/draft`, { answer });
    expect(r.status).toBe(413);
    expect(r.body.error).toMatchObject({ code: 'too_large' });
    expect(r.body.error.message).toMatch(/limited to 1000000/);
    expect(await env.deps.db.selectFrom('draft_revisions').selectAll().execute()).toEqual([]);
  });

  it(`keeps the last ${DRAFT_REVISIONS_KEPT} draft revisions of a claim after 100 autosaves`, async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1), schema: textSchema });
    const a = await next(w.c.ann, w.id);
    const id = a.body.assignment.id;
    for (let i = 1; i <= 100; i++) {
      const r = await w.c.ann.post(`/api/assignments/${id}/draft`, { answer: { summary: { text: `version ${i}` } } });
      expect(r.status).toBe(200);
    }
    const revs = await env.deps.db.selectFrom('draft_revisions').select(['answer_json']).where('assignment_id', '=', id).orderBy('id').execute();
    expect(revs.map((r) => JSON.parse(r.answer_json).summary.text)).toEqual(Array.from({ length: DRAFT_REVISIONS_KEPT }, (_, k) => `version ${81 + k}`));
    const resumed = await w.c.ann.get(`/api/assignments/${id}`);
    expect(resumed.body.draft).toEqual({ summary: { text: 'version 100' } });
  });
});

describe('agreement runs outside the write transaction', () => {
  it('scores the second label before the submit transaction opens, and stores that score', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1), schema: textSchema });
    const a = await next(w.c.ann, w.id);
    const b = await next(w.c.bob, w.id);
    // Past PAIR_INSIDE_MAX_CHARS: short answers are scored inside the write (microseconds, one round trip less).
    const long = 'x'.repeat(PAIR_INSIDE_MAX_CHARS);
    expect((await submit(w.c.ann, a.body.assignment.id, `The capital is Paris. ${long}`)).status).toBe(200);
    expect(probe.inTx).toEqual([]);
    expect((await submit(w.c.bob, b.body.assignment.id, `The capital is Lyon. ${long}`)).status).toBe(200);
    expect(probe.inTx).toEqual([false]);
    const row = await env.deps.db.selectFrom('rows').select(['state', 'agreement_json']).executeTakeFirstOrThrow();
    expect(row.state).toBe('qa');
    const config = taskModules.text.config.parse(textSchema[0].config);
    const score = taskModules.text.agreement({ text: `The capital is Paris. ${long}` }, { text: `The capital is Lyon. ${long}` }, config).score;
    expect(score).toBeLessThan(1);
    expect(JSON.parse(row.agreement_json!).questions.summary.score).toBeCloseTo(score, 12);
  });

  it('the dashboard fill reuses the stored score of the pair rather than compute it again in its transaction', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1), schema: textSchema });
    const a = await next(w.c.ann, w.id);
    const b = await next(w.c.bob, w.id);
    await submit(w.c.ann, a.body.assignment.id, 'Same words.');
    await submit(w.c.bob, b.body.assignment.id, 'Same words.');
    const row = await env.deps.db.selectFrom('rows').select(['id', 'agreement_json']).executeTakeFirstOrThrow();
    const stored = JSON.parse(row.agreement_json!);
    expect(stored).toMatchObject({ agree: true, schemaKey: expect.any(String), questions: { summary: { agree: true } } });
    // Marked as a disagreement: a fill that recomputed would count the identical texts as agreeing.
    stored.questions.summary.agree = false;
    await env.deps.db.updateTable('rows').set({ agreement_json: JSON.stringify(stored) }).where('id', '=', row.id).execute();
    const dash = await w.lead.get(`/api/projects/${w.id}/dashboard`);
    expect(dash.status).toBe(200);
    expect(dash.body.agreement.find((q: any) => q.questionId === 'summary' || q.id === 'summary')).toMatchObject({ pairAgreeRate: 0 });
  });

  it('two long texts at the ceiling are scored (by trigrams) and the row moves on', async () => {
    const schema = [{ id: 'summary', type: 'text', title: 'Summary', config: { maxLength: 200_000, threshold: 0.9 } }];
    const w = await workProject(env, { people: team, rows: plainRows(1), schema });
    const a = await next(w.c.ann, w.id);
    const b = await next(w.c.bob, w.id);
    const words = Array.from({ length: 40_000 }, (_, i) => `w${(i * 7919) % 10007}`).join(' ').slice(0, 200_000);
    expect((await submit(w.c.ann, a.body.assignment.id, words)).status).toBe(200);
    expect((await submit(w.c.bob, b.body.assignment.id, `${words.slice(0, 199_990)}0123456789`)).status).toBe(200);
    const row = await env.deps.db.selectFrom('rows').select(['agreement_json']).executeTakeFirstOrThrow();
    const q = JSON.parse(row.agreement_json!).questions.summary;
    expect(q.agree).toBe(true);
    expect(q.score).toBeGreaterThan(0.999);
    expect(probe.inTx).toEqual([false]);
  });
});

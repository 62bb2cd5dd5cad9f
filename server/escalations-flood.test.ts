import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { workProject, plainRows, pos, neg, csid } from './test/workflow-kit.js';
import { insertEscalation } from './repos/escalations.js';
import { down, up, DUPLICATE_CLOSED } from './db/migrations/2026-12-06T01-escalation-limits.js';

let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

const team = [{ name: 'ann', roles: ['annotator' as const] }, { name: 'bob', roles: ['annotator' as const] }, { name: 'rex', roles: ['reviewer' as const] }];
const next = (c: Client, pid: number, role: 'label' | 'qa' = 'label') => c.post(`/api/projects/${pid}/next`, { role });
const openCount = async () => Number((await env.deps.db.selectFrom('escalations').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'open').executeTakeFirstOrThrow()).n);

describe('one open escalation per person and row', () => {
  it('a second question on the same claim is a 409 naming the open one; after the answer a new one is accepted', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1) });
    const a = await next(w.c.ann, w.id);
    const id = a.body.assignment.id;
    const first = await w.c.ann.post(`/api/assignments/${id}/escalate`, { question: 'Is sarcasm negative?' });
    expect(first.status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const again = await w.c.ann.post(`/api/assignments/${id}/escalate`, { question: `again ${i}` });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(`you already have an open escalation on this row (#${first.body.escalationId}): the leads answer it before you can ask again`);
    }
    expect(await openCount()).toBe(1);
    expect((await w.lead.post(`/api/projects/${w.id}/escalations/${first.body.escalationId}/answer`, { answer: 'Yes.' })).status).toBe(200);
    expect((await w.c.ann.post(`/api/assignments/${id}/escalate`, { question: 'And irony?' })).status).toBe(200);
    expect(await openCount()).toBe(1);
  });

  it('another person on the same row still gets their question through; QA escalation still hands the row to the leads', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(1) });
    const a = await next(w.c.ann, w.id);
    const b = await next(w.c.bob, w.id);
    expect((await w.c.ann.post(`/api/assignments/${a.body.assignment.id}/escalate`, { question: 'q1' })).status).toBe(200);
    expect((await w.c.bob.post(`/api/assignments/${b.body.assignment.id}/escalate`, { question: 'q2' })).status).toBe(200);
    for (const [c, x, answer] of [[w.c.ann, a, pos], [w.c.bob, b, neg]] as const) {
      expect((await c.post(`/api/assignments/${x.body.assignment.id}/submit`, { answer, clientSubmissionId: csid() })).status).toBe(200);
    }
    const q = await next(w.c.rex, w.id, 'qa');
    const r = await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'escalate', question: 'q3' });
    expect(r.status).toBe(200);
    expect(r.body.rowState).toBe('escalated');
    expect(await openCount()).toBe(3);
  });

  it('the migration closes open duplicates from before, keeping each person\'s earliest open question', async () => {
    const w = await workProject(env, { people: team, rows: plainRows(2) });
    const db = env.deps.db;
    await down(db);
    const ask = (rowId: number, by: number, question: string) =>
      insertEscalation(db, { rowId, projectId: w.id, raisedBy: by, assignmentId: null, question, now: env.clock.now });
    const keep = await ask(w.rowIds[0], w.ids.ann, 'first');
    const dup1 = await ask(w.rowIds[0], w.ids.ann, 'flood 1');
    const dup2 = await ask(w.rowIds[0], w.ids.ann, 'flood 2');
    const other = await ask(w.rowIds[0], w.ids.bob, 'bob');
    const elsewhere = await ask(w.rowIds[1], w.ids.ann, 'other row');
    await up(db);
    const rows = await db.selectFrom('escalations').select(['id', 'status', 'answer']).orderBy('id').execute();
    expect(rows).toEqual([
      { id: keep, status: 'open', answer: null },
      { id: dup1, status: 'answered', answer: DUPLICATE_CLOSED },
      { id: dup2, status: 'answered', answer: DUPLICATE_CLOSED },
      { id: other, status: 'open', answer: null },
      { id: elsewhere, status: 'open', answer: null },
    ]);
    // The index now refuses a second open question from the same person on the row.
    await expect(ask(w.rowIds[0], w.ids.ann, 'one more')).rejects.toThrow();
  });
});

describe('the escalation inbox pages', () => {
  async function flooded(n: number) {
    const w = await workProject(env, { people: team, rows: plainRows(n) });
    const ids: number[] = [];
    for (let i = 0; i < n; i++) {
      ids.push(await insertEscalation(env.deps.db, { rowId: w.rowIds[i], projectId: w.id, raisedBy: w.ids[i % 2 ? 'ann' : 'bob'], assignmentId: null, question: `q${i}`, now: env.clock.now + i }));
    }
    return { w, ids };
  }
  const pageAll = async (lead: Client, url: string) => {
    const seen: number[] = [];
    let cursor: number | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: any } = await lead.get(`${url}${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(120);
      seen.push(...r.body.escalations.map((e: any) => e.id));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor !== null);
    return { seen, pages };
  };

  it('walks 120 escalations newest first and oldest first, 50 a page, with the total', async () => {
    const { w, ids } = await flooded(120);
    const base = `/api/projects/${w.id}/escalations?status=open&limit=50`;
    const newest = await pageAll(w.lead, `${base}&sort=newest`);
    expect(newest).toEqual({ seen: [...ids].reverse(), pages: 3 });
    const oldest = await pageAll(w.lead, `${base}&sort=oldest`);
    expect(oldest).toEqual({ seen: ids, pages: 3 });
    const first = await w.lead.get(`/api/projects/${w.id}/escalations`);
    expect(first.body).toMatchObject({ total: 120, nextCursor: ids[ids.length - 50] });
    expect(first.body.escalations).toHaveLength(50);
    expect(first.body.escalations[0]).toMatchObject({ id: ids[119], question: 'q119', row: { state: 'labeling' } });
    expect((await w.lead.get(`/api/projects/${w.id}/escalations?status=answered`)).body).toEqual({ total: 0, nextCursor: null, escalations: [] });
  });

  it('refuses a bad sort or limit with a 400 saying what is expected', async () => {
    const { w } = await flooded(1);
    const bad = await w.lead.get(`/api/projects/${w.id}/escalations?sort=sideways`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('sort: expected "newest" or "oldest"');
    expect((await w.lead.get(`/api/projects/${w.id}/escalations?limit=1000`)).body.error.message).toContain('limit: at most 200');
  });
});

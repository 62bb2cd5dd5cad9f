import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type Client, type TestEnv } from './test/harness.js';
import { giveRow, rowIds } from './test/fixtures-final.js';

/**
 * Gold rows on import and by promotion, and the per-person quality view (issue 16 parts 1 and 5): QA's
 * decisions counted per question (a labeler overruled on every conflict reads 0% kept there), κ per pair of
 * people, the CSV export (formula-safe) and the dashboard's "Kept by QA".
 */
const schema = [
  { id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['pos', 'neg'] } },
  { id: 'topic', type: 'classification', title: 'T', config: { field: 'text', labels: ['a', 'b'] } },
];
const ans = (s: string, t: string) => ({ sentiment: { labels: [s] }, topic: { labels: [t] } });

describe(`gold rows and per-person quality (${engineName()})`, () => {
  let env: TestEnv;
  let lead: Client;
  let u: number[];
  let pid: number;
  beforeEach(async () => {
    env = await createTestEnv();
    await env.user('lead@x.org', { name: 'Lead' });
    u = [await env.user('a@x.org', { name: '=Ann' }), await env.user('b@x.org', { name: 'Bob' }), await env.user('q@x.org', { name: 'Quinn' })];
    lead = await env.login('lead@x.org');
    pid = (await lead.post('/api/projects', { name: 'G', schema })).body.project.id;
    for (const e of ['a@x.org', 'b@x.org', 'q@x.org']) await lead.post(`/api/projects/${pid}/members`, { email: e, roles: ['annotator', 'reviewer'] });
  });
  afterEach(async () => env.close());

  const importLines = (lines: unknown[], mode = 'all') =>
    lead.raw(`/api/projects/${pid}/imports?mode=${mode}`, { method: 'POST', body: lines.map((l) => JSON.stringify(l)).join('\n') });

  it('imports gold rows with their reference; a bad reference is a line error naming the field', async () => {
    const bad = await importLines([
      { id: 'g1', data: { text: 'x' }, gold: { sentiment: { labels: ['meh'] } } },
      { id: 'g2', data: { text: 'y' }, gold: { nope: { labels: ['pos'] } } },
      { id: 'g3', data: { text: 'z' }, gold: ['pos'] },
    ]);
    expect(bad.status).toBe(400);
    const report = ((await bad.json()) as any).error.details;
    expect(report.committed).toBe(false);
    const fields = report.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`);
    expect(fields).toContain('1:gold.sentiment.labels.0');
    expect(fields).toContain('2:gold.nope');
    expect(fields).toContain('3:gold');

    const ok = ((await (await importLines([{ id: 'g1', data: { text: 'x' }, gold: { sentiment: { labels: ['pos'] } } }, { id: 'r1', data: { text: 'y' } }])).json()) as any).report;
    expect(ok.imported).toBe(2);
    const ids = await rowIds(env.deps.db, pid);
    const g = await env.deps.db.selectFrom('gold_rows').selectAll().where('row_id', '=', ids.get('g1')!).executeTakeFirstOrThrow();
    expect(JSON.parse(g.reference_json)).toEqual({ sentiment: { labels: ['pos'] } });
    const list = (await lead.get(`/api/projects/${pid}/rows`)).body.rows;
    expect(list.find((r: { externalId: string }) => r.externalId === 'g1').state).toBe('gold');
    // The lead's rows list shows them, and filters them by their state.
    const listed = (await lead.get(`/api/projects/${pid}/rows?state=gold`)).body.rows;
    expect(listed.map((r: { externalId: string; state: string }) => `${r.externalId}:${r.state}`)).toEqual(['g1:gold']);
    expect((await lead.get(`/api/projects/${pid}/rows`)).body.rows.map((r: { externalId: string }) => r.externalId).sort()).toEqual(['g1', 'r1']);
    expect((await lead.get(`/api/projects/${pid}/rows?state=gold&sort=state`)).body.rows).toHaveLength(1);
    // Gold rows are no work to finish: the project's progress leaves them out.
    expect((await lead.get(`/api/projects/${pid}`)).body.project.counts).toMatchObject({ rows: 1, toDo: 1, labeling: 0 });
    // The same line again changes nothing.
    expect(((await (await importLines([{ id: 'g1', data: { text: 'x' }, gold: { sentiment: { labels: ['pos'] } } }])).json()) as any).report.unchanged).toBe(1);
  });

  it('promotes a finalized row to gold (its final is the reference), leads only; not a row still in work', async () => {
    await importLines([{ id: 'r1', data: { text: 'x' } }, { id: 'r2', data: { text: 'y' } }]);
    const ids = await rowIds(env.deps.db, pid);
    await giveRow(env.deps.db, {
      projectId: pid, rowId: ids.get('r1')!, labels: [{ userId: u[0], answer: ans('pos', 'a') }, { userId: u[1], answer: ans('neg', 'a') }],
      qa: { userId: u[2], answer: ans('neg', 'a') }, final: { answer: ans('neg', 'a'), choices: { sentiment: 'l2', topic: 'agreed' } },
    });
    const ann = await env.login('a@x.org');
    expect((await ann.post(`/api/projects/${pid}/rows/${ids.get('r1')}/gold`, {})).status).toBe(403);
    const notFinal = await lead.post(`/api/projects/${pid}/rows/${ids.get('r2')}/gold`, {});
    expect(notFinal.status).toBe(409);
    expect(notFinal.body.error.message).toMatch(/only a finalized row/);
    const r = await lead.post(`/api/projects/${pid}/rows/${ids.get('r1')}/gold`, {});
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'gold', reference: ans('neg', 'a') });
    expect((await lead.post(`/api/projects/${pid}/rows/${ids.get('r1')}/gold`, {})).status).toBe(409);
    // No longer a final label: the export of finals leaves it out.
    const ex = await (await lead.raw(`/api/projects/${pid}/exports?format=jsonl&state=final`)).text();
    expect(ex.trim()).toBe('');
  });

  it('counts QA per question: a labeler overruled on every conflict reads 0% kept there, in the view, the CSV and the dashboard', async () => {
    const lines = Array.from({ length: 4 }, (_, i) => ({ id: `r${i}`, data: { text: `t${i}` } }));
    await importLines(lines);
    const ids = await rowIds(env.deps.db, pid);
    // Ann and Bob disagree on sentiment on every row and QA always takes Bob's; they agree on topic.
    for (let i = 0; i < 4; i++) {
      await giveRow(env.deps.db, {
        projectId: pid, rowId: ids.get(`r${i}`)!, labels: [{ userId: u[0], answer: ans('pos', 'a'), activeMs: 10_000 }, { userId: u[1], answer: ans('neg', 'a'), activeMs: 30_000 }],
        qa: { userId: u[2], answer: ans('neg', 'a') }, final: { answer: ans('neg', 'a'), choices: { sentiment: 'l2', topic: 'agreed' } },
      });
    }
    // Reviewers said why they overruled Ann (the review helper's store): three times on sentiment.
    for (let i = 0; i < 3; i++) {
      await env.deps.db.insertInto('review_reasons').values({
        project_id: pid, row_id: ids.get(`r${i}`)!, round: 1, labeler_id: u[0], reviewer_id: u[2], action: 'overrule',
        reason: i < 2 ? 'Guideline misread' : 'Careless or rushed', note: '', questions_json: JSON.stringify(['sentiment']), created_at: Date.UTC(2026, 11, 1),
      }).execute();
    }
    const q = await lead.get(`/api/projects/${pid}/quality`);
    expect(q.status).toBe(200);
    const ann = q.body.people.find((p: { userId: number }) => p.userId === u[0]);
    const bob = q.body.people.find((p: { userId: number }) => p.userId === u[1]);
    const of = (p: any, qid: string) => p.questions.find((x: { questionId: string }) => x.questionId === qid);
    expect(of(ann, 'sentiment').qa).toEqual({ decided: 4, kept: 0, overruled: 4, keptRate: 0 });
    expect(of(ann, 'topic').qa).toEqual({ decided: 4, kept: 4, overruled: 0, keptRate: 1 });
    expect(of(ann, 'sentiment').reasons).toEqual({ 'Guideline misread': 2, 'Careless or rushed': 1 });
    expect(of(ann, 'topic').reasons).toEqual({});
    expect(of(bob, 'sentiment').qa).toMatchObject({ kept: 4, keptRate: 1 });
    expect(of(ann, 'sentiment').peers).toEqual({ n: 4, agreed: 0, agreement: 0 });
    expect(ann).toMatchObject({ labels: 4, activeMsPerRow: 10_000 });
    const pair = q.body.peers.find((p: { questionId: string }) => p.questionId === 'sentiment');
    // Always pos against always neg: agreement 0, chance agreement 0, κ 0.
    expect(pair).toMatchObject({ a: Math.min(u[0], u[1]), b: Math.max(u[0], u[1]), n: 4, agreed: 0, kappa: 0 });

    const d = (await lead.get(`/api/projects/${pid}/dashboard`)).body;
    // Per question decided: sentiment never kept, topic always kept.
    expect(d.people.find((p: { name: string }) => p.name === '=Ann').keptByQa).toBeCloseTo(4 / 8, 12);

    const csv = await lead.raw(`/api/projects/${pid}/quality.csv`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    const annLine = text.split('\r\n').find((l) => l.includes('Ann') && l.includes(',sentiment,'))!;
    // A name starting with = is not a formula when the sheet opens it.
    expect(annLine).toContain(`'=Ann`);
    expect(annLine.split(',')[12]).toBe('0');
    expect(annLine).toContain('Guideline misread 2; Careless or rushed 1');
    expect((await (await env.login('a@x.org')).get(`/api/projects/${pid}/quality`)).status).toBe(403);
  });
});

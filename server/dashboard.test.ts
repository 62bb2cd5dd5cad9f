import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { giveRow, rowIds } from './test/fixtures-final.js';
import { canonicalJson } from './services/workflow/rules.js';
import { cohenKappa, krippendorffAlpha } from '@shared/stats/index.js';

describe('canonicalJson (pure)', () => {
  it('ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});

describe('GET /api/projects/:id/dashboard', () => {
  let env: TestEnv;
  let lead: Client;
  let u: number[];
  let pid: number;
  const schema = [
    { id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['pos', 'neg'] } },
    { id: 'quality', type: 'rating', title: 'Q', config: { criteria: [{ id: 'clarity', title: 'Clarity' }] } },
  ];
  beforeEach(async () => {
    env = await createTestEnv();
    await env.user('lead@x.org');
    u = [await env.user('a@x.org', { name: 'Ann' }), await env.user('b@x.org', { name: 'Bob' }), await env.user('q@x.org', { name: 'Quinn', expertise: ['finance'] })];
    lead = await env.login('lead@x.org');
    pid = (await lead.post('/api/projects', { name: 'D', schema })).body.project.id;
    for (const e of ['a@x.org', 'b@x.org', 'q@x.org']) await lead.post(`/api/projects/${pid}/members`, { email: e, roles: ['annotator', 'reviewer'] });
  });
  afterEach(async () => env.close());

  it('aggregates states, agreement (α, κ with n), confusion, people, prelabels, experts and escalations', async () => {
    const lines = Array.from({ length: 8 }, (_, i) => JSON.stringify({ id: `r${i}`, data: { text: `t${i}` }, expertise: i === 7 ? ['medical'] : i === 6 ? ['finance'] : [] }));
    await lead.raw(`/api/projects/${pid}/imports`, { method: 'POST', body: lines.join('\n') });
    const ids = await rowIds(env.deps.db, pid);
    const A = ['pos', 'pos', 'neg', 'neg', 'pos', 'neg'];
    const B = ['pos', 'neg', 'neg', 'neg', 'pos', 'pos'];
    const day = Date.UTC(2026, 10, 20, 10);
    const ans = (l: string, c: number) => ({ sentiment: { labels: [l] }, quality: { scores: { clarity: c }, rationale: '' } });
    for (let i = 0; i < 6; i++) {
      const final = ans(A[i], 3);
      await giveRow(env.deps.db, {
        projectId: pid, rowId: ids.get(`r${i}`)!, at: day + (i < 3 ? 0 : 86_400_000),
        labels: [
          { userId: u[0], answer: ans(A[i], 3), activeMs: 600_000, prelabel: { sentiment: i < 4 ? 'kept' : 'changed', quality: 'none' }, guidelineVersion: 1 },
          { userId: u[1], answer: ans(B[i], i % 2 ? 4 : 3), activeMs: 1_200_000, guidelineVersion: i < 2 ? 1 : 2 },
        ],
        ...(i < 4 ? { qa: { userId: u[2], answer: final, guidelineVersion: 2 }, final: { answer: final, choices: { sentiment: A[i] === B[i] ? 'agreed' : 'l1', quality: 'l1' } } } : {}),
      });
    }
    await env.deps.db.insertInto('escalations').values({ row_id: ids.get('r5')!, project_id: pid, raised_by: u[2], assignment_id: null, question: '?', answer: null, answered_by: null, status: 'open', created_at: day }).execute();

    const r = await lead.get(`/api/projects/${pid}/dashboard`);
    expect(r.status).toBe(200);
    const d = r.body;
    expect(d.rows).toBe(8);
    expect(d.byState).toEqual({ labeling: 2, qa: 2, escalated: 0, final: 4 });
    expect(d.overTime).toEqual([
      { start: '2026-11-20', finalized: 3, labeled: 3, submitted: 6 },
      { start: '2026-11-21', finalized: 4, labeled: 6, submitted: 12 },
    ]);
    const s = d.agreement.find((a: any) => a.questionId === 'sentiment');
    expect(s.rows).toBe(6);
    expect(s.kappa).toBeCloseTo(cohenKappa(A, B).kappa, 12);
    expect(s.alpha).toBeCloseTo(krippendorffAlpha(A.map((a, i) => [a, B[i]]), 'nominal').alpha, 12);
    expect(s.pairAgreeRate).toBeCloseTo(4 / 6, 12);
    expect(d.confusion).toEqual([{ questionId: 'sentiment', labels: ['pos', 'neg', '(none)'], matrix: [[2, 1, 0], [1, 2, 0], [0, 0, 0]] }]);
    const q = d.agreement.find((a: any) => a.questionId === 'quality');
    expect(q.metric).toBe('interval');
    expect(q.rows).toBe(6);

    const ann = d.people.find((p: any) => p.name === 'Ann');
    expect(ann).toMatchObject({ labels: 6, qa: 0, activeHours: 1, perBucket: { '2026-11-20': 3, '2026-11-21': 3 }, agreementWithFinal: 1, keptByQa: 1 });
    const bob = d.people.find((p: any) => p.name === 'Bob');
    // Rows 0-3 are final: Bob's whole label equals the final on rows 0 and 2 (rows 1 and 3 differ);
    expect(bob.agreementWithFinal).toBeCloseTo(2 / 4, 12);
    // Kept by QA counts per question decided (issue 16): of 8 (two questions on rows 0-3) QA kept his
    // answer on 3 (sentiment agreed on rows 0, 2 and 3); on quality it took Ann's every time.
    expect(bob.keptByQa).toBeCloseTo(3 / 8, 12);
    expect(d.people.find((p: any) => p.name === 'Quinn')).toMatchObject({ labels: 0, qa: 4 });

    expect(d.prelabels).toEqual([{ questionId: 'sentiment', shown: 6, kept: 4, rate: 4 / 6 }, { questionId: 'quality', shown: 0, kept: 0, rate: null }]);
    expect(d.waitingForExpert).toEqual({ rows: 2, stuck: 1, domains: expect.arrayContaining([{ domain: 'medical', rows: 1, experts: 0 }, { domain: 'finance', rows: 1, experts: 1 }]) });
    expect(d.openEscalations).toBe(1);
    expect(d.byGuidelineVersion).toEqual([{ version: 1, labels: 8, qa: 0 }, { version: 2, labels: 4, qa: 4 }]);
    expect(s.degenerate).toBeNull();

    // New labels invalidate the reused streamed figures.
    await giveRow(env.deps.db, { projectId: pid, rowId: ids.get('r6')!, labels: [{ userId: u[0], answer: ans('pos', 3) }, { userId: u[1], answer: ans('pos', 3) }] });
    const again = (await lead.get(`/api/projects/${pid}/dashboard`)).body;
    expect(again.agreement.find((a: any) => a.questionId === 'sentiment').rows).toBe(7);
    expect(again.confusion[0].matrix[0][0]).toBe(3);
  });

  it('is for leads only', async () => {
    expect((await (await env.login('a@x.org')).get(`/api/projects/${pid}/dashboard`)).status).toBe(403);
    await env.user('out@x.org');
    expect((await (await env.login('out@x.org')).get(`/api/projects/${pid}/dashboard`)).status).toBe(404);
    const empty = await lead.get(`/api/projects/${pid}/dashboard`);
    expect(empty.body).toMatchObject({ rows: 0, overTime: [], confusion: [{ matrix: [[0, 0, 0], [0, 0, 0], [0, 0, 0]] }], openEscalations: 0, byGuidelineVersion: [] });
    // Nothing rated twice yet: α and κ are undefined, and the DTO says why so the UI prints n/a.
    expect(empty.body.agreement.map((a: any) => [a.alpha, a.degenerate])).toEqual([[null, 'no-pairable-values'], [null, 'no-pairable-values']]);
  });

  it('flags agreement without variation as degenerate', async () => {
    await lead.raw(`/api/projects/${pid}/imports`, { method: 'POST', body: ['{"id":"x","data":{"text":"a"}}', '{"id":"y","data":{"text":"b"}}'].join('\n') });
    const ids = await rowIds(env.deps.db, pid);
    const same = { sentiment: { labels: ['pos'] }, quality: { scores: { clarity: 3 }, rationale: '' } };
    for (const id of ids.values()) await giveRow(env.deps.db, { projectId: pid, rowId: id, labels: [{ userId: u[0], answer: same }, { userId: u[1], answer: same }] });
    const d = (await lead.get(`/api/projects/${pid}/dashboard`)).body;
    const s = d.agreement.find((a: any) => a.questionId === 'sentiment');
    expect(s).toMatchObject({ alpha: null, rows: 2, degenerate: 'no-variation', pairAgreeRate: 1 });
  });
});

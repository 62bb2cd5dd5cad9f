import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { workProject, plainRows, csid } from './test/workflow-kit.js';

/**
 * Rule 2: a labeler never sees the other label. Every route a labeler can call about the row is tried,
 * before and after their own submit, and no response (body or error) may contain the other labeler's
 * answer or draft. The reviewer's view is the control: there the secrets must show.
 */
const SECRET = 'SECRET-ANN-7731';
const DRAFT_SECRET = 'DRAFT-ANN-5512';
const schema = [
  { id: 'sentiment', type: 'classification', title: 'Sentiment', config: { labels: [{ value: 'pos' }, { value: 'neg' }] } },
  { id: 'note', type: 'text', title: 'Note', config: {} },
];

let env: TestEnv;
let w: Awaited<ReturnType<typeof workProject>>;
let rowId: number, annClaim: number, bobClaim: number, annSubmission: string;

beforeAll(async () => {
  env = await createTestEnv();
  w = await workProject(env, {
    schema, rows: plainRows(1),
    people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
  });
  const b = await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' });
  const a = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
  rowId = a.body.row.id; annClaim = a.body.assignment.id; bobClaim = b.body.assignment.id;
  expect(b.body.row.id).toBe(rowId);
  await w.c.ann.post(`/api/assignments/${annClaim}/draft`, { answer: { note: { text: DRAFT_SECRET } } });
  annSubmission = csid();
  const s = await w.c.ann.post(`/api/assignments/${annClaim}/submit`, { answer: { sentiment: { labels: ['pos'] }, note: { text: SECRET } }, clientSubmissionId: annSubmission });
  expect(s.status).toBe(200);
});
afterAll(async () => { await env.close(); });

type Probe = [name: string, method: 'GET' | 'POST', url: () => string, body?: () => unknown];
const probes: Probe[] = [
  ['next (label)', 'POST', () => `/api/projects/${w.id}/next`, () => ({ role: 'label' })],
  ['next (qa)', 'POST', () => `/api/projects/${w.id}/next`, () => ({ role: 'qa' })],
  ['own claim', 'GET', () => `/api/assignments/${bobClaim}`],
  ['other claim', 'GET', () => `/api/assignments/${annClaim}`],
  ['heartbeat on the other claim', 'POST', () => `/api/assignments/${annClaim}/heartbeat`],
  ['draft on the other claim', 'POST', () => `/api/assignments/${annClaim}/draft`, () => ({ answer: {} })],
  ['submit on the other claim', 'POST', () => `/api/assignments/${annClaim}/submit`, () => ({ answer: { sentiment: { labels: ['neg'] }, note: { text: 'x' } }, clientSubmissionId: csid() })],
  ['submit reusing the other submission id', 'POST', () => `/api/assignments/${bobClaim}/submit`, () => ({ answer: { sentiment: { labels: ['neg'] }, note: { text: 'x' } }, clientSubmissionId: annSubmission })],
  ['resolve own label claim', 'POST', () => `/api/assignments/${bobClaim}/resolve`, () => ({ action: 'accept', answer: {}, clientSubmissionId: csid() })],
  ['row', 'GET', () => `/api/projects/${w.id}/rows/${rowId}`],
  ['row history', 'GET', () => `/api/projects/${w.id}/rows/${rowId}/history`],
  ['row listing', 'GET', () => `/api/projects/${w.id}/rows`],
  ['escalations', 'GET', () => `/api/projects/${w.id}/escalations`],
  ['export (all, raw)', 'GET', () => `/api/projects/${w.id}/exports?state=all&raw=1`],
];

async function probe(method: string, url: string, body?: unknown) {
  const r = await w.c.bob.raw(url, method === 'GET' ? {} : { method, body: JSON.stringify(body ?? {}), headers: { 'content-type': 'application/json' } });
  return { status: r.status, text: await r.text() };
}

describe.each(['while labeling', 'after submitting'])('as the other labeler, %s', (phase) => {
  beforeAll(async () => {
    if (phase === 'after submitting') {
      const s = await w.c.bob.post(`/api/assignments/${bobClaim}/submit`, { answer: { sentiment: { labels: ['neg'] }, note: { text: 'mine' } }, clientSubmissionId: csid() });
      expect(s.status).toBe(200);
    }
  });
  it.each(probes)('%s shows nothing of the other label', async (_name, method, url, body) => {
    const r = await probe(method, url(), body?.());
    expect(r.text).not.toContain(SECRET);
    expect(r.text).not.toContain(DRAFT_SECRET);
    expect(r.text).not.toContain(annSubmission);
  });
});

describe('control', () => {
  it('the reviewer does see both labels, so the probes above could have found them', async () => {
    const q = await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' });
    expect(JSON.stringify(q.body)).toContain(SECRET);
    expect((await w.lead.get(`/api/projects/${w.id}/rows/${rowId}/history`)).body.drafts[0].answer.note.text).toBe(DRAFT_SECRET);
  });
});

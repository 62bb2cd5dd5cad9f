import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { workProject, plainRows, pos, neg, csid } from './test/workflow-kit.js';
import { eventually, startReceiver, type Receiver } from './test/webhook-receiver.js';
import { startWebhookWorker, type WebhookWorker } from './webhooks/worker.js';
import { emitPersonPaused } from './webhooks/events.js';
import { WEBHOOK_EVENTS } from '@shared/api/webhooks.js';

// Each event is produced by the real action (through the API), reaches the receiver, and carries ids and
// states only; and only a project's leads (or an administrator) see and change its webhooks and their log.

let env: TestEnv;
let rx: Receiver;
let worker: WebhookWorker;
const saved = process.env.TRIAD_WEBHOOK_ALLOW;

beforeEach(async () => {
  process.env.TRIAD_WEBHOOK_ALLOW = '127.0.0.1';
  env = await createTestEnv();
  rx = await startReceiver();
  worker = startWebhookWorker(env.deps.db, { pollMs: 50, backoffMs: 200, timeoutMs: 5000 });
});
afterEach(async () => {
  await worker.stop();
  await rx.close();
  await env.close();
  if (saved === undefined) delete process.env.TRIAD_WEBHOOK_ALLOW; else process.env.TRIAD_WEBHOOK_ALLOW = saved;
});

const team = [
  { name: 'ann', roles: ['annotator' as const] },
  { name: 'bob', roles: ['annotator' as const] },
  { name: 'rex', roles: ['reviewer' as const] },
];
const next = (c: Client, pid: number, role: 'label' | 'qa' = 'label') => c.post(`/api/projects/${pid}/next`, { role });
const submit = (c: Client, id: number, answer: unknown) => c.post(`/api/assignments/${id}/submit`, { answer, clientSubmissionId: csid() });
const received = (event: string) => rx.got.map((g) => JSON.parse(g.body)).filter((b) => b.event === event);
/** Waits for exactly one delivery of `event` and returns the bodies. */
const arrived = (event: string) => eventually(event, () => { const r = received(event); return r.length === 1 ? r : null; });

async function setup(settings: Record<string, unknown> = {}, events: string[] = [...WEBHOOK_EVENTS]) {
  const w = await workProject(env, { people: team, rows: plainRows(3), settings });
  const h = await w.lead.post(`/api/projects/${w.id}/webhooks`, { url: rx.url(), events });
  expect(h.status, JSON.stringify(h.body)).toBe(201);
  return { ...w, hookId: h.body.webhook.id as number };
}

/** Two labels on the first row, by ann and bob. */
async function labelBoth(w: Awaited<ReturnType<typeof setup>>, a: unknown, b: unknown) {
  const x = await next(w.c.ann, w.id);
  const y = await next(w.c.bob, w.id);
  expect((await submit(w.c.ann, x.body.assignment.id, a)).status).toBe(200);
  expect((await submit(w.c.bob, y.body.assignment.id, b)).status).toBe(200);
  return x.body.row.id as number;
}

describe('events from their actions', () => {
  it('row.finalized when QA accepts, with ids and states but no label content', async () => {
    const w = await setup();
    const rowId = await labelBoth(w, pos, neg);
    const q = await next(w.c.rex, w.id, 'qa');
    const r = await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: neg, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
    expect(r.status).toBe(200);
    const [e] = await arrived('row.finalized');
    expect(e).toMatchObject({ event: 'row.finalized', projectId: w.id, data: { rowId, externalId: 'r1', state: 'final', finalId: r.body.finalId, round: 1, source: 'qa' } });
    const raw = rx.got.find((g) => g.headers['x-triad-event'] === 'row.finalized')!.body;
    expect(raw).not.toMatch(/sentiment|"pos"|"neg"|ann|bob|rex/);
  });

  it('row.finalized when the two labels agree under qa: disagreements', async () => {
    const w = await setup({ qa: 'disagreements' });
    const rowId = await labelBoth(w, pos, pos);
    const [e] = await arrived('row.finalized');
    expect(e.data).toMatchObject({ rowId, source: 'consensus', state: 'final' });
  });

  it('row.escalated when QA sends a question to the leads', async () => {
    const w = await setup();
    const rowId = await labelBoth(w, pos, neg);
    const q = await next(w.c.rex, w.id, 'qa');
    const r = await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'escalate', question: 'is irony negative?' });
    expect(r.status).toBe(200);
    const [e] = await arrived('row.escalated');
    expect(e.data).toMatchObject({ rowId, escalationId: r.body.escalationId, raisedIn: 'qa', state: 'escalated' });
    // The question's words stay in Triad: the leads read them there.
    expect(JSON.stringify(e)).not.toContain('irony');
  });

  it('row.escalated from a labeler\'s question, the row staying with its labelers', async () => {
    const w = await setup();
    const a = await next(w.c.ann, w.id);
    const r = await w.c.ann.post(`/api/assignments/${a.body.assignment.id}/escalate`, { question: 'what about sarcasm?' });
    expect(r.status).toBe(200);
    const [e] = await arrived('row.escalated');
    expect(e.data).toMatchObject({ rowId: a.body.row.id, externalId: 'r1', escalationId: r.body.escalationId, raisedIn: 'label', state: 'labeling' });
  });

  it('import.finished when an import commits, and nothing when it is rolled back', async () => {
    const w = await setup();
    const post = (body: string, mode = 'all') => w.lead.raw(`/api/projects/${w.id}/imports?format=jsonl&mode=${mode}`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });
    expect((await post('{"data":{"text":"a"}}\n{"data":{"text":"b"}}\n')).status).toBe(200);
    expect((await post('{"data":{"text":"c"}}\nnot json\n')).status).toBe(400);
    const [e] = await arrived('import.finished');
    expect(e.data).toMatchObject({ format: 'jsonl', mode: 'all', total: 2, imported: 2, errors: 0 });
    // A moment more for a stray second event: the rolled-back one must never come.
    await w.c.ann.get('/api/auth/me');
    await new Promise((r) => setTimeout(r, 300));
    expect(received('import.finished')).toHaveLength(1);
  });

  it('export.ready when an export has been streamed whole', async () => {
    const w = await setup();
    const r = await w.lead.raw(`/api/projects/${w.id}/exports?format=jsonl&state=all`);
    expect(r.status).toBe(200);
    const text = await r.text();
    const [e] = await arrived('export.ready');
    expect(e.data).toMatchObject({ format: 'jsonl', state: 'all', filtered: false, bytes: Buffer.byteLength(text), by: expect.any(Number) });
  });

  // The gold pause (server/services/gold/pause.ts) calls this emitter in its transaction; its serving of gold
  // rows is not wired into the claim yet, so the emitter is driven here as the pause drives it.
  it('person.paused through the emitter the gold pause calls, in its transaction', async () => {
    const w = await setup();
    await env.deps.db.transaction().execute((t) => emitPersonPaused(t, { projectId: w.id, userId: w.ids.ann, pausedBy: null, reason: 'gold accuracy below 70%', now: env.clock.now }));
    const [e] = await arrived('person.paused');
    expect(e.data).toEqual({ userId: w.ids.ann, pausedBy: null, reason: 'gold accuracy below 70%' });
  });

  it('sends only the events a webhook subscribed to, and nothing while it is disabled', async () => {
    const w = await setup({}, ['row.escalated']);
    await labelBoth(w, pos, neg);
    const q = await next(w.c.rex, w.id, 'qa');
    await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: neg, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
    expect((await w.lead.patch(`/api/projects/${w.id}/webhooks/${w.hookId}`, { enabled: false })).body.webhook.enabled).toBe(false);
    const test = await w.lead.post(`/api/projects/${w.id}/webhooks/${w.hookId}/test`);
    expect(test.status).toBe(409);
    expect(test.body.error.message).toMatch(/disabled/);
    await new Promise((r) => setTimeout(r, 300));
    expect(rx.got).toHaveLength(0);
    expect((await w.lead.get(`/api/projects/${w.id}/webhooks/deliveries`)).body.deliveries).toEqual([]);
  });
});

describe('who may see and change webhooks', () => {
  it('is the project\'s leads and administrators only', async () => {
    const w = await setup();
    await env.user('admin@t.test', { admin: true });
    await env.user('stranger@t.test');
    const admin = await env.login('admin@t.test');
    const stranger = await env.login('stranger@t.test');
    const base = `/api/projects/${w.id}/webhooks`;
    for (const [who, c, status] of [['annotator', w.c.ann, 403], ['reviewer', w.c.rex, 403], ['stranger', stranger, 404]] as const) {
      expect((await c.get(base)).status, who).toBe(status);
      expect((await c.get(`${base}/deliveries`)).status, who).toBe(status);
      expect((await c.post(base, { url: rx.url(), events: ['row.finalized'] })).status, who).toBe(status);
      expect((await c.patch(`${base}/${w.hookId}`, { enabled: false })).status, who).toBe(status);
      expect((await c.post(`${base}/${w.hookId}/test`)).status, who).toBe(status);
      expect((await c.del(`${base}/${w.hookId}`)).status, who).toBe(status);
    }
    // An administrator who is not a member may look after them.
    expect((await admin.get(base)).body.webhooks).toHaveLength(1);
    expect((await admin.post(`${base}/${w.hookId}/test`)).status).toBe(202);
    // A webhook of another project is not found through this one.
    const other = await w.lead.post('/api/projects', { name: 'Other', schema: [{ id: 's', type: 'classification', title: 'S', config: { field: 'text', labels: [{ value: 'a' }] } }] });
    expect((await w.lead.patch(`/api/projects/${other.body.project.id}/webhooks/${w.hookId}`, { enabled: false })).status).toBe(404);
    expect((await w.lead.del(`${base}/${w.hookId}`)).body).toEqual({ deleted: true, webhookId: w.hookId });
    expect((await w.lead.get(base)).body.webhooks).toEqual([]);
  });

  it('answers bad bodies with a message naming the field', async () => {
    const w = await setup();
    const base = `/api/projects/${w.id}/webhooks`;
    const cases: Array<[unknown, RegExp]> = [
      [{ url: rx.url(), events: [] }, /events: choose at least one event/],
      [{ url: rx.url(), events: ['row.deleted'] }, /events\.0: expected one of/],
      [{ url: rx.url(), events: ['row.finalized', 'row.finalized'] }, /each event once/],
      [{ url: `http://127.0.0.1/${'x'.repeat(2100)}`, events: ['row.finalized'] }, /url: at most 2000/],
      [{ events: ['row.finalized'] }, /url: /],
    ];
    for (const [body, why] of cases) {
      const r = await w.lead.post(base, body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(why);
    }
    expect((await w.lead.patch(`${base}/${w.hookId}`, {})).body.error.message).toMatch(/send enabled or events/);
    expect((await w.lead.get(`${base}/deliveries?limit=1000`)).status).toBe(400);
    expect((await w.lead.patch(`${base}/abc`, { enabled: true })).status).toBe(400);
  });

  it('pages the delivery log, newest first', async () => {
    const w = await setup();
    const base = `/api/projects/${w.id}/webhooks`;
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await w.lead.post(`${base}/${w.hookId}/test`)).body.delivery.id);
    const one = await w.lead.get(`${base}/deliveries?limit=2`);
    expect(one.body.deliveries.map((d: any) => d.id)).toEqual([ids[4], ids[3]]);
    const two = await w.lead.get(`${base}/deliveries?limit=2&before=${one.body.nextBefore}`);
    expect(two.body.deliveries.map((d: any) => d.id)).toEqual([ids[2], ids[1]]);
    const three = await w.lead.get(`${base}/deliveries?limit=2&before=${two.body.nextBefore}&webhookId=${w.hookId}`);
    expect(three.body).toMatchObject({ deliveries: [{ id: ids[0], event: 'webhook.test' }], nextBefore: null });
  });
});

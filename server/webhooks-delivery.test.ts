import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { eventually, startReceiver, type Receiver } from './test/webhook-receiver.js';
import { withEnv } from './test/with-env.js';
import { boot } from './boot.js';
import { dropPgSchema } from './db/connection.js';
import { startWebhookWorker, backoffDelay, type WebhookWorker, type WorkerOptions } from './webhooks/worker.js';
import { verifySignature } from './webhooks/signing.js';
import { addressRefusal, urlRefusal } from './webhooks/address-policy.js';
import { parseAllowList } from './webhooks/settings.js';

// Delivery of webhooks against a local receiver: signatures, retries with backoff, giving up, surviving a
// restart, and the address policy. The receiver listens on 127.0.0.1, allowed through TRIAD_WEBHOOK_ALLOW.

let env: TestEnv;
let rx: Receiver;
let worker: WebhookWorker | null = null;
let lead: Client;
let pid: number;
const saved = process.env.TRIAD_WEBHOOK_ALLOW;

beforeEach(async () => {
  process.env.TRIAD_WEBHOOK_ALLOW = '127.0.0.1';
  env = await createTestEnv();
  rx = await startReceiver();
  await env.user('lead@t.test');
  lead = await env.login('lead@t.test');
  pid = (await lead.post('/api/projects', { name: 'Hooks', schema: simpleSchema })).body.project.id;
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
  await rx.close();
  await env.close();
  if (saved === undefined) delete process.env.TRIAD_WEBHOOK_ALLOW; else process.env.TRIAD_WEBHOOK_ALLOW = saved;
});

const run = (o: WorkerOptions = {}) => { worker = startWebhookWorker(env.deps.db, { pollMs: 50, backoffMs: 200, maxAttempts: 5, timeoutMs: 5000, ...o }); };
const addHook = async (url = rx.url(), events = ['row.finalized']) => {
  const r = await lead.post(`/api/projects/${pid}/webhooks`, { url, events });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { webhook: { id: number }; secret: string };
};
const sendTest = async (id: number) => {
  const r = await lead.post(`/api/projects/${pid}/webhooks/${id}/test`);
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return r.body.delivery as { id: number; deliveryId: string };
};
const log = async () => (await lead.get(`/api/projects/${pid}/webhooks/deliveries`)).body.deliveries as any[];

describe('signing', () => {
  it('signs each delivery with the webhook\'s secret so the receiver can verify it', async () => {
    run();
    const { webhook, secret } = await addHook();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    // The secret is shown once: the list shows a hint only.
    const list = await lead.get(`/api/projects/${pid}/webhooks`);
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(list.body.webhooks[0]).toMatchObject({ url: rx.url(), events: ['row.finalized'], enabled: true, secretHint: secret.slice(0, 10) });

    const d = await sendTest(webhook.id);
    const got = await eventually('the test delivery', () => rx.got[0]);
    expect(got.headers['x-triad-event']).toBe('webhook.test');
    expect(got.headers['x-triad-delivery']).toBe(d.deliveryId);
    expect(got.headers['content-type']).toBe('application/json');
    const sig = String(got.headers['x-triad-signature']);
    expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(secret, sig, got.body, now)).toBe(true);
    expect(verifySignature(secret, sig, got.body.replace('Triad', 'Tr1ad'), now)).toBe(false);
    expect(verifySignature(secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), sig, got.body, now)).toBe(false);
    // A replay an hour later is refused by the timestamp.
    expect(verifySignature(secret, sig, got.body, now + 3600)).toBe(false);
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({ id: d.deliveryId, event: 'webhook.test', projectId: pid, data: { webhookId: webhook.id } });

    const row = await eventually('the delivered log row', async () => (await log()).find((x) => x.status === 'delivered'));
    expect(row).toMatchObject({ event: 'webhook.test', statusCode: 200, attempts: 1, error: null, nextAttemptAt: null });
  });
});

describe('retries', () => {
  it('retries a 500 with growing, jittered delays, then records the success', async () => {
    rx.answer = (n) => (n <= 2 ? 500 : 200);
    run({ backoffMs: 300 });
    const { webhook } = await addHook();
    const d = await sendTest(webhook.id);
    const row = await eventually('delivery after two failures', async () => (await log()).find((x) => x.status === 'delivered'));
    expect(row).toMatchObject({ attempts: 3, statusCode: 200, error: null });
    expect(rx.got).toHaveLength(3);
    // The same delivery id every time, so the receiver can tell a retry from a new event.
    expect(new Set(rx.got.map((g) => g.headers['x-triad-delivery']))).toEqual(new Set([d.deliveryId]));
    // Lower bounds only (a loaded machine makes them longer): half of 300 ms, then half of 600 ms.
    expect(rx.got[1].at - rx.got[0].at).toBeGreaterThanOrEqual(150);
    expect(rx.got[2].at - rx.got[1].at).toBeGreaterThanOrEqual(300);
  });

  it('shows the failure and the next attempt in the log while it waits', async () => {
    rx.answer = () => 500;
    run({ backoffMs: 60_000 });
    const { webhook } = await addHook();
    await sendTest(webhook.id);
    const row = await eventually('a failed attempt', async () => (await log()).find((x) => x.attempts === 1));
    expect(row).toMatchObject({ status: 'pending', statusCode: 500, error: 'the receiver answered 500: receiver says no' });
    expect(row.nextAttemptAt).toBeGreaterThan(row.lastAttemptAt + 29_000);
  });

  it('gives up after the maximum number of attempts', async () => {
    rx.answer = () => 503;
    run({ maxAttempts: 3, backoffMs: 50 });
    const { webhook } = await addHook();
    await sendTest(webhook.id);
    const row = await eventually('giving up', async () => (await log()).find((x) => x.status === 'failed'));
    expect(row).toMatchObject({ attempts: 3, statusCode: 503, nextAttemptAt: null, deliveredAt: null });
    expect(row.error).toMatch(/answered 503.*gave up after 3 attempts/);
    expect(rx.got).toHaveLength(3);
  });

  it('grows the delay exponentially, capped, with half of it random', () => {
    expect(backoffDelay(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffDelay(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffDelay(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('does not follow a redirect', async () => {
    rx.answer = () => 302;
    run({ maxAttempts: 1 });
    const { webhook } = await addHook();
    await sendTest(webhook.id);
    const row = await eventually('the redirect', async () => (await log()).find((x) => x.status === 'failed'));
    expect(row.error).toMatch(/redirect .* not followed/);
    expect(rx.got).toHaveLength(1);
  });
});

describe('the log', () => {
  it('forgets settled deliveries older than the retention, keeping recent and pending ones', async () => {
    const { webhook } = await addHook();
    const day = 86_400_000;
    const now = Date.now();
    const row = (uid: string, status: 'delivered' | 'failed' | 'pending', age: number) => ({
      webhook_id: webhook.id, project_id: pid, event: 'row.finalized', delivery_uid: uid, payload_json: '{}', status, attempts: 1,
      next_attempt_at: status === 'pending' ? now + day : null, created_at: now - age,
    });
    await env.deps.db.insertInto('webhook_deliveries').values([
      row('old-delivered', 'delivered', 40 * day), row('old-failed', 'failed', 31 * day), row('old-pending', 'pending', 40 * day), row('new-delivered', 'delivered', day),
    ]).execute();
    run({ logMs: 30 * day });
    const left = await eventually('the pruning', async () => {
      const uids = (await env.deps.db.selectFrom('webhook_deliveries').select('delivery_uid').orderBy('delivery_uid').execute()).map((r) => r.delivery_uid);
      return uids.length === 2 ? uids : null;
    });
    expect(left).toEqual(['new-delivered', 'old-pending']);
  });
});

describe('several workers', () => {
  it('send each delivery once when two workers share the outbox (as two API processes do)', async () => {
    const { webhook } = await addHook();
    const sent: string[] = [];
    for (let i = 0; i < 10; i++) sent.push((await sendTest(webhook.id)).deliveryId);
    run({ concurrency: 2 });
    const second = startWebhookWorker(env.deps.db, { pollMs: 50, backoffMs: 200, maxAttempts: 5, timeoutMs: 5000, concurrency: 2 });
    try {
      await eventually('every delivery', async () => (await log()).filter((d) => d.status === 'delivered').length === 10);
    } finally {
      await second.stop();
    }
    const uids = rx.got.map((g) => String(g.headers['x-triad-delivery']));
    expect(uids.sort()).toEqual(sent.sort());
  });
});

describe('restarts', () => {
  it('delivers what was pending when the server stopped, after it starts again on the same database', async () => {
    // The receiver stalls: the first delivery is in flight when the server stops, the others still queued.
    rx.answer = () => 'hang';
    run({ concurrency: 1 });
    const { webhook } = await addHook();
    const sent = [await sendTest(webhook.id), await sendTest(webhook.id), await sendTest(webhook.id)];
    await eventually('the first request in flight', () => rx.got.length === 1);
    await worker!.stop();
    worker = null;
    const dataDir = env.deps.dataDir;
    const pgSchema = env.database.pgSchema;
    await env.database.close();

    rx.answer = () => 200;
    const again = await boot({ dataDir, databaseUrl: process.env.DATABASE_URL, pgSchema, webhooks: { pollMs: 50, backoffMs: 200 } });
    try {
      await eventually('every delivery after the restart', async () => {
        const rows = await again.deps.db.selectFrom('webhook_deliveries').select(['delivery_uid', 'status', 'attempts']).execute();
        return rows.length === 3 && rows.every((r) => r.status === 'delivered');
      });
      const ok = rx.got.filter((g) => g.status === 200).map((g) => g.headers['x-triad-delivery']);
      expect(ok.sort()).toEqual(sent.map((s) => s.deliveryId).sort());
      // The one cut off by the stop was given back untried: it counts one attempt, the delivered one.
      const rows = await again.deps.db.selectFrom('webhook_deliveries').select(['attempts']).execute();
      expect(rows.map((r) => Number(r.attempts))).toEqual([1, 1, 1]);
    } finally {
      await again.database.close();
      // env.close() would close the first database again: tidy up by hand.
      env.close = async () => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        if (process.env.DATABASE_URL && pgSchema) await dropPgSchema(process.env.DATABASE_URL, pgSchema);
      };
    }
  });
});

describe('address policy', () => {
  it('refuses internal addresses when a lead registers them, by default', async () => {
    await withEnv({ TRIAD_WEBHOOK_ALLOW: undefined }, async () => {
      const cases: Array<[string, RegExp]> = [
        ['http://127.0.0.1:8080/hook', /loopback/],
        ['http://localhost:8080/hook', /localhost resolves to .* loopback/],
        ['http://10.1.2.3/hook', /private/],
        ['http://192.168.0.10/hook', /private/],
        ['http://172.20.0.1/hook', /private/],
        ['http://169.254.169.254/latest/meta-data', /link-local/],
        ['http://100.64.0.7/hook', /carrier-grade NAT/],
        ['http://224.0.0.1/hook', /multicast/],
        ['http://0.0.0.0/hook', /unspecified/],
        ['http://[::1]/hook', /loopback/],
        ['http://[fd12:3456::1]/hook', /unique-local/],
        ['http://[fe80::1]/hook', /link-local/],
        ['http://[::ffff:127.0.0.1]/hook', /IPv4-mapped/],
        ['http://2130706433/hook', /loopback/],
      ];
      for (const [url, why] of cases) {
        const r = await lead.post(`/api/projects/${pid}/webhooks`, { url, events: ['row.finalized'] });
        expect(r.status, url).toBe(400);
        expect(r.body.error.message, url).toMatch(why);
        expect(r.body.error.message, url).toMatch(/TRIAD_WEBHOOK_ALLOW/);
      }
      for (const url of ['ftp://example.com/x', 'not a url', 'http://user:pw@8.8.8.8/hook']) {
        const r = await lead.post(`/api/projects/${pid}/webhooks`, { url, events: ['row.finalized'] });
        expect(r.status, url).toBe(400);
        expect(r.body.error.message).toMatch(/^url: /);
      }
      expect((await lead.get(`/api/projects/${pid}/webhooks`)).body.webhooks).toEqual([]);
    });
  });

  it('checks the address again at delivery, on the address it connects to', async () => {
    // Registered while allowed (by address, and by host name), then the administrator closes the door:
    // the same check at delivery refuses them, whatever the name resolves to by then.
    const byIp = await addHook();
    const byName = await withEnv({ TRIAD_WEBHOOK_ALLOW: 'localhost' }, () => addHook(`http://localhost:${rx.port}/hook`));
    run({ maxAttempts: 1, allow: parseAllowList('') });
    await sendTest(byIp.webhook.id);
    await sendTest(byName.webhook.id);
    const rows = await eventually('both refused', async () => { const l = await log(); return l.length === 2 && l.every((x) => x.status === 'failed') ? l : null; });
    for (const r of rows) expect(r.error).toMatch(/loopback address.*refused/);
    expect(rx.got).toHaveLength(0);
  });

  it('classifies addresses with the allow list', async () => {
    const none = parseAllowList('');
    expect(addressRefusal('93.184.216.34', none)).toBeNull();
    expect(addressRefusal('2606:4700:4700::1111', none)).toBeNull();
    for (const ip of ['127.0.0.1', '10.0.0.1', '169.254.1.1', '100.100.0.1', '::1', 'fc00::1', '::ffff:8.8.8.8', '239.1.1.1']) expect(addressRefusal(ip, none), ip).not.toBeNull();
    const some = parseAllowList('10.20.0.0/16, 127.0.0.1, hooks.internal');
    expect(addressRefusal('10.20.3.4', some)).toBeNull();
    expect(addressRefusal('10.21.3.4', some)).toMatch(/private/);
    expect(addressRefusal('::ffff:127.0.0.1', some)).toBeNull();
    // A name that resolves to an internal address anywhere in its list is refused; a listed host is not.
    const rebinding = async () => ['93.184.216.34', '10.0.0.8'];
    expect(await urlRefusal('https://evil.example/hook', none, rebinding)).toMatch(/10\.0\.0\.8 is a private address/);
    expect(await urlRefusal('https://hooks.internal/x', some, rebinding)).toBeNull();
    expect(() => parseAllowList('10.0.0.0/99')).toThrow(/TRIAD_WEBHOOK_ALLOW/);
    expect(() => parseAllowList('not a host!')).toThrow(/TRIAD_WEBHOOK_ALLOW/);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { startApiProcess } from './test/api-process.js';
import { CACHE_TTL_MS, SHARED_CACHE_TTL_MS } from './cache.js';
import { insertRows } from './repos/rows.js';

/**
 * Postgres: two API processes on one database, each with its own caches and listening connection. A
 * change made through one applies in the other within moments, not after a TTL, because the database
 * announces it (migration 2026-12-07T17-cache-notify, cache.ts). The waits below stay under
 * CACHE_TTL_MS, so the short TTL alone cannot make them pass.
 */
let env: TestEnv;
let other: { base: string; stop(): Promise<void> };
let lead: Client;
let projectId: number;
let annId: number;

/** `c`'s session, sent to the other process. */
const there = (c: Client) => {
  const call = async (method: string, url: string, body?: unknown) => {
    const r = await fetch(other.base + url, {
      method, headers: { cookie: c.cookie!, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: await r.json() as any };
  };
  return { get: (url: string) => call('GET', url), post: (url: string, body: unknown) => call('POST', url, body) };
};
const soon = { timeout: CACHE_TTL_MS - 500, interval: 10 };

beforeAll(async () => {
  env = await createTestEnv();
  // The other process runs on the real clock: sessions made here must be live there.
  env.clock.now = Date.now();
  other = await startApiProcess(process.env.DATABASE_URL!, env.database.pgSchema!);
  await env.user('admin@n.test', { admin: true });
  await env.user('lead@n.test');
  annId = await env.user('ann@n.test');
  lead = await env.login('lead@n.test');
  projectId = (await lead.post('/api/projects', { name: 'Notify', schema: simpleSchema })).body.project.id;
  await lead.post(`/api/projects/${projectId}/members`, { email: 'ann@n.test', roles: ['annotator'] });
  await insertRows(env.deps.db, projectId, [1, 2, 3, 4].map((i) => ({ externalId: `r${i}`, data: { text: `row ${i}` } })), env.clock.now);
  // Both processes listen once their feeds are up; until then entries live CACHE_TTL_MS.
  await new Promise((r) => setTimeout(r, CACHE_TTL_MS + 100));
}, 60_000);
afterAll(async () => {
  await other?.stop();
  await env.close();
});

describe('a change made through one API process applies in the other at once (postgres)', () => {
  it('a role removed through one process stops the person in the other', async () => {
    const ann = await env.login('ann@n.test');
    const n = await there(ann).post(`/api/projects/${projectId}/next`, { role: 'label' });
    expect(n.body.assignment).not.toBeNull();
    await lead.put(`/api/projects/${projectId}/members/${annId}`, { roles: ['reviewer'] });
    await vi.waitFor(async () => expect((await there(ann).post(`/api/projects/${projectId}/next`, { role: 'label' })).body.reason).toBe('not_a_member_role'), soon);
    await lead.put(`/api/projects/${projectId}/members/${annId}`, { roles: ['annotator'] });
    await vi.waitFor(async () => expect((await there(ann).post(`/api/projects/${projectId}/next`, { role: 'label' })).body.assignment).not.toBeNull(), soon);
  });

  it('disabling a user through one process ends their session in the other', async () => {
    const id = await env.user('dan@n.test');
    const dan = await env.login('dan@n.test');
    expect((await there(dan).get('/api/auth/me')).status).toBe(200);
    const admin = await env.login('admin@n.test');
    await admin.patch(`/api/users/${id}`, { disabled: true });
    await vi.waitFor(async () => expect((await there(dan).get('/api/auth/me')).status).toBe(401), soon);
  });

  it('a project setting and a new guideline show in the other process', async () => {
    const ann = await env.login('ann@n.test');
    const first = await there(ann).post(`/api/projects/${projectId}/next`, { role: 'label' });
    expect(first.body.guideline).toBeNull();
    await lead.post(`/api/projects/${projectId}/guidelines`, { body: '# Be kind', note: 'v1' });
    await vi.waitFor(async () => expect((await there(ann).post(`/api/projects/${projectId}/next`, { role: 'label' })).body.guideline).toEqual({ version: 1, acknowledged: false }), soon);
  });

  it('a write no announcement covers is seen once SHARED_CACHE_TTL_MS has passed, not CACHE_TTL_MS', async () => {
    const ann = await env.login('ann@n.test');
    expect((await ann.get('/api/auth/me')).body.user.name).toBe('ann');
    // Triggers off for this one transaction (replica mode): the change is made as if nobody announced it.
    await env.deps.db.transaction().execute(async (t) => {
      await sql`set local session_replication_role = replica`.execute(t);
      await sql`update users set name = ${'Annabel'} where id = ${annId}`.execute(t);
    });
    const t = performance.now();
    const spy = vi.spyOn(performance, 'now');
    try {
      spy.mockImplementation(() => t + CACHE_TTL_MS + 1);
      expect((await ann.get('/api/auth/me')).body.user.name).toBe('ann');
      spy.mockImplementation(() => t + SHARED_CACHE_TTL_MS + 1);
      expect((await ann.get('/api/auth/me')).body.user.name).toBe('Annabel');
    } finally {
      spy.mockRestore();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, engineName, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { CACHE_TTL_MS, cachedAck, forgetProject } from './cache.js';
import { insertRows } from './repos/rows.js';

/**
 * Sessions, roles and projects are cached (server/cache.ts). Every write this process makes must show on
 * the very next request; only writes that bypass the repos (another process) may wait: on SQLite for
 * CACHE_TTL_MS, on Postgres for the database's announcement (cache-notify.pg.test.ts has two processes). Each test first makes a request so the entry is cached, then writes, then looks.
 */
let env: TestEnv;
let admin: Client;
let lead: Client;
let projectId: number;
let annId: number;

beforeAll(async () => {
  env = await createTestEnv();
  await env.user('admin@c.test', { admin: true });
  await env.user('lead@c.test');
  annId = await env.user('ann@c.test', { expertise: ['finance'] });
  admin = await env.login('admin@c.test');
  lead = await env.login('lead@c.test');
  const p = await lead.post('/api/projects', { name: 'Cache', schema: simpleSchema });
  projectId = p.body.project.id;
  await lead.post(`/api/projects/${projectId}/members`, { email: 'ann@c.test', roles: ['annotator'] });
  await insertRows(env.deps.db, projectId, [1, 2, 3].map((i) => ({ externalId: `r${i}`, data: { text: `row ${i}` } })), env.clock.now);
});
afterAll(() => env.close());

const next = (c: Client) => c.post(`/api/projects/${projectId}/next`, { role: 'label' });

describe(`request caches see this process's writes at once (${engineName()})`, () => {
  it('an expertise change shows on the next request of a signed-in user', async () => {
    const ann = await env.login('ann@c.test');
    expect((await ann.get('/api/auth/me')).body.user.expertise).toEqual(['finance']);
    expect((await admin.patch(`/api/users/${annId}`, { expertise: ['legal'] })).status).toBe(200);
    expect((await ann.get('/api/auth/me')).body.user.expertise).toEqual(['legal']);
  });

  it('disabling a user ends their cached session at once', async () => {
    const id = await env.user('dan@c.test');
    const dan = await env.login('dan@c.test');
    expect((await dan.get('/api/auth/me')).status).toBe(200);
    await admin.patch(`/api/users/${id}`, { disabled: true });
    expect((await dan.get('/api/auth/me')).status).toBe(401);
  });

  it('a password reset ends every cached session of the user', async () => {
    const id = await env.user('pat@c.test');
    const a = await env.login('pat@c.test');
    const b = await env.login('pat@c.test');
    expect((await a.get('/api/auth/me')).status).toBe(200);
    expect((await b.get('/api/auth/me')).status).toBe(200);
    await admin.post(`/api/users/${id}/password`, { password: 'another long password' });
    expect((await a.get('/api/auth/me')).status).toBe(401);
    expect((await b.get('/api/auth/me')).status).toBe(401);
  });

  it('a cached session still expires on the request clock', async () => {
    const ann = await env.login('ann@c.test');
    expect((await ann.get('/api/auth/me')).status).toBe(200);
    const saved = env.clock.now;
    env.clock.now += env.deps.sessionTtlMs + 1;
    const r = await ann.get('/api/auth/me');
    env.clock.now = saved;
    expect(r.status).toBe(401);
  });

  it('role changes and removal apply to the next request, including on a held claim', async () => {
    const id = await env.user('rob@c.test');
    const rob = await env.login('rob@c.test');
    await lead.post(`/api/projects/${projectId}/members`, { email: 'rob@c.test', roles: ['reviewer'] });
    expect((await next(rob)).body.reason).toBe('not_a_member_role');
    await lead.put(`/api/projects/${projectId}/members/${id}`, { roles: ['annotator'] });
    const n = await next(rob);
    expect(n.body.assignment).not.toBeNull();
    await lead.del(`/api/projects/${projectId}/members/${id}`);
    expect((await next(rob)).status).toBe(404);
    expect((await rob.get(`/api/assignments/${n.body.assignment.id}`)).status).toBe(404);
  });

  it('project settings and a newly published guideline show on the next task', async () => {
    const ann = await env.login('ann@c.test');
    const first = await next(ann);
    expect(first.body.guideline).toBeNull();
    expect(first.body.prelabels).toBeNull();
    await lead.post(`/api/projects/${projectId}/guidelines`, { body: '# Be kind', note: 'v1' });
    expect((await next(ann)).body.guideline).toEqual({ version: 1, acknowledged: false });
    await ann.post(`/api/projects/${projectId}/guidelines/acknowledge`, { version: 1 });
    expect((await next(ann)).body.guideline).toEqual({ version: 1, acknowledged: true });
    const p = await lead.patch(`/api/projects/${projectId}`, { settings: { leaseMinutes: 7 } });
    expect(p.status).toBe(200);
    await ann.post(`/api/assignments/${first.body.assignment.id}/release`);
    const again = await next(ann);
    expect(again.body.assignment.expiresAt - again.body.assignment.claimedAt).toBe(7 * 60_000);
  });

  it('a write made behind its back (another process) is seen once announced (Postgres) or once the TTL has passed (SQLite)', async () => {
    const ann = await env.login('ann@c.test');
    expect((await ann.get('/api/auth/me')).status).toBe(200);
    await sql`update users set name = ${'Annabel'} where id = ${annId}`.execute(env.deps.db);
    if (engineName() === 'postgres') {
      // Postgres announces the change on commit (migration 2026-12-07T17-cache-notify): no TTL to wait for.
      await vi.waitFor(async () => expect((await ann.get('/api/auth/me')).body.user.name).toBe('Annabel'), { timeout: CACHE_TTL_MS - 500, interval: 10 });
      return;
    }
    expect((await ann.get('/api/auth/me')).body.user.name).toBe('ann');
    const t = performance.now();
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => t + CACHE_TTL_MS + 1);
    try {
      expect((await ann.get('/api/auth/me')).body.user.name).toBe('Annabel');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('guideline acknowledgements (cachedAck)', () => {
  it('reads until the person has acknowledged, then never again for that version; a deleted project forgets its own', async () => {
    const db = env.deps.db;
    const load = vi.fn(async () => false);
    expect(await cachedAck(db, 901, 7, 1, load)).toBe(false);
    expect(await cachedAck(db, 901, 7, 1, load)).toBe(false);
    expect(load).toHaveBeenCalledTimes(2);
    load.mockImplementation(async () => true);
    expect(await cachedAck(db, 901, 7, 1, load)).toBe(true);
    expect(await cachedAck(db, 901, 7, 1, load)).toBe(true);
    expect(load).toHaveBeenCalledTimes(3);
    // Another version, person or project is its own question.
    load.mockImplementation(async () => false);
    expect(await cachedAck(db, 901, 7, 2, load)).toBe(false);
    expect(await cachedAck(db, 901, 8, 1, load)).toBe(false);
    expect(await cachedAck(db, 9011, 7, 1, load)).toBe(false);
    forgetProject(9011);
    expect(await cachedAck(db, 901, 7, 1, load)).toBe(true);
    forgetProject(901);
    expect(await cachedAck(db, 901, 7, 1, load)).toBe(false);
  });
});

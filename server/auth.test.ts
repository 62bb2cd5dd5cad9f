import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  await env.user('admin@x.test', { admin: true });
  await env.user('ann@x.test', { expertise: ['finance'] });
});
afterAll(() => env.close());

describe(`accounts (${engineName()})`, () => {
  it('signs in with the right password and sets an httpOnly, SameSite session cookie', async () => {
    const r = await env.app.request('/api/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ANN@x.test', password: 'correct horse battery' }),
    });
    expect(r.status).toBe(200);
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/triad_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await (await env.login('ann@x.test')).get('/api/auth/me');
    expect(me.body.user).toMatchObject({ email: 'ann@x.test', isAdmin: false, expertise: ['finance'] });
  });

  it('refuses a wrong password and an unknown email with the same message', async () => {
    const a = await env.anon.post('/api/auth/login', { email: 'ann@x.test', password: 'nope' });
    const b = await env.anon.post('/api/auth/login', { email: 'who@x.test', password: 'nope' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.error.message).toBe(b.body.error.message);
  });

  it('names the bad field when the login body is malformed', async () => {
    const r = await env.anon.post('/api/auth/login', { email: 'not-an-email' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
    expect(r.body.error.message).toMatch(/email/);
    expect(r.body.error.message).toMatch(/password/);
    const garbage = await env.anon.raw('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { error: { message: string } }).error.message).toMatch(/JSON/i);
  });

  it('expires sessions after their lifetime', async () => {
    const c = await env.login('ann@x.test');
    expect((await c.get('/api/auth/me')).status).toBe(200);
    const saved = env.clock.now;
    env.clock.now += env.deps.sessionTtlMs + 1000;
    const r = await c.get('/api/auth/me');
    env.clock.now = saved;
    expect(r.status).toBe(401);
    expect(r.body.error.message).toMatch(/expired/);
  });

  it('logout ends the session', async () => {
    const c = await env.login('ann@x.test');
    await c.post('/api/auth/logout');
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('refuses cross-origin writes but allows same-origin ones', async () => {
    const c = await env.login('admin@x.test');
    const cross = await c.raw('/api/users', {
      method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example', host: 'localhost' },
      body: JSON.stringify({ email: 'x@x.test', name: 'X', password: 'longenough' }),
    });
    expect(cross.status).toBe(403);
    const same = await c.raw('http://localhost/api/users', {
      method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost', host: 'localhost' },
      body: JSON.stringify({ email: 'same@x.test', name: 'Same', password: 'longenough' }),
    });
    expect(same.status).toBe(201);
    const users = await c.get('/api/users');
    expect(users.body.users.map((u: { email: string }) => u.email)).toContain('same@x.test');
    expect(users.body.users.map((u: { email: string }) => u.email)).not.toContain('x@x.test');
  });

  it('lets an admin create users, set expertise, reset passwords and disable accounts', async () => {
    const admin = await env.login('admin@x.test');
    const created = await admin.post('/api/users', { email: 'new@x.test', name: 'New', password: 'password1', expertise: ['CS', 'medical'] });
    expect(created.status).toBe(201);
    expect(created.body.user.expertise).toEqual(['cs', 'medical']);
    const id = created.body.user.id;
    expect((await admin.post('/api/users', { email: 'new@x.test', name: 'Again', password: 'password1' })).status).toBe(409);
    const bad = await admin.post('/api/users', { email: 'short@x.test', name: 'S', password: 'short' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^password: /);

    const newUser = await env.login('new@x.test', 'password1');
    expect((await admin.post(`/api/users/${id}/password`, { password: 'password2' })).status).toBe(200);
    expect((await newUser.get('/api/auth/me')).status).toBe(401); // reset signs them out
    expect((await env.anon.post('/api/auth/login', { email: 'new@x.test', password: 'password1' })).status).toBe(401);
    const again = await env.login('new@x.test', 'password2');

    const patched = await admin.patch(`/api/users/${id}`, { expertise: ['finance'], disabled: true });
    expect(patched.body.user).toMatchObject({ expertise: ['finance'], disabled: true });
    expect((await again.get('/api/auth/me')).status).toBe(401);
    expect((await env.anon.post('/api/auth/login', { email: 'new@x.test', password: 'password2' })).status).toBe(401);
  });

  it('keeps user administration to admins', async () => {
    const ann = await env.login('ann@x.test');
    expect((await ann.get('/api/users')).status).toBe(403);
    expect((await ann.post('/api/users', { email: 'z@x.test', name: 'Z', password: 'longenough' })).status).toBe(403);
    expect((await env.anon.get('/api/users')).status).toBe(401);
  });
});

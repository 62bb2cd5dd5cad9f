import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, engineName, simpleSchema, type Client, type Res, type TestEnv } from './test/harness.js';
import { LAST_USE_EVERY_MS } from './services/token-auth.js';

const IMAGE = fs.readFileSync(fileURLToPath(new URL('./seed/media/street-01.png', import.meta.url)));
const DAY = 86_400_000;

/** A script's client: the token in Authorization, no cookie, and (unless given) no Origin. */
function bearer(env: TestEnv, secret: string, extra: Record<string, string> = {}) {
  const call = async (method: string, url: string, body?: unknown): Promise<Res> => {
    const headers: Record<string, string> = { authorization: `Bearer ${secret}`, ...extra };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const r = await env.app.request(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return {
    get: (u: string) => call('GET', u), post: (u: string, b: unknown = {}) => call('POST', u, b),
    patch: (u: string, b: unknown) => call('PATCH', u, b), del: (u: string) => call('DELETE', u),
  };
}

describe(`personal API tokens (${engineName()})`, () => {
  let env: TestEnv;
  let lead: Client;
  let admin: Client;
  let other: Client;
  let projectA: number;
  let projectB: number;
  const secrets: string[] = [];
  const printed: string[] = [];
  const bodies: string[] = [];

  const create = async (c: Client, body: Record<string, unknown>) => {
    const r = await c.post('/api/tokens', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    secrets.push(r.body.secret);
    return r.body as { token: { id: number; hint: string; status: string; projectId: number | null }; secret: string };
  };
  const errorOf = (r: Res) => {
    bodies.push(JSON.stringify(r.body));
    return r.body.error as { code: string; message: string };
  };

  beforeAll(async () => {
    env = await createTestEnv();
    await env.user('lead@x.org', { name: 'Lea Lead' });
    await env.user('admin@x.org', { admin: true });
    await env.user('other@x.org');
    lead = await env.login('lead@x.org');
    admin = await env.login('admin@x.org');
    other = await env.login('other@x.org');
    projectA = (await lead.post('/api/projects', { name: 'A', schema: simpleSchema })).body.project.id;
    projectB = (await lead.post('/api/projects', { name: 'B', schema: simpleSchema })).body.project.id;
    // Everything the server prints while tokens are used, to check no token ever reaches a log.
    for (const fn of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, fn).mockImplementation((...args: unknown[]) => { printed.push(args.map(String).join(' ')); });
    }
  });
  afterEach(() => { /* spies stay on for the whole file: the last test reads what they caught */ });
  afterAll(async () => {
    vi.restoreAllMocks();
    await env.close();
  });

  it('is shown once, works as Bearer without cookie or Origin, with the person\'s own roles', async () => {
    const { token, secret } = await create(lead, { name: 'pipeline', expiresInDays: 30 });
    expect(secret).toMatch(/^triad_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'pipeline', projectId: null, readOnly: false, status: 'active', lastUsedAt: null });
    expect(secret.startsWith(token.hint)).toBe(true);
    const listed = (await lead.get('/api/tokens')).body.tokens;
    expect(listed.map((t: { id: number }) => t.id)).toContain(token.id);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed[0].expiresAt - listed[0].createdAt).toBe(30 * DAY);

    const api = bearer(env, secret);
    expect((await api.get('/api/auth/me')).body.user.email).toBe('lead@x.org');
    // A write with no Origin, and one with a foreign Origin: the token is not an ambient credential.
    expect((await api.patch(`/api/projects/${projectA}`, { description: 'from a script' })).status).toBe(200);
    expect((await bearer(env, secret, { origin: 'https://pipeline.example' }).patch(`/api/projects/${projectA}`, { description: 'again' })).status).toBe(200);
    // Roles are the person's: not an admin, so user administration is closed.
    expect((await api.get('/api/users')).status).toBe(403);
  });

  it('stores only the SHA-256 of the token, nowhere the token itself', async () => {
    const { token, secret } = await create(lead, { name: 'hash check' });
    const row = await env.deps.db.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret.slice(10));
    const auditRows = await env.deps.db.selectFrom('audit_log').selectAll().execute();
    expect(auditRows.some((a) => a.action === 'token.create')).toBe(true);
    expect(JSON.stringify(auditRows)).not.toContain(secret.slice(10));
  });

  it('limits a project-scoped token to its project: others answer 404 as for a stranger', async () => {
    const { secret } = await create(lead, { name: 'only A', projectId: projectA });
    const api = bearer(env, secret);
    expect((await api.get(`/api/projects/${projectA}`)).status).toBe(200);
    expect((await api.get(`/api/projects/${projectA}/rows`)).status).toBe(200);
    const b = await api.get(`/api/projects/${projectB}`);
    const stranger = await other.get(`/api/projects/${projectB}`);
    expect(b.status).toBe(404);
    expect(b.body).toEqual(stranger.body);
    expect((await api.get(`/api/projects/${projectB}/members`)).status).toBe(404);
    expect((await api.post(`/api/projects/${projectB}/members`, { email: 'other@x.org', roles: ['annotator'] })).status).toBe(404);
    expect((await api.get('/api/projects')).body.projects.map((p: { id: number }) => p.id)).toEqual([projectA]);
    // Routes outside a project are closed to it.
    const create2 = await api.post('/api/projects', { name: 'C', schema: simpleSchema });
    expect(create2.status).toBe(403);
    expect(errorOf(create2).message).toContain(`limited to project ${projectA}`);
    expect((await api.get('/api/tokens')).status).toBe(403);
  });

  it('limits a scoped token\'s claims and media to its project', async () => {
    // A labeler with claims in both projects, and media uploaded to B only.
    const ann = await env.user('ann@x.org');
    for (const p of [projectA, projectB]) {
      expect((await lead.post(`/api/projects/${p}/members`, { email: 'ann@x.org', roles: ['annotator'] })).status).toBe(201);
      await lead.raw(`/api/projects/${p}/imports?format=jsonl`, { method: 'POST', body: `${JSON.stringify({ id: `r${p}`, data: { text: 'hello' } })}\n` });
    }
    expect(ann).toBeGreaterThan(0);
    const annC = await env.login('ann@x.org');
    const claimB = (await annC.post(`/api/projects/${projectB}/next`, { role: 'label' })).body;
    const up = await lead.raw(`/api/projects/${projectB}/media?name=street.png`, { method: 'POST', body: IMAGE, headers: { 'content-type': 'image/png' } });
    const media = ((await up.json()) as { media: { url: string } }).media;
    const { secret } = await create(annC, { name: 'ann on A', projectId: projectA });
    const api = bearer(env, secret);
    const claimId = claimB.assignment.id as number;
    expect((await annC.get(`/api/assignments/${claimId}`)).status).toBe(200);
    expect((await api.get(`/api/assignments/${claimId}`)).status).toBe(404);
    expect((await env.app.request(media.url, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(404);
    const { secret: all } = await create(annC, { name: 'ann everywhere' });
    expect((await bearer(env, all).get(`/api/assignments/${claimId}`)).status).toBe(200);
    expect((await env.app.request(media.url, { headers: { authorization: `Bearer ${all}` } })).status).toBe(200);
  });

  it('refuses a project the person is not on when creating a scoped token', async () => {
    const r = await other.post('/api/tokens', { name: 'x', projectId: projectA });
    expect(r.status).toBe(404);
    expect(errorOf(r).message).toBe(`projectId: you are not a member of project ${projectA}`);
    const bad = await lead.post('/api/tokens', { name: '', expiresInDays: 1000 });
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toContain('name: give the token a name');
    expect(errorOf(bad).message).toContain('expiresInDays: at most 366 days');
  });

  it('refuses every write of a read-only token with 403, and serves its reads', async () => {
    const { secret } = await create(lead, { name: 'reader', readOnly: true });
    const api = bearer(env, secret);
    expect((await api.get(`/api/projects/${projectA}/rows`)).status).toBe(200);
    for (const r of [await api.patch(`/api/projects/${projectA}`, { description: 'no' }), await api.post(`/api/projects/${projectA}/next`, { role: 'label' }), await api.del(`/api/projects/${projectB}`)]) {
      expect(r.status).toBe(403);
      expect(errorOf(r).message).toMatch(/^this API token is read-only: (PATCH|POST|DELETE) requests are refused/);
    }
    expect((await lead.get(`/api/projects/${projectB}`)).status).toBe(200);
  });

  it('answers 401 with a clear message once expired', async () => {
    const { secret } = await create(lead, { name: 'short', expiresInDays: 1 });
    const api = bearer(env, secret);
    expect((await api.get('/api/auth/me')).status).toBe(200);
    const was = env.clock.now;
    env.clock.now += DAY + 1;
    try {
      const r = await api.get('/api/auth/me');
      expect(r.status).toBe(401);
      expect(errorOf(r).message).toBe(`this API token expired on ${new Date(was + DAY).toISOString().slice(0, 10)}: create a new one on your account page`);
      expect((await lead.get('/api/tokens')).body.tokens.find((t: { name: string }) => t.name === 'short').status).toBe('expired');
    } finally {
      env.clock.now = was;
    }
  });

  it('stops working the moment it is revoked, by its owner or an administrator', async () => {
    const mine = await create(lead, { name: 'revoke me' });
    const api = bearer(env, mine.secret);
    expect((await api.get('/api/auth/me')).status).toBe(200);
    expect((await lead.del(`/api/tokens/${mine.token.id}`)).body.token.status).toBe('revoked');
    const r = await api.get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(errorOf(r).message).toMatch(/^this API token was revoked on \d{4}-\d\d-\d\d: create a new one/);

    const theirs = await create(other, { name: 'other pipeline' });
    expect((await bearer(env, theirs.secret).get('/api/auth/me')).status).toBe(200);
    // Someone else's token: 404 for a non-admin, and not in a non-admin's reach.
    expect((await lead.del(`/api/tokens/${theirs.token.id}`)).status).toBe(404);
    expect((await lead.get('/api/tokens/all')).status).toBe(403);
    const all = (await admin.get('/api/tokens/all')).body.tokens as Array<{ id: number; userEmail: string }>;
    expect(all.find((t) => t.id === theirs.token.id)?.userEmail).toBe('other@x.org');
    expect(all.some((t) => t.id === mine.token.id)).toBe(false);
    expect((await admin.del(`/api/tokens/${theirs.token.id}`)).status).toBe(200);
    expect((await bearer(env, theirs.secret).get('/api/auth/me')).status).toBe(401);
    const logged = await env.deps.db.selectFrom('audit_log').selectAll().where('action', '=', 'token.revoke').execute();
    expect(logged.map((l) => JSON.parse(l.details_json!).owner)).toContain((await env.deps.db.selectFrom('users').select('id').where('email', '=', 'other@x.org').executeTakeFirstOrThrow()).id);
  });

  it('cannot mint more tokens with a token', async () => {
    const { secret } = await create(lead, { name: 'minter' });
    const r = await bearer(env, secret).post('/api/tokens', { name: 'child' });
    expect(r.status).toBe(403);
    expect(errorOf(r).message).toContain('not with another token');
  });

  it('writes "last used" at most once a minute', async () => {
    const { token, secret } = await create(lead, { name: 'busy script' });
    const api = bearer(env, secret);
    const lastUsed = async () => (await lead.get('/api/tokens')).body.tokens.find((t: { id: number }) => t.id === token.id).lastUsedAt;
    const t0 = env.clock.now;
    try {
      await api.get('/api/auth/me');
      expect(await lastUsed()).toBe(t0);
      env.clock.now = t0 + 10_000;
      for (let i = 0; i < 5; i++) await api.get('/api/auth/me');
      expect(await lastUsed()).toBe(t0);
      env.clock.now = t0 + LAST_USE_EVERY_MS;
      await api.get('/api/auth/me');
      expect(await lastUsed()).toBe(t0 + LAST_USE_EVERY_MS);
    } finally {
      env.clock.now = t0;
    }
  });

  it('refuses unknown and malformed tokens with 401, ignoring any cookie, and never echoes them', async () => {
    const fake = `triad_${'Zq9'.repeat(14)}x`;
    secrets.push(fake);
    const withCookie = await env.app.request('/api/auth/me', { headers: { authorization: `Bearer ${fake}`, cookie: lead.cookie! } });
    expect(withCookie.status).toBe(401);
    expect(errorOf({ status: 401, body: await withCookie.json() }).message).toBe('unknown API token: check that it was copied whole, or create a new one on your account page');
    const odd = 'not-a-bearer s3cr3t-value-here';
    secrets.push('s3cr3t-value-here');
    const r = await env.app.request('/api/projects', { headers: { authorization: odd } });
    expect(r.status).toBe(401);
    expect(errorOf({ status: 401, body: await r.json() }).message).toContain('expected "Bearer <token>"');
    // A disabled account's tokens stop too.
    const { secret } = await create(other, { name: 'before disable' });
    const otherId = (await env.deps.db.selectFrom('users').select('id').where('email', '=', 'other@x.org').executeTakeFirstOrThrow()).id;
    expect((await admin.patch(`/api/users/${otherId}`, { disabled: true })).status).toBe(200);
    const d = await bearer(env, secret).get('/api/auth/me');
    expect(d.status).toBe(401);
    expect(errorOf(d).message).toBe('the account of this API token is disabled');
  });

  it('never put a token in a log line or an error message', () => {
    expect(secrets.length).toBeGreaterThan(10);
    const everything = [...printed, ...bodies].join('\n');
    for (const s of secrets) expect(everything).not.toContain(s);
    expect(bodies.length).toBeGreaterThan(5);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, engineName, simpleSchema, TEST_PASSWORD, type Client, type TestEnv } from './test/harness.js';
import { checkSettings, SettingsError } from './settings.js';
import { userCommands } from './cli/users.js';
import { neg, plainRows, pos, workProject } from './test/workflow-kit.js';

/**
 * Issue 12, findings 1, 4 and 6: who may start a project, who may be put on one, what adding someone
 * reveals about the accounts of the instance, and what a labeler's counts reveal about the other label.
 */
let env: TestEnv;
let admin: Client, lena: Client, mallory: Client;
let adminId: number, lenaId: number, malloryId: number;

beforeAll(async () => {
  env = await createTestEnv();
  adminId = await env.user('admin@x.test', { admin: true, canCreateProjects: false, name: 'Ada Admin' });
  lenaId = await env.user('lena@x.test', { canCreateProjects: false, name: 'Lena' });
  malloryId = await env.user('mallory@x.test', { name: 'Mallory' });
  admin = await env.login('admin@x.test');
  lena = await env.login('lena@x.test');
  mallory = await env.login('mallory@x.test');
});
afterAll(() => env.close());

describe(`who may create projects (${engineName()})`, () => {
  it('refuses someone an admin has not allowed, before reading the body, and creates nothing', async () => {
    expect((await lena.get('/api/auth/me')).body.user.canCreateProjects).toBe(false);
    const r = await lena.post('/api/projects', { name: 'Mine', schema: simpleSchema });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/ask an administrator/);
    expect((await lena.post('/api/projects', { junk: true })).status).toBe(403);
    expect((await lena.get('/api/projects')).body.projects).toEqual([]);
  });

  it('lets an admin allow a person, and take the right back', async () => {
    expect((await admin.get('/api/auth/me')).body.user.canCreateProjects).toBe(true);
    // The sign-in answer is what the client keeps until its next /me: it carries the right too.
    expect((await env.anon.post('/api/auth/login', { email: 'admin@x.test', password: TEST_PASSWORD })).body.user.canCreateProjects).toBe(true);
    const granted = await admin.patch(`/api/users/${lenaId}`, { canCreateProjects: true });
    expect(granted.body.user).toMatchObject({ email: 'lena@x.test', canCreateProjects: true, isAdmin: false });
    expect((await lena.get('/api/auth/me')).body.user.canCreateProjects).toBe(true);
    expect((await lena.post('/api/projects', { name: 'Allowed', schema: simpleSchema })).status).toBe(201);
    await admin.patch(`/api/users/${lenaId}`, { canCreateProjects: false });
    expect((await lena.post('/api/projects', { name: 'Again', schema: simpleSchema })).status).toBe(403);
  });

  it('lets an admin create a user who may create projects', async () => {
    const r = await admin.post('/api/users', { email: 'cora@x.test', name: 'Cora', password: 'cora-secret-1', canCreateProjects: true });
    expect(r.status).toBe(201);
    expect(r.body.user.canCreateProjects).toBe(true);
    const cora = await env.login('cora@x.test', 'cora-secret-1');
    expect((await cora.post('/api/projects', { name: 'Cora', schema: simpleSchema })).status).toBe(201);
  });

  it('lets the command line allow and stop a person creating projects', async () => {
    const creator = userCommands.find((c) => c.verb === 'creator')!;
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await creator.run(env.deps, { email: 'lena@x.test' });
      expect((await lena.get('/api/auth/me')).body.user.canCreateProjects).toBe(true);
      await creator.run(env.deps, { email: 'lena@x.test', revoke: true });
      expect((await lena.get('/api/auth/me')).body.user.canCreateProjects).toBe(false);
      expect(log).toHaveBeenLastCalledWith('lena@x.test may no longer create projects');
    } finally {
      log.mockRestore();
    }
  });

  it('opens project creation to everyone with TRIAD_PROJECT_CREATORS=everyone, and rejects a mistyped value', async () => {
    const before = process.env.TRIAD_PROJECT_CREATORS;
    try {
      process.env.TRIAD_PROJECT_CREATORS = 'everyone';
      const fresh = await env.login('lena@x.test');
      expect((await fresh.get('/api/auth/me')).body.user.canCreateProjects).toBe(true);
      expect((await fresh.post('/api/projects', { name: 'Open', schema: simpleSchema })).status).toBe(201);
      process.env.TRIAD_PROJECT_CREATORS = 'anyone';
      expect(() => checkSettings()).toThrow(SettingsError);
      expect(() => checkSettings()).toThrow(/TRIAD_PROJECT_CREATORS/);
    } finally {
      if (before === undefined) delete process.env.TRIAD_PROJECT_CREATORS;
      else process.env.TRIAD_PROJECT_CREATORS = before;
    }
  });
});

describe(`adding people to a project (${engineName()})`, () => {
  let pid: number;
  beforeAll(async () => {
    pid = (await mallory.post('/api/projects', { name: 'Bait', schema: simpleSchema })).body.project.id;
  });

  it('a lead who is not an admin cannot make an admin a lead or a member of their project', async () => {
    for (const roles of [['lead'], ['annotator']]) {
      const r = await mallory.post(`/api/projects/${pid}/members`, { email: 'admin@x.test', roles });
      expect(r.status).toBe(404);
    }
    expect((await admin.get('/api/projects')).body.projects).toEqual([]);
    expect((await mallory.get(`/api/projects/${pid}/members`)).body.members.map((m: { userId: number }) => m.userId)).toEqual([malloryId]);
  });

  it('answers an unknown address and an admin\'s address alike, so accounts cannot be listed', async () => {
    const unknown = await mallory.post(`/api/projects/${pid}/members`, { email: 'nobody@x.test', roles: ['annotator'] });
    const adminAddress = await mallory.post(`/api/projects/${pid}/members`, { email: 'admin@x.test', roles: ['annotator'] });
    expect(unknown.status).toBe(404);
    expect(adminAddress.status).toBe(unknown.status);
    expect(JSON.stringify(adminAddress.body).replace('admin@x.test', 'X')).toBe(JSON.stringify(unknown.body).replace('nobody@x.test', 'X'));
    expect(unknown.body.error.message).toMatch(/no account with the address nobody@x.test can be added/);
  });

  it('adds people by exact address only, never by user id', async () => {
    const byId = await mallory.post(`/api/projects/${pid}/members`, { userId: lenaId, roles: ['annotator'] });
    expect(byId.status).toBe(400);
    expect(byId.body.error.message).toMatch(/userId: members are added by their email address/);
    const both = await mallory.post(`/api/projects/${pid}/members`, { userId: adminId, email: 'lena@x.test', roles: ['annotator'] });
    expect(both.status).toBe(400);
    expect((await mallory.get(`/api/projects/${pid}/members`)).body.members).toHaveLength(1);
  });

  it('shows the person added who added them and when, on their project list, the project and the member list', async () => {
    env.clock.now += 60_000;
    const added = await mallory.post(`/api/projects/${pid}/members`, { email: 'lena@x.test', roles: ['annotator'] });
    expect(added.status).toBe(201);
    const listed = (await lena.get('/api/projects')).body.projects.find((p: { id: number }) => p.id === pid);
    expect(listed.joined).toEqual({ at: env.clock.now, by: { id: malloryId, name: 'Mallory' } });
    expect((await lena.get(`/api/projects/${pid}`)).body.project.joined.by).toEqual({ id: malloryId, name: 'Mallory' });
    const members = (await lena.get(`/api/projects/${pid}/members`)).body.members;
    expect(members.find((m: { userId: number }) => m.userId === lenaId)).toMatchObject({ addedAt: env.clock.now, addedBy: { id: malloryId, name: 'Mallory' } });
    // The creator added themself: nobody else to name.
    expect((await mallory.get(`/api/projects/${pid}`)).body.project.joined.by).toBeNull();
    // A later role keeps the record of who brought them in.
    env.clock.now += 60_000;
    await mallory.put(`/api/projects/${pid}/members/${lenaId}`, { roles: ['annotator', 'reviewer'] });
    expect((await lena.get(`/api/projects/${pid}`)).body.project.joined.at).toBe(env.clock.now - 60_000);
  });

  it('an admin joins a project by their own action, and can then be given other roles', async () => {
    const r = await admin.post(`/api/projects/${pid}/members`, { email: 'admin@x.test', roles: ['reviewer'] });
    expect(r.status).toBe(201);
    expect(r.body.members.find((m: { userId: number }) => m.userId === adminId)).toMatchObject({ roles: ['reviewer'], addedBy: null });
    expect((await admin.get('/api/projects')).body.projects.map((p: { id: number }) => p.id)).toEqual([pid]);
    const more = await mallory.post(`/api/projects/${pid}/members`, { email: 'admin@x.test', roles: ['annotator'] });
    expect(more.status).toBe(201);
    // Nobody else joins a stranger's project that way: the project stays invisible.
    const other = (await admin.post('/api/projects', { name: 'Admin only', schema: simpleSchema })).body.project.id;
    expect((await lena.post(`/api/projects/${other}/members`, { email: 'lena@x.test', roles: ['lead'] })).status).toBe(404);
    expect((await admin.post('/api/projects/999999/members', { email: 'admin@x.test', roles: ['lead'] })).status).toBe(404);
  });

  it('an admin who leads a project may add another admin', async () => {
    await env.user('root@x.test', { admin: true });
    const other = (await admin.post('/api/projects', { name: 'Admins', schema: simpleSchema })).body.project.id;
    expect((await admin.post(`/api/projects/${other}/members`, { email: 'root@x.test', roles: ['lead'] })).status).toBe(201);
  });
});

/**
 * Blinding (finding 4): under `qa: disagreements` an agreeing second label finalizes the row and a
 * disagreeing one sends it to QA. Everything the two labelers can read afterwards must be the same either
 * way; the lead's counts are the control that shows the two worlds differ.
 */
describe(`counts a labeler can read (${engineName()})`, () => {
  // Bob's own answer differs between the worlds by construction: it is his to see.
  const ownAnswersOut = (r: { status: number; body: any }) => {
    for (const a of r.body?.mine?.answers ?? []) a.answer = '(own answer)';
    return r;
  };
  async function world(agree: boolean) {
    const e = await createTestEnv();
    try {
      const w = await workProject(e, {
        rows: plainRows(1), settings: { qa: 'disagreements' },
        people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
      });
      const a = (await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' })).body;
      const b = (await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' })).body;
      await w.c.ann.post(`/api/assignments/${a.assignment.id}/submit`, { answer: pos, clientSubmissionId: 'ann-submission' });
      const submitted = await w.c.bob.post(`/api/assignments/${b.assignment.id}/submit`, { answer: agree ? pos : neg, clientSubmissionId: 'bob-submission' });
      const seen: Record<string, unknown> = { submitted };
      for (const who of ['ann', 'bob'] as const) {
        const c = w.c[who];
        const claim = (who === 'ann' ? a : b).assignment.id;
        seen[who] = {
          claim: await c.get(`/api/assignments/${claim}`), heartbeat: await c.post(`/api/assignments/${claim}/heartbeat`),
          list: await c.get('/api/projects'), project: await c.get(`/api/projects/${w.id}`), queue: await c.get(`/api/projects/${w.id}/queue`),
          next: await c.post(`/api/projects/${w.id}/next`, { role: 'label' }), row: ownAnswersOut(await c.get(`/api/projects/${w.id}/rows/${a.row.id}`)),
          rows: await c.get(`/api/projects/${w.id}/rows`),
        };
      }
      return { seen, lead: (await w.lead.get(`/api/projects/${w.id}`)).body.project.counts, mine: (await w.c.bob.get(`/api/projects/${w.id}`)).body.project.mine };
    } finally {
      await e.close();
    }
  }

  it('every answer after the second label is identical whether the labelers agreed or not', async () => {
    const agreed = await world(true);
    const disagreed = await world(false);
    expect(agreed.lead).toMatchObject({ final: 1, qa: 0 });
    expect(disagreed.lead).toMatchObject({ final: 0, qa: 1 });
    expect(disagreed.seen).toEqual(agreed.seen);
    expect(JSON.stringify(agreed.seen)).not.toContain('"counts"');
    expect(agreed.mine).toEqual({ labels: 1, reviews: 0 });
  });
});

it('a labeler reads their own work on the project, never its row counts', async () => {
  const pid = (await mallory.post('/api/projects', { name: 'Blind', schema: simpleSchema })).body.project.id;
  await mallory.post(`/api/projects/${pid}/members`, { email: 'lena@x.test', roles: ['annotator'] });
  const p = (await lena.get(`/api/projects/${pid}`)).body.project;
  expect(p.counts).toBeUndefined();
  expect(p.mine).toEqual({ labels: 0, reviews: 0 });
  expect((await mallory.get(`/api/projects/${pid}`)).body.project.counts).toEqual({ rows: 0, toDo: 0, labeling: 0, qa: 0, escalated: 0, final: 0 });
});

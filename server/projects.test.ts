import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, simpleSchema, type Client, type TestEnv } from './test/harness.js';

let env: TestEnv;
let lead: Client, reviewer: Client, annotator: Client, outsider: Client;
let projectId: number;
let ids: Record<string, number>;

beforeAll(async () => {
  env = await createTestEnv();
  ids = {
    lead: await env.user('lead@x.test'),
    reviewer: await env.user('rev@x.test'),
    annotator: await env.user('ann@x.test'),
    outsider: await env.user('out@x.test'),
  };
  lead = await env.login('lead@x.test');
  reviewer = await env.login('rev@x.test');
  annotator = await env.login('ann@x.test');
  outsider = await env.login('out@x.test');
  const created = await lead.post('/api/projects', { name: 'Sentiment', schema: simpleSchema });
  projectId = created.body.project.id;
  await lead.post(`/api/projects/${projectId}/members`, { email: 'rev@x.test', roles: ['reviewer'] });
  await lead.post(`/api/projects/${projectId}/members`, { email: 'ann@x.test', roles: ['annotator'] });
});
afterAll(() => env.close());

describe(`projects and members (${engineName()})`, () => {
  it('creates a project with defaults filled in and makes the creator its lead', async () => {
    const r = await lead.get(`/api/projects/${projectId}`);
    expect(r.status).toBe(200);
    expect(r.body.project).toMatchObject({ name: 'Sentiment', roles: ['lead'], settings: { qa: 'all', leaseMinutes: 30, showPrelabels: true } });
    expect(r.body.project.schema[0]).toMatchObject({ id: 'sentiment', type: 'classification', required: true });
  });

  it('rejects a bad schema with the field named, and creates nothing', async () => {
    const before = (await lead.get('/api/projects')).body.projects.length;
    const r = await lead.post('/api/projects', {
      name: 'Bad', schema: [{ id: 'q', type: 'classification', title: 'Q', config: { labels: [] } }],
      settings: { qa: 'sometimes' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/schema\.0\.config\.labels/);
    expect(r.body.error.message).toMatch(/settings\.qa/);
    const unknownType = await lead.post('/api/projects', { name: 'Bad', schema: [{ id: 'q', type: 'polygon', title: 'Q', config: {} }] });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.message).toMatch(/schema\.0\.type/);
    expect((await lead.get('/api/projects')).body.projects.length).toBe(before);
  });

  it('lists only the projects a person belongs to, with their roles', async () => {
    const own = await outsider.post('/api/projects', { name: 'Private', schema: simpleSchema });
    expect(own.status).toBe(201);
    const mine = (await annotator.get('/api/projects')).body.projects;
    expect(mine.map((p: { name: string }) => p.name)).toEqual(['Sentiment']);
    expect(mine[0].roles).toEqual(['annotator']);
    const theirs = (await outsider.get('/api/projects')).body.projects;
    expect(theirs.map((p: { name: string }) => p.name)).toEqual(['Private']);
  });

  it('lets a person hold several roles, and keeps a project from losing its last lead', async () => {
    const r = await lead.post(`/api/projects/${projectId}/members`, { email: 'rev@x.test', roles: ['annotator'] });
    expect(r.status).toBe(201);
    const rev = r.body.members.find((m: { userId: number }) => m.userId === ids.reviewer);
    expect(rev.roles).toEqual(['reviewer', 'annotator']);
    const demote = await lead.put(`/api/projects/${projectId}/members/${ids.lead}`, { roles: ['annotator'] });
    expect(demote.status).toBe(409);
    const remove = await lead.del(`/api/projects/${projectId}/members/${ids.lead}`);
    expect(remove.status).toBe(409);
    await lead.put(`/api/projects/${projectId}/members/${ids.reviewer}`, { roles: ['reviewer'] });
  });

  it('adding an unknown email names it', async () => {
    const r = await lead.post(`/api/projects/${projectId}/members`, { email: 'ghost@x.test', roles: ['annotator'] });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/ghost@x.test/);
    const noRoles = await lead.post(`/api/projects/${projectId}/members`, { email: 'out@x.test', roles: [] });
    expect(noRoles.status).toBe(400);
    expect(noRoles.body.error.message).toMatch(/roles/);
  });

  it('updates settings with validation', async () => {
    const ok = await lead.patch(`/api/projects/${projectId}`, { settings: { qa: 'disagreements', leaseMinutes: 10, showPrelabels: false } });
    expect(ok.body.project.settings).toMatchObject({ qa: 'disagreements', leaseMinutes: 10, showPrelabels: false });
    const bad = await lead.patch(`/api/projects/${projectId}`, { settings: { leaseMinutes: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/settings\.leaseMinutes/);
    expect((await lead.get(`/api/projects/${projectId}`)).body.project.settings.leaseMinutes).toBe(10);
  });

  it('answers 400 for a malformed project id and 404 for one that does not exist', async () => {
    expect((await lead.get('/api/projects/abc')).status).toBe(400);
    expect((await lead.get('/api/projects/999999')).status).toBe(404);
  });
});

/** Every project route × every role: who may call it. A non-member always gets 404, anonymous 401. */
describe(`role checks on every project route (${engineName()})`, () => {
  type Who = 'lead' | 'reviewer' | 'annotator' | 'outsider';
  const routes: { name: string; call: (c: Client) => Promise<{ status: number }>; allowed: Who[] }[] = [
    { name: 'GET project', call: (c) => c.get(`/api/projects/${projectId}`), allowed: ['lead', 'reviewer', 'annotator'] },
    { name: 'PATCH project', call: (c) => c.patch(`/api/projects/${projectId}`, { description: 'x' }), allowed: ['lead'] },
    { name: 'GET members', call: (c) => c.get(`/api/projects/${projectId}/members`), allowed: ['lead', 'reviewer', 'annotator'] },
    { name: 'POST member', call: (c) => c.post(`/api/projects/${projectId}/members`, { email: 'ann@x.test', roles: ['annotator'] }), allowed: ['lead'] },
    { name: 'PUT member roles', call: (c) => c.put(`/api/projects/${projectId}/members/${ids.annotator}`, { roles: ['annotator'] }), allowed: ['lead'] },
  ];
  const clients = () => ({ lead, reviewer, annotator, outsider });

  for (const who of ['lead', 'reviewer', 'annotator', 'outsider'] as Who[]) {
    it(`as ${who}`, async () => {
      for (const r of routes) {
        const { status } = await r.call(clients()[who]);
        const expected = r.allowed.includes(who) ? [200, 201] : who === 'outsider' ? [404] : [403];
        expect(expected, `${r.name} as ${who} answered ${status}`).toContain(status);
      }
    });
  }

  it('as anonymous', async () => {
    for (const r of routes) expect((await r.call(env.anon)).status, r.name).toBe(401);
  });

  it('only a lead deletes a project', async () => {
    const p = (await lead.post('/api/projects', { name: 'Temp', schema: simpleSchema })).body.project.id;
    await lead.post(`/api/projects/${p}/members`, { email: 'ann@x.test', roles: ['annotator'] });
    expect((await annotator.del(`/api/projects/${p}`)).status).toBe(403);
    expect((await outsider.del(`/api/projects/${p}`)).status).toBe(404);
    expect((await lead.del(`/api/projects/${p}`)).status).toBe(200);
    expect((await lead.get(`/api/projects/${p}`)).status).toBe(404);
  });
});

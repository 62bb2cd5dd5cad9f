import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuidelineAcksDto } from '@shared/api/console.js';
import { createTestEnv, engineName, simpleSchema, type Client, type TestEnv } from './test/harness.js';

let env: TestEnv;
let lead: Client, ann: Client, rev: Client, gone: Client, outsider: Client;
let pid: number;
const uid: Record<string, number> = {};
const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);

beforeAll(async () => {
  env = await createTestEnv();
  for (const [email, name] of [['lead@x.test', 'Lea Lead'], ['ann@x.test', 'Ann Annotator'], ['rev@x.test', 'Rita Reviewer'], ['gone@x.test', 'Gus Gone'], ['out@x.test', 'Otto']]) {
    uid[email] = await env.user(email, { name });
  }
  [lead, ann, rev, gone, outsider] = await Promise.all(['lead@x.test', 'ann@x.test', 'rev@x.test', 'gone@x.test', 'out@x.test'].map((e) => env.login(e)));
  pid = (await lead.post('/api/projects', { name: 'P', schema: simpleSchema })).body.project.id;
  await lead.post(`/api/projects/${pid}/members`, { email: 'ann@x.test', roles: ['annotator'] });
  await lead.post(`/api/projects/${pid}/members`, { email: 'rev@x.test', roles: ['reviewer', 'annotator'] });
  await lead.post(`/api/projects/${pid}/members`, { email: 'gone@x.test', roles: ['annotator'] });
});
afterAll(() => env.close());

const acks = async (q = '') => {
  const r = await lead.get<GuidelineAcksDto>(`/api/projects/${pid}/guidelines/acknowledgements${q}`);
  expect(r.status).toBe(200);
  return r.body;
};
const ack = async (c: Client, version: number) => expect((await c.post(`/api/projects/${pid}/guidelines/acknowledge`, { version })).status).toBe(200);

describe(`who acknowledged which guideline version (${engineName()})`, () => {
  it('says plainly when nothing is published yet', async () => {
    const r = await lead.get(`/api/projects/${pid}/guidelines/acknowledgements`);
    expect(r.status).toBe(404);
    expect(r.body.error.message).toMatch(/no guideline version is published yet/);
  });

  it('lists, for the current version by default, the members who acknowledged it with the time and those who have not', async () => {
    expect((await lead.post(`/api/projects/${pid}/guidelines`, { body: '# v1\n', note: 'first' })).status).toBe(201);
    env.clock.now = T0 + 60_000;
    await ack(ann, 1);
    env.clock.now = T0 + 120_000;
    await ack(gone, 1);
    env.clock.now = T0 + 3_600_000;
    expect((await lead.post(`/api/projects/${pid}/guidelines`, { body: '# v2\nSarcasm is negative.\n', note: 'sarcasm' })).status).toBe(201);
    env.clock.now = T0 + 3_700_000;
    await ack(rev, 2);

    const cur = await acks();
    expect(cur.version).toBe(2);
    expect(cur.members).toBe(4);
    // The publisher acknowledged by publishing; Rita after.
    expect(cur.acknowledged.map((p) => [p.name, p.at])).toEqual([['Lea Lead', T0 + 3_600_000], ['Rita Reviewer', T0 + 3_700_000]]);
    expect(cur.acknowledged[1].roles).toEqual(['reviewer', 'annotator']);
    expect(cur.pending.map((p) => [p.name, p.newest])).toEqual([['Ann Annotator', 1], ['Gus Gone', 1]]);
    expect(cur.versions).toEqual([{ version: 2, acknowledged: 2 }, { version: 1, acknowledged: 3 }]);

    const old = await acks('?version=1');
    expect(old.acknowledged.map((p) => p.name)).toEqual(['Lea Lead', 'Ann Annotator', 'Gus Gone']);
    // Rita read only the newer version: the answer says so.
    expect(old.pending).toEqual([{ userId: uid['rev@x.test'], name: 'Rita Reviewer', email: 'rev@x.test', roles: ['reviewer', 'annotator'], newest: 2 }]);
  });

  it('leaves out people who left the project, from the lists and the counts', async () => {
    expect((await lead.del(`/api/projects/${pid}/members/${uid['gone@x.test']}`)).status).toBeLessThan(300);
    const old = await acks('?version=1');
    expect(old.acknowledged.map((p) => p.name)).toEqual(['Lea Lead', 'Ann Annotator']);
    expect(old.members).toBe(3);
    expect(old.versions).toEqual([{ version: 2, acknowledged: 2 }, { version: 1, acknowledged: 2 }]);
    // Acknowledging now moves Ann from pending to acknowledged.
    env.clock.now = T0 + 7_200_000;
    await ack(ann, 2);
    const cur = await acks();
    expect(cur.pending).toEqual([]);
    expect(cur.acknowledged.at(-1)).toMatchObject({ name: 'Ann Annotator', at: T0 + 7_200_000 });
  });

  it('is for the project\'s leads: labelers and reviewers are refused, outsiders get 404, a bad version 400 or 404', async () => {
    for (const c of [ann, rev]) {
      const r = await c.get(`/api/projects/${pid}/guidelines/acknowledgements`);
      expect(r.status).toBe(403);
      expect(JSON.stringify(r.body)).not.toContain('Ann Annotator');
    }
    expect((await outsider.get(`/api/projects/${pid}/guidelines/acknowledgements`)).status).toBe(404);
    expect((await gone.get(`/api/projects/${pid}/guidelines/acknowledgements`)).status).toBe(404);
    const bad = await lead.get(`/api/projects/${pid}/guidelines/acknowledgements?version=zero`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('version');
    const missing = await lead.get(`/api/projects/${pid}/guidelines/acknowledgements?version=9`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('no guideline version 9');
  });
});

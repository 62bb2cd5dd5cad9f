import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, simpleSchema, type Client, type TestEnv } from './test/harness.js';

/**
 * Profiles (issue 16 part 3): admins set level, task types and languages; a person changes their own
 * languages; leads filter whom they may add (people they share a project with, never every account) by
 * profile, expertise and skill scores.
 */
let env: TestEnv;
let admin: Client, lead: Client, fay: Client;
let fayId: number, gusId: number, hanId: number;
let pid: number;

beforeAll(async () => {
  env = await createTestEnv();
  await env.user('admin@p.test', { admin: true, name: 'Ada' });
  await env.user('lead@p.test', { name: 'Lee' });
  fayId = await env.user('fay@p.test', { name: 'Fay', expertise: ['finance'] });
  gusId = await env.user('gus@p.test', { name: 'Gus', expertise: ['cs'] });
  hanId = await env.user('han@p.test', { name: 'Han' });
  await env.user('stranger@p.test', { name: 'Stranger', expertise: ['finance'] });
  [admin, lead, fay] = await Promise.all(['admin', 'lead', 'fay'].map((n) => env.login(`${n}@p.test`)));
  // Lee already works with Fay, Gus and Han on an older project; the new one starts empty.
  const old = (await lead.post('/api/projects', { name: 'Old', schema: simpleSchema })).body.project.id;
  for (const n of ['fay', 'gus', 'han']) await lead.post(`/api/projects/${old}/members`, { email: `${n}@p.test`, roles: ['annotator'] });
  pid = (await lead.post('/api/projects', { name: 'New', schema: simpleSchema })).body.project.id;
});
afterAll(() => env.close());

describe(`profiles (${engineName()})`, () => {
  it('lets an admin set a profile, naming a bad field', async () => {
    const bad = await admin.put(`/api/users/${fayId}/profile`, { level: 'guru' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/level: level: expected entry, intermediate or expert/);
    expect((await admin.put(`/api/users/${fayId}/profile`, { taskTypes: ['juggling'] })).status).toBe(400);
    const r = await admin.put(`/api/users/${fayId}/profile`, { level: 'expert', taskTypes: ['ranking', 'text'], languages: ['EN', 'de-AT'] });
    expect(r.body.profile).toEqual({ level: 'expert', taskTypes: ['ranking', 'text'], languages: ['en', 'de-AT'] });
    await admin.put(`/api/users/${gusId}/profile`, { level: 'entry', taskTypes: ['ner'], languages: ['en'] });
    expect((await lead.put(`/api/users/${gusId}/profile`, { level: 'expert' })).status).toBe(403);
    const users = (await admin.get('/api/users')).body.users;
    expect(users.find((u: any) => u.id === fayId).profile.level).toBe('expert');
  });

  it('lets a person change their languages and nothing else of it', async () => {
    const r = await fay.put('/api/profile', { languages: ['en', 'fr'], level: 'entry' });
    expect(r.body.profile).toEqual({ level: 'expert', taskTypes: ['ranking', 'text'], languages: ['en', 'fr'] });
    expect((await fay.put('/api/profile', { languages: ['not a language'] })).status).toBe(400);
    const me = (await fay.get('/api/profile')).body;
    expect(me).toEqual({ profile: { level: 'expert', taskTypes: ['ranking', 'text'], languages: ['en', 'fr'] }, expertise: ['finance'], skills: {} });
  });
});

describe(`choosing people to add (${engineName()})`, () => {
  const names = async (q = '') => {
    const r = await lead.get(`/api/projects/${pid}/candidates${q}`);
    expect(r.status).toBe(200);
    return r.body.candidates.map((c: any) => c.name);
  };

  it('offers the people a lead already works with, never a stranger or an admin', async () => {
    expect(await names()).toEqual(['Fay', 'Gus', 'Han', 'Lee']);
    const all = (await admin.get(`/api/projects/${pid}/candidates`));
    // An admin who is not on the project meets it as a stranger would.
    expect(all.status).toBe(404);
  });

  it('filters by expertise, task type, language, level and a minimum skill score', async () => {
    expect(await names('?expertise=finance')).toEqual(['Fay']);
    expect(await names('?taskTypes=ner')).toEqual(['Gus']);
    expect(await names('?languages=de')).toEqual([]);
    expect(await names('?languages=fr,en')).toEqual(['Fay']);
    expect(await names('?level=entry')).toEqual(['Gus']);
    expect((await lead.get(`/api/projects/${pid}/candidates?level=guru`)).status).toBe(400);
    // Han takes an assessment and is graded 4 on Evaluation.
    const a = (await admin.post('/api/assessments', { title: 'T', questions: [{ id: 'q', kind: 'written', prompt: 'Why?', skill: 'Evaluation' }] })).body.assessment.id;
    const han = await env.login('han@p.test');
    const t = (await han.post(`/api/assessments/${a}/attempt/submit`, { answers: { q: 'Because' } })).body.attempt.id;
    await admin.put(`/api/grading/attempts/${t}/grades/q`, { score: 4 });
    expect(await names('?skill=Evaluation&minScore=3.5')).toEqual(['Han']);
    expect(await names('?skill=Evaluation&minScore=4.5')).toEqual([]);
    const han2 = (await lead.get(`/api/projects/${pid}/candidates?skill=Evaluation`)).body.candidates[0];
    expect(han2).toMatchObject({ userId: hanId, skills: { Evaluation: { mean: 4, graded: 1 } }, roles: [] });
  });

  it('is for leads only', async () => {
    await lead.post(`/api/projects/${pid}/members`, { email: 'fay@p.test', roles: ['annotator'] });
    expect((await fay.get(`/api/projects/${pid}/candidates`)).status).toBe(403);
    expect((await lead.get(`/api/projects/${pid}/candidates?expertise=finance`)).body.candidates[0].roles).toEqual(['annotator']);
  });
});

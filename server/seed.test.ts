import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';
import { DEMO_PASSWORD } from './seed/demo.js';
import { seedDemo } from './seed/demo.js';
import { TASK_TYPES } from '@shared/tasks/types.js';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv({ seed: true }); });
afterAll(() => env.close());

describe(`demo seed (${engineName()})`, () => {
  it('gives the lead a demo project per task type plus the flagship review projects', async () => {
    const lead = await env.login('lead@triad.test', DEMO_PASSWORD);
    const { projects } = (await lead.get('/api/projects')).body;
    expect(projects).toHaveLength(10);
    const types = new Set(projects.flatMap((p: { schema: { type: string }[] }) => p.schema.map((q) => q.type)));
    for (const t of TASK_TYPES) expect(types, t).toContain(t);
    for (const p of projects) expect(p.counts.rows).toBeGreaterThanOrEqual(12);
    const flagship = projects.find((p: { name: string }) => p.name === 'LLM response review');
    expect(flagship.schema.map((q: { type: string }) => q.type)).toEqual(['classification', 'ner', 'rating']);
  });

  it('marks a third of the flagship rows as needing finance or cs expertise, with prelabels on every row', async () => {
    const rows = await env.deps.db.selectFrom('rows').innerJoin('projects', 'projects.id', 'rows.project_id')
      .select(['rows.expertise_json', 'rows.prelabels_json']).where('projects.name', '=', 'LLM response review').execute();
    const needs = rows.map((r) => JSON.parse(r.expertise_json) as string[]);
    expect(needs.filter((n) => n.length > 0).length).toBe(rows.length / 3);
    expect(new Set(needs.flat())).toEqual(new Set(['finance', 'cs']));
    for (const r of rows) expect(Object.keys(JSON.parse(r.prelabels_json!))).toEqual(['verdict', 'entities', 'quality']);
  });

  it('seeds the conversation flagship: per-turn rubric and safety with a conditional harm, a ranking of three, a rewrite; experts on finance and cs rows', async () => {
    const lead = await env.login('lead@triad.test', DEMO_PASSWORD);
    const { projects } = (await lead.get('/api/projects')).body;
    const p = projects.find((x: { name: string }) => x.name === 'LLM conversation review');
    expect(p.schema.map((q: { id: string; type: string }) => `${q.id}:${q.type}`)).toEqual(['turn_rubric:rating', 'turn_safety:classification', 'harm:classification', 'ranking:ranking', 'rewrite:text']);
    expect(p.schema[0].scope).toEqual({ each: 'turn', field: 'conversation' });
    expect(p.schema[2].showIf).toEqual({ question: 'turn_safety', equals: 'unsafe' });
    const rows = await env.deps.db.selectFrom('rows').select(['data_json', 'expertise_json']).where('project_id', '=', p.id).execute();
    for (const r of rows) {
      const d = JSON.parse(r.data_json);
      expect(d.conversation.filter((m: { role: string }) => m.role === 'assistant').length).toBeGreaterThanOrEqual(1);
      expect(d.candidates).toHaveLength(3);
      expect(JSON.parse(r.expertise_json)).toEqual(d.domain === 'general' ? [] : [d.domain]);
    }
    expect(rows.some((r) => JSON.parse(r.data_json).conversation.some((m: { content: string }) => m.content.includes('```')))).toBe(true);
  });

  it('gives the demo users their roles and expertise, and stores media that members can fetch', async () => {
    const ann = await env.login('ann@triad.test', DEMO_PASSWORD);
    expect((await ann.get('/api/auth/me')).body.user.expertise).toEqual(['finance']);
    const projects = (await ann.get('/api/projects')).body.projects;
    expect(projects.every((p: { roles: string[] }) => p.roles.join() === 'annotator')).toBe(true);
    const street = projects.find((p: { name: string }) => p.name === 'Street scenes');
    const row = await env.deps.db.selectFrom('rows').select('data_json').where('project_id', '=', street.id).executeTakeFirstOrThrow();
    const url = JSON.parse(row.data_json).image as string;
    const img = await ann.raw(url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('cache-control')).toMatch(/immutable/);
    expect(Buffer.from(await img.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect((await env.anon.raw(url)).status).toBe(401);
  });

  it('seeds only once', async () => {
    expect(await seedDemo(env.deps)).toBeNull();
    const n = await env.deps.db.selectFrom('projects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(10);
  });
});

const DAY = 86_400_000;

describe(`the demo's history (${engineName()})`, () => {
  const audit = async () => (await env.deps.db.selectFrom('projects').select('id').where('name', '=', 'Assistant answer audit').executeTakeFirstOrThrow()).id;

  it('leaves rows in every state the workflow would: finals with two labels and a QA answer, pairs in QA, rows still open, gold never final', async () => {
    const pid = await audit();
    const db = env.deps.db;
    const rows = await db.selectFrom('rows').selectAll().where('project_id', '=', pid).execute();
    const by = (s: string) => rows.filter((r) => r.state === s);
    expect(by('gold')).toHaveLength(8);
    expect(by('final').length).toBeGreaterThanOrEqual(15);
    expect(by('qa').length).toBeGreaterThanOrEqual(2);
    expect(by('labeling').length).toBeGreaterThanOrEqual(4);
    for (const r of [...by('final'), ...by('qa')]) {
      const labels = await db.selectFrom('answers').select('id').where('row_id', '=', r.id).where('kind', '=', 'label').where('round', '=', r.round).execute();
      expect(labels).toHaveLength(2);
      expect(Number(r.labels_done)).toBe(2);
    }
    for (const r of by('final')) {
      expect(r.final_id).not.toBeNull();
      expect(await db.selectFrom('answers').select('id').where('row_id', '=', r.id).where('kind', '=', 'qa').execute()).toHaveLength(1);
    }
    for (const r of by('gold')) expect(r).toMatchObject({ labels_taken: 0, labels_done: 0, final_id: null });
    expect(await db.selectFrom('assignments').select('id').where('project_id', '=', pid).where('status', '=', 'active').execute()).toEqual([]);
    // Spread over the past days, none in the future.
    const times = (await db.selectFrom('answers').select('created_at').where('project_id', '=', pid).execute()).map((a) => Number(a.created_at));
    expect(Math.max(...times)).toBeLessThan(env.clock.now - 12 * 3600_000);
    expect(new Set(times.map((t) => Math.floor(t / DAY))).size).toBeGreaterThanOrEqual(5);
  });

  it('shows the lead real figures: gold accuracy per person, the careless labeler paused and flagged, the dashboard over days', async () => {
    const pid = await audit();
    const lead = await env.login('lead@triad.test', DEMO_PASSWORD);
    const q = (await lead.get(`/api/projects/${pid}/quality`)).body;
    const person = (name: string) => q.people.find((p: { name: string }) => p.name === name);
    expect(person('Ann Annotator').gold.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(person('Ann Annotator').paused).toBeNull();
    expect(person('Bob Builder').paused).toBeNull();
    const cat = person('Cat Carter');
    expect(cat.gold.accuracy).toBeLessThan(0.6);
    expect(cat.paused.reason).toMatch(/gold accuracy \d+% over your last \d+ gold rows, below the project's 60%/);
    expect(cat.activeMsPerRow).toBeLessThan(person('Ann Annotator').activeMsPerRow / 4);
    expect(cat.questions[0].qa.keptRate).toBeLessThan(person('Ann Annotator').questions[0].qa.keptRate);
    expect(Object.values(cat.questions[0].reasons).reduce((a: number, b) => a + (b as number), 0)).toBeGreaterThan(0);
    expect((await lead.get(`/api/projects/${pid}/pauses`)).body.pauses.map((p: { name: string }) => p.name)).toEqual(['Cat Carter']);
    const d = (await lead.get(`/api/projects/${pid}/dashboard`)).body;
    expect(d.rows).toBe(40);
    expect(d.byState.final).toBeGreaterThanOrEqual(15);
    expect(d.overTime.length).toBeGreaterThanOrEqual(5);
    expect(d.agreement[0].rows).toBeGreaterThanOrEqual(15);
  });

  it('leaves work for the demo logins: rows to label for Ann and Bob, rows to review for Rita and Rex, Cat told she is paused', async () => {
    const pid = await audit();
    for (const [who, role] of [['ann', 'label'], ['bob', 'label'], ['rita', 'qa'], ['rex', 'qa']] as const) {
      const c = await env.login(`${who}@triad.test`, DEMO_PASSWORD);
      const t = await c.post(`/api/projects/${pid}/next`, { role });
      expect(t.body.assignment?.kind, who).toBe(role);
      await c.post(`/api/assignments/${t.body.assignment.id}/release`, {});
    }
    const cat = await env.login('cat@triad.test', DEMO_PASSWORD);
    const refused = await cat.post(`/api/projects/${pid}/next`, { role: 'label' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/You are paused on this project/);
  });

  it('has an assessment graded for Ann and Bob (its task question scored against its reference), and Rex\'s attempt waiting in Rita\'s grading queue', async () => {
    const ann = await env.login('ann@triad.test', DEMO_PASSWORD);
    expect((await ann.get('/api/profile')).body.skills.Evaluation.mean).toBe(5);
    const rita = await env.login('rita@triad.test', DEMO_PASSWORD);
    const items = (await rita.get('/api/grading')).body.items;
    expect(items.map((i: { person: { name: string }; graded: number }) => `${i.person.name}:${i.graded}`)).toEqual(['Ann Annotator:4', 'Bob Builder:4', 'Rex Reviewer:1']);
    // Rex's task answer (a verdict) was scored at submit against its reference; his written answers wait.
    const rex = await env.login('rex@triad.test', DEMO_PASSWORD);
    expect((await rex.get('/api/profile')).body.skills).toEqual({ Evaluation: { mean: 1, graded: 1 } });
  });

  it('is the same history on every fresh start', async () => {
    const again = await createTestEnv({ seed: true });
    try {
      const trail = async (e: TestEnv) => (await e.deps.db.selectFrom('answers as a').innerJoin('rows as r', 'r.id', 'a.row_id').innerJoin('users as u', 'u.id', 'a.user_id')
        .select(['r.external_id', 'u.email', 'a.kind', 'a.answer_json', 'a.created_at']).orderBy('a.id').execute())
        .map((a) => ({ ...a, created_at: Number(a.created_at) }));
      expect(await trail(again)).toEqual(await trail(env));
    } finally {
      await again.close();
    }
  }, 60_000);
});

// The CLI reads the same configuration as `npm start`; it runs here on its own SQLite directory.
describe('CLI', () => {
  it('creates the first admin on a fresh install, who can then sign in', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triad-cli-'));
    const run = (...args: string[]) => execFileSync('npx', ['tsx', 'server/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: dir }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(run('user', 'add', '--email', 'Boss@Example.com', '--name', 'Boss', '--password', 'long-password', '--admin', '--expertise', 'finance,cs'))
      .toMatch(/created user 1 <boss@example.com> \(admin\)/);
    expect(run('user', 'list')).toMatch(/boss@example.com.*admin.*cs,finance/);
    expect(() => run('user', 'add', '--email', 'x@example.com', '--name', 'X', '--password', 'short')).toThrow(/password: a password needs at least 8 characters/);
    const { boot } = await import('./boot.js');
    const b = await boot({ dataDir: dir });
    const r = await b.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'boss@example.com', password: 'long-password' }) });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { user: { isAdmin: boolean } }).user.isAdmin).toBe(true);
    await b.database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';
import { workProject, plainRows, pos, neg, csid } from './test/workflow-kit.js';
import { boot } from './boot.js';
import { getProject } from './repos/projects.js';
import { fillStats } from './services/dashboard/fill.js';

let env: TestEnv;
beforeAll(async () => { env = await createTestEnv({ warmStatsMs: 20 }); });
afterAll(() => env.close());

type Stats = { answer_stats: { project_id: number; slot: number }; final_stats: { project_id: number }; dash_state: { project_id: number; answers_seen: number } };
const db = () => env.deps.db.withTables<Stats>();
/** Derived label answers (slot 1 or 2; QA answers leave a slot-0 marker only) and finals. */
const statsRows = async (table: 'answer_stats' | 'final_stats') =>
  Number((table === 'answer_stats'
    ? await db().selectFrom('answer_stats').select((eb) => eb.fn.countAll<number>().as('n')).where('slot', '>', 0).executeTakeFirstOrThrow()
    : await db().selectFrom('final_stats').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const answersCounted = async () => Number((await db().selectFrom('dash_state').select('answers_seen').executeTakeFirstOrThrow()).answers_seen);

const settle = async (until: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await until()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe(`dashboard statistics kept warm while people work (${engineName()})`, () => {
  it('derives each label and final shortly after it is committed, so a dashboard read finds them ready', async () => {
    const w = await workProject(env, {
      people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
      rows: plainRows(2),
    });
    expect(await statsRows('answer_stats')).toBe(0);
    const a = await w.c.ann.post(`/api/projects/${w.id}/next`, { role: 'label' });
    const b = await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' });
    await w.c.ann.post(`/api/assignments/${a.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() });
    await w.c.bob.post(`/api/assignments/${b.body.assignment.id}/submit`, { answer: neg, clientSubmissionId: csid() });
    await settle(async () => (await statsRows('answer_stats')) === 2);
    expect(await statsRows('answer_stats')).toBe(2);

    const q = await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' });
    await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: neg, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
    await settle(async () => (await statsRows('final_stats')) === 1);
    expect(await statsRows('final_stats')).toBe(1);

    const d = await w.lead.get(`/api/projects/${w.id}/dashboard`);
    expect(d.status).toBe(200);
    expect(await statsRows('answer_stats')).toBe(2);
    expect(await answersCounted()).toBe(3);
    expect(d.body.people.find((p: { name: string }) => p.name === 'rex')).toMatchObject({ qa: 1 });
  });

  it('brings a project up to date in the background after a restart, as for a database from before the counters', async () => {
    const mine = await createTestEnv({ warmStatsMs: 20 });
    // The warmer only warns about a failed fill; a crash (the totals cleared under a running fill) shows here.
    const warn = vi.spyOn(console, 'warn');
    const derived = async (b: { deps: { db: TestEnv['deps']['db'] } }, pid: number) => Number((await b.deps.db.withTables<Stats>().selectFrom('answer_stats')
      .select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', pid).where('slot', '>', 0).executeTakeFirstOrThrow()).n);
    try {
      const w = await workProject(mine, {
        people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }], rows: plainRows(3),
      });
      for (const c of [w.c.ann, w.c.bob]) {
        const a = await c.post(`/api/projects/${w.id}/next`, { role: 'label' });
        await c.post(`/api/assignments/${a.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() });
      }
      await settle(async () => (await derived(mine, w.id)) === 2);
      // What a database from before the dashboard counters looks like: answers, and none of their statistics.
      for (const t of ['dash_counts', 'dash_rows', 'dash_state', 'answer_stats', 'final_stats'] as const) {
        await mine.deps.db.withTables<Record<typeof t, { project_id: number }>>().deleteFrom(t).where('project_id', '=', w.id).execute();
      }
      expect(await derived(mine, w.id)).toBe(0);
      await mine.database.durable();
      // The restart: a new server on the same database, and nobody opens the dashboard.
      const again = await boot({ dataDir: mine.deps.dataDir, databaseUrl: process.env.DATABASE_URL, pgSchema: mine.database.pgSchema, warmStatsMs: 20 });
      try {
        await settle(async () => (await derived(again, w.id)) === 2);
        expect(await derived(again, w.id)).toBe(2);
        expect(warn.mock.calls.filter(([m]) => String(m).startsWith('dashboard statistics'))).toEqual([]);
      } finally {
        await again.database.close();
      }
    } finally {
      warn.mockRestore();
      await mine.close();
    }
  });

  it('stops quietly when its totals are cleared under a running fill, and the next fill starts over', async () => {
    // No warmer: the test drives the fill itself.
    const mine = await createTestEnv();
    try {
      const w = await workProject(mine, {
        people: [{ name: 'ann', roles: ['annotator'] }, { name: 'bob', roles: ['annotator'] }, { name: 'rex', roles: ['reviewer'] }],
        rows: plainRows(1),
      });
      for (const c of [w.c.ann, w.c.bob]) {
        const a = await c.post(`/api/projects/${w.id}/next`, { role: 'label' });
        await c.post(`/api/assignments/${a.body.assignment.id}/submit`, { answer: pos, clientSubmissionId: csid() });
      }
      const q = await w.c.rex.post(`/api/projects/${w.id}/next`, { role: 'qa' });
      await w.c.rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: neg, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
      const project = (await getProject(mine.deps.db, w.id))!;
      const t = mine.deps.db.withTables<Stats>();

      const filling = fillStats(mine.deps.db, project);
      // Cleared right after the step that folds the answers, before the one that folds the final: each
      // step first waits a turn of the event loop (setImmediate), as this loop does between its tries.
      for (let cleared = false; !cleared; await new Promise<void>((r) => setImmediate(r))) {
        cleared = Number((await t.deleteFrom('dash_state').where('project_id', '=', w.id)
          .where((eb) => eb.exists(eb.selectFrom('answer_stats').select('project_id').where('project_id', '=', w.id))).executeTakeFirst()).numDeletedRows) > 0;
      }
      await expect(filling).resolves.toBeUndefined();

      await fillStats(mine.deps.db, project);
      expect(Number((await t.selectFrom('dash_state').select('answers_seen').where('project_id', '=', w.id).executeTakeFirstOrThrow()).answers_seen)).toBe(3);
      expect(Number((await t.selectFrom('final_stats').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', w.id).executeTakeFirstOrThrow()).n)).toBe(1);
    } finally {
      await mine.close();
    }
  });
});

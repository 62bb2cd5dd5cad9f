import { afterEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, engineName, type TestEnv } from './test/harness.js';
import { csid, neg, plainRows, pos, workProject } from './test/workflow-kit.js';
import { statements, tableReads } from './test/statement-reads.js';

/**
 * A labeler's next and submit read a handful of their claims and answers however many rows they labeled
 * before: their latest label is the end of one index range, their live claims one seek per status. (Both
 * used to walk the person's whole history in the project, so every request slowed with every label.)
 */
let env: TestEnv | null = null;
afterEach(async () => { await env?.close(); env = null; });

const pg = engineName() === 'postgres';
const HISTORY = 120;

describe('a labeler with a long history', () => {
  it('gets the next row and submits it reading a handful of their claims and answers', { timeout: 120_000 }, async () => {
    env = await createTestEnv();
    const e = env;
    const people = ['ann', 'bob', 'cat'].map((name) => ({ name, roles: ['annotator' as const] }));
    const w = await workProject(e, { people, rows: plainRows(HISTORY + 10) });
    const { ann, bob, cat } = w.c;
    const next = (c = ann) => c.post(`/api/projects/${w.id}/next`, { role: 'label' });
    const submit = (c: typeof ann, t: any, answer = pos) =>
      c.post(`/api/assignments/${t.body.assignment.id}/submit`, { answer, clientSubmissionId: csid(), activeMs: 4000 });
    // Each row's two labels given together, so no row Ann held waits in the queue's half-labeled part.
    for (let i = 0; i < HISTORY; i++) {
      const t = await next();
      const b = await next(bob);
      expect(b.body.row.id).toBe(t.body.row.id);
      if (i % 10 === 9) {
        // Every tenth row skipped by Ann (released claims are history too) and labeled by Cat.
        expect((await ann.post(`/api/assignments/${t.body.assignment.id}/release`, {})).status).toBe(200);
        const c = await next(cat);
        expect(c.body.row.id).toBe(t.body.row.id);
        expect((await submit(cat, c)).status).toBe(200);
      } else {
        expect((await submit(ann, t, i % 2 ? pos : neg)).status).toBe(200);
      }
      expect((await submit(bob, b)).status).toBe(200);
    }

    // With the statistics a running database keeps (autovacuum's ANALYZE): the tests' tables are never
    // analyzed otherwise, and Postgres's defaults take every person to have a label or two.
    if (pg) await sql`analyze`.execute(e.deps.db);
    let task: any;
    const claimQs = await statements(e.deps.db, async () => { task = await next(); });
    expect(task.body.assignment).toMatchObject({ kind: 'label' });
    let done: any;
    const submitQs = await statements(e.deps.db, async () => {
      done = await submit(ann, task);
    });
    expect(done.status).toBe(200);

    const claims = await tableReads(e.deps.db, claimQs, 'assignments');
    const answers = await tableReads(e.deps.db, submitQs, 'answers');
    expect(claims.length).toBeGreaterThan(0);
    expect(answers.length).toBeGreaterThan(0);
    for (const r of [...claims, ...answers]) {
      if (pg) expect(r.produced, `${r.sql}\n${r.plan}`).toBeLessThan(10);
      else expect(r.plan, r.sql).not.toMatch(/\bSCAN (a|x|answers|assignments)\b(?! USING)/);
    }
    if (!pg) {
      // Their claims: one seek per status (a sort of what the seeks found is of a claim or two); their
      // answers: the latest read off the index's end, no sort of them all.
      expect(claims.map((r) => r.plan).join('\n')).toMatch(/assignments_user_active \(user_id=\? AND project_id=\? AND status=\?\)/);
      for (const r of answers) expect(r.plan, r.sql).not.toMatch(/TEMP B-TREE/);
      expect(answers.map((r) => r.plan).join('\n')).toMatch(/answers_console/);
    }
  });
});

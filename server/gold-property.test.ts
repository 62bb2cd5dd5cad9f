import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestEnv, engineName } from './test/harness.js';
import { workProject, plainRows, csid, pos, neg } from './test/workflow-kit.js';
import type { NewRow } from './repos/rows.js';

/**
 * Workflow properties of gold rows (issue 16) with many simulated people acting in random order: gold rows
 * never reach a final, QA or an export of labels, never count as one of a row's two labels, each person
 * gets one at most once, a gold claim left past its lease comes back to its owner, and a gold claim cannot
 * be told from an ordinary one by the shape of any response.
 */
const LABELERS = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
const REVIEWERS = ['r0', 'r1'];
type Step = { who: number; act: 'submit' | 'skip' | 'qa' | 'lapse'; answer: 0 | 1 };

const shape = (x: unknown): unknown => (Array.isArray(x) ? x.map(shape) : x && typeof x === 'object'
  ? Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'data').sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)])) : typeof x);

describe(`gold rows under random work by many people (${engineName()})`, () => {
  it('never final, never QA, never in exports, never one of two labels, once per person, indistinguishable', async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({
        gold: fc.integer({ min: 1, max: 4 }), plain: fc.integer({ min: 2, max: 6 }),
        firstRows: fc.integer({ min: 0, max: 3 }), percent: fc.constantFrom(0, 30, 100), qa: fc.constantFrom('all', 'disagreements'),
        steps: fc.array(fc.record({ who: fc.nat(LABELERS.length + REVIEWERS.length - 1), act: fc.constantFrom('submit', 'submit', 'skip', 'qa', 'lapse'), answer: fc.constantFrom(0, 1) }), { minLength: 10, maxLength: 40 }),
      }),
      async (c) => {
        const env = await createTestEnv();
        try {
          const goldRows: NewRow[] = Array.from({ length: c.gold }, (_, i) => ({ externalId: `gold-${i}`, data: { text: `gold ${i}` }, gold: pos }));
          const w = await workProject(env, {
            rows: [...goldRows, ...plainRows(c.plain)], settings: { qa: c.qa, gold: { firstRows: c.firstRows, percent: c.percent } },
            people: [...LABELERS.map((name) => ({ name, roles: ['annotator' as const] })), ...REVIEWERS.map((name) => ({ name, roles: ['reviewer' as const] }))],
          });
          const gold = new Set(w.rowIds.slice(0, c.gold));
          const shapes = { gold: new Set<string>(), plain: new Set<string>() };
          const submits = { gold: new Set<string>(), plain: new Set<string>() };
          // A labeler's gold claim left past its lease: their next ask hands the same claim back.
          const lapsedGold = new Map<number, number>();
          for (const s of c.steps as Step[]) {
            const labeler = s.who < LABELERS.length;
            const client = w.c[labeler ? LABELERS[s.who] : REVIEWERS[s.who - LABELERS.length]];
            const t = await client.post(`/api/projects/${w.id}/next`, { role: labeler ? 'label' : 'qa' });
            expect(t.status).toBe(200);
            if (lapsedGold.has(s.who)) expect(t.body.assignment?.id).toBe(lapsedGold.get(s.who));
            lapsedGold.delete(s.who);
            if (!t.body.assignment) continue;
            const isGold = gold.has(t.body.row.id);
            if (!labeler) {
              // QA never sees a gold row, and both labels it compares are of this row.
              expect(isGold).toBe(false);
              expect(t.body.labels).toHaveLength(2);
              await client.post(`/api/assignments/${t.body.assignment.id}/resolve`, { action: 'accept', answer: t.body.labels[0].answer, clientSubmissionId: csid(), activeMs: 1000 });
              continue;
            }
            shapes[isGold ? 'gold' : 'plain'].add(JSON.stringify(shape(t.body)));
            if (s.act === 'skip') { await client.post(`/api/assignments/${t.body.assignment.id}/release`, {}); continue; }
            if (s.act === 'lapse') {
              env.clock.now += 31 * 60_000;
              if (isGold) lapsedGold.set(s.who, t.body.assignment.id);
              continue;
            }
            const r = await client.post(`/api/assignments/${t.body.assignment.id}/submit`, { answer: s.answer ? pos : neg, clientSubmissionId: csid(), activeMs: 1000 });
            expect(r.status).toBe(200);
            submits[isGold ? 'gold' : 'plain'].add(JSON.stringify(shape(r.body)));
          }
          const db = env.deps.db;
          // Indistinguishable: every gold response has a shape some ordinary one has.
          for (const seen of [shapes, submits]) for (const x of seen.gold) if (seen.plain.size) expect(seen.plain).toContain(x);
          const ids = [...gold];
          const rows = await db.selectFrom('rows').selectAll().where('id', 'in', ids).execute();
          for (const r of rows) expect(r).toMatchObject({ state: 'gold', labels_taken: 0, labels_done: 0, qa_taken: 0, final_id: null, agreement_json: null });
          expect(await db.selectFrom('finals').select('id').where('row_id', 'in', ids).execute()).toEqual([]);
          expect(await db.selectFrom('assignments').select('id').where('row_id', 'in', ids).where('kind', '=', 'qa').execute()).toEqual([]);
          const held = await db.selectFrom('assignments').select(['row_id', 'user_id']).where('row_id', 'in', ids).execute();
          expect(new Set(held.map((h) => `${h.row_id}:${h.user_id}`)).size).toBe(held.length);
          // Every gold answer is scored; every ordinary row counts only its own round's labels (at most two).
          const goldAnswers = await db.selectFrom('answers').select('id').where('row_id', 'in', ids).execute();
          expect((await db.selectFrom('gold_answers').select('answer_id').where('row_id', 'in', ids).execute()).length).toBe(goldAnswers.length);
          for (const r of await db.selectFrom('rows').selectAll().where('project_id', '=', w.id).where('id', 'not in', ids).execute()) {
            const labels = await db.selectFrom('answers').select('id').where('row_id', '=', r.id).where('round', '=', r.round).where('kind', '=', 'label').execute();
            expect(labels.length).toBe(Number(r.labels_done));
            expect(labels.length).toBeLessThanOrEqual(2);
          }
          // Exports of labels and the dashboard hold no gold row.
          for (const state of ['all', 'final']) {
            const text = await (await w.lead.raw(`/api/projects/${w.id}/exports?format=jsonl&state=${state}`)).text();
            expect(text).not.toContain('gold-');
          }
          const d = (await w.lead.get(`/api/projects/${w.id}/dashboard`)).body;
          expect(d.rows).toBe(c.plain);
          const paired = await db.selectFrom('rows').select('id').where('project_id', '=', w.id).where('labels_done', '=', 2).execute();
          expect(d.agreement[0].rows).toBe(paired.length);
        } finally {
          await env.close();
        }
      },
    ), { numRuns: Number(process.env.GOLD_RUNS ?? 3) });
  }, 600_000);
});

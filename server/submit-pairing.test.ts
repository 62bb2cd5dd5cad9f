import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from './test/harness.js';
import { workProject, plainRows, csid } from './test/workflow-kit.js';
import { PAIR_INSIDE_MAX_CHARS } from './services/workflow/label.js';

let env: TestEnv;
beforeEach(async () => { env = await createTestEnv(); });
afterEach(async () => { await env.close(); });

const schema = [{ id: 'ideal', type: 'text', title: 'Ideal answer', config: { field: 'text', maxLength: 40_000 } }];
const people = [{ name: 'bob', roles: ['annotator' as const] }, { name: 'cat', roles: ['annotator' as const] }];
const words = (n: number, w: string) => Array.from({ length: n }, (_, i) => (i % 7 ? 'word' : w)).join(' ');

/**
 * The second label of a round is paired with the first (agreement, consensus) inside the submit when the
 * answers are small, and with no transaction open when they are long: either way the row moves on with
 * the agreement of the two labels actually stored.
 */
describe('the second label is paired with the first', () => {
  for (const [what, chars] of [['short answers', 40], ['long answers', PAIR_INSIDE_MAX_CHARS]] as const) {
    it(`${what}: agreement of the two stored labels, row to QA, the first label's text untouched`, async () => {
      const w = await workProject(env, { people, rows: plainRows(1), schema });
      const a = (await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' })).body.assignment.id;
      const b = (await w.c.cat.post(`/api/projects/${w.id}/next`, { role: 'label' })).body.assignment.id;
      const first = { ideal: { text: words(chars / 5, 'alpha') } };
      const second = { ideal: { text: words(chars / 5, 'omega') } };
      expect((await w.c.bob.post(`/api/assignments/${a}/submit`, { answer: first, clientSubmissionId: csid() })).status).toBe(200);
      const s = await w.c.cat.post(`/api/assignments/${b}/submit`, { answer: second, clientSubmissionId: csid() });
      expect(s.status).toBe(200);
      const row = await env.deps.db.selectFrom('rows').select(['state', 'labels_done', 'agreement_json', 'agree']).where('id', '=', w.rowIds[0]).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ state: 'qa', labels_done: 2, agree: 0 });
      const score = JSON.parse(row.agreement_json!).questions.ideal.score as number;
      // Six words in seven are the same: similar, not equal.
      expect(score).toBeGreaterThan(0.5);
      expect(score).toBeLessThan(1);
      const answers = await env.deps.db.selectFrom('answers').select(['answer_json']).where('row_id', '=', w.rowIds[0]).orderBy('id').execute();
      expect(answers.map((x) => JSON.parse(x.answer_json))).toEqual([first, second]);
    });
  }

  it('both labels of a row submitted at the same moment: both stored, the row paired once', async () => {
    const w = await workProject(env, { people, rows: plainRows(4), schema });
    for (let i = 0; i < 4; i++) {
      const a = (await w.c.bob.post(`/api/projects/${w.id}/next`, { role: 'label' })).body.assignment.id;
      const b = (await w.c.cat.post(`/api/projects/${w.id}/next`, { role: 'label' })).body.assignment.id;
      const [x, y] = await Promise.all([
        w.c.bob.post(`/api/assignments/${a}/submit`, { answer: { ideal: { text: 'the same words' } }, clientSubmissionId: csid() }),
        w.c.cat.post(`/api/assignments/${b}/submit`, { answer: { ideal: { text: 'other words here' } }, clientSubmissionId: csid() }),
      ]);
      expect([x.status, y.status]).toEqual([200, 200]);
    }
    const rows = await env.deps.db.selectFrom('rows').select(['state', 'labels_done']).where('project_id', '=', w.id).execute();
    expect(rows).toEqual(Array.from({ length: 4 }, () => ({ state: 'qa', labels_done: 2 })));
  });
});

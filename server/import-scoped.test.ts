import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { giveRow } from './test/fixtures-final.js';
import { insertRows } from './repos/rows.js';
import { labelStudioTaskToRow } from './services/import/labelstudio.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { llmAnswer, llmData, llmSchema } from './test/llm-eval.js';

// Imports of questions asked per turn and per response: Triad JSONL and Label Studio exports come back
// as the same answers (Label Studio results named `<question>_<item>`), and a prelabel for a turn or
// response the row does not have is reported with its line and field rather than kept.

let env: TestEnv;
let lead: Client;
beforeEach(async () => {
  env = await createTestEnv();
  await env.user('lead@x.org');
  lead = await env.login('lead@x.org');
});
afterEach(async () => env.close());

const project = async () => (await lead.post('/api/projects', { name: 'P', schema: llmSchema })).body.project.id as number;
const send = async (pid: number, body: string, q = 'format=jsonl') => {
  const r = await lead.raw(`/api/projects/${pid}/imports?${q}`, { method: 'POST', body });
  return { status: r.status, body: await r.json() as any };
};
const prelabelsOf = async (pid: number) => (await env.deps.db.selectFrom('rows').select(['external_id', 'prelabels_json']).where('project_id', '=', pid).orderBy('id').execute())
  .map((r) => [r.external_id, r.prelabels_json && JSON.parse(r.prelabels_json)]);

describe('re-importing exports of scoped answers', () => {
  it('Triad JSONL and Label Studio exports import into an empty project with the finals as prelabels, and into their own unchanged', async () => {
    const [u1, u2, u3] = [await env.user('l1@x.org'), await env.user('l2@x.org'), await env.user('qa@x.org')];
    const pid = await project();
    const finals = [llmAnswer(), llmAnswer({ safety: { 2: 'safe', 4: 'safe' }, harm: {}, rubric: { 2: [1, 2], 4: [5, 5] }, likert: [1, 2, 3, 7] })];
    const model = { safety: { items: { 2: { labels: ['unsafe'] } } } };
    const ids = await insertRows(env.deps.db, pid, [
      { externalId: 'c1', data: llmData(1) }, { externalId: 'c2', data: llmData(2) }, { externalId: 'c3', data: llmData(3), prelabels: model },
    ], env.clock.now);
    for (const [i, answer] of finals.entries()) {
      await giveRow(env.deps.db, { projectId: pid, rowId: ids[i], labels: [{ userId: u1, answer }, { userId: u2, answer }], qa: { userId: u3, answer }, final: { answer } });
    }
    for (const format of ['jsonl', 'labelstudio'] as const) {
      const file = await (await lead.raw(`/api/projects/${pid}/exports?format=${format}&state=all`)).text();
      if (format === 'labelstudio') {
        const names = JSON.parse(file)[0].annotations[0].result.map((r: any) => r.from_name);
        expect(names).toEqual(expect.arrayContaining(['rubric_2_helpful', 'rubric_4_correct', 'safety_4', 'harm_4', 'likert_3_quality']));
      }
      const fresh = await project();
      const into = await send(fresh, file, `format=${format}`);
      expect(into.status, JSON.stringify(into.body).slice(0, 400)).toBe(200);
      expect(await prelabelsOf(fresh), format).toEqual([['c1', finals[0]], ['c2', finals[1]], ['c3', model]]);
      const again = await send(pid, file, `format=${format}`);
      expect(again.body.report, format).toMatchObject({ imported: 0, updated: 0, unchanged: 3, skipped: [] });
    }
  });
});

describe('prelabels for turns and responses', () => {
  it('takes per-item prelabels and reports one for a turn or response the row does not have, by line and field', async () => {
    const pid = await project();
    const good = { id: 'ok', data: llmData(), prelabels: { rubric: llmAnswer().rubric, likert: llmAnswer().likert } };
    const userTurn = { id: 'u', data: llmData(), prelabels: { safety: { items: { 1: { labels: ['safe'] }, 2: { labels: ['safe'] } } } } };
    const fifth = { id: 'f', data: llmData(), prelabels: { likert: { items: { 4: { scores: { quality: 3 }, rationale: '' } } } } };
    const body = [good, userTurn, fifth].map((x) => JSON.stringify(x)).join('\n');
    const r = await send(pid, body);
    expect(r.status).toBe(400);
    expect(r.body.error.details.errors).toEqual([
      { line: 2, field: 'prelabels.safety.items.1', message: 'message 1 of "conversation" is not an assistant turn (items are message indexes from 0; its assistant turns are 2, 4)' },
      { line: 3, field: 'prelabels.likert.items.4', message: '"responses" has no response 4 (items are response indexes from 0; this row has 0–3)' },
    ]);
    const valid = await send(pid, body, 'format=jsonl&mode=valid');
    expect(valid.body.report).toMatchObject({ imported: 1 });
    expect(await prelabelsOf(pid)).toEqual([['ok', good.prelabels]]);
  });
});

describe('Label Studio results of scoped questions (pure)', () => {
  const schema = schemaSchema.parse(llmSchema);
  const task = (result: unknown[]) => ({ id: 7, data: llmData(), annotations: [{ result }] });
  it('reads <question>_<item> results into items, and names results that say nothing of which turn', () => {
    const r = labelStudioTaskToRow(task([
      { from_name: 'safety_4', to_name: 'conversation', type: 'choices', value: { choices: ['unsafe'] } },
      { from_name: 'rubric_2_helpful', to_name: 'conversation', type: 'rating', value: { rating: 4 } },
      { from_name: 'rubric_2_rationale', to_name: 'conversation', type: 'textarea', value: { text: ['clear'] } },
      { from_name: 'safety', to_name: 'conversation', type: 'choices', value: { choices: ['safe'] } },
      { from_name: 'rubric_x', to_name: 'conversation', type: 'rating', value: { rating: 2 } },
    ]), schema);
    expect(r.issues).toEqual([]);
    expect(r.value!.prelabels).toEqual({
      safety: { items: { 4: { labels: ['unsafe'] } } },
      // A criterion without a result is left out, as for a question asked once.
      rubric: { items: { 2: { scores: { helpful: 4 }, rationale: 'clear' } } },
    });
    expect(r.warnings.filter((w) => w.kind === 'skipped')).toEqual([
      { field: 'annotations.0.result.3', kind: 'skipped', message: '"safety" is asked per turn: its results are named safety_<item> (the message index), so this "choices" result says nothing of which turn: left out' },
      { field: 'annotations.0.result.4', kind: 'skipped', message: 'a "rating" result "rubric_x" is no part of rating question "rubric" that Triad reads: left out' },
    ]);
  });
});

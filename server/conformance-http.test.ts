import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_TYPES, type AnyTaskModule } from '@shared/tasks/types.js';
import { taskInterop, taskModule } from '@shared/tasks/registry.js';
import type { FieldKind } from '@shared/tasks/interop.js';
import type { ProjectSchema } from '@shared/tasks/question.js';
import { answerArbitraries, sampleConfigs } from '@shared/tasks/arbitraries.js';
import { lsResultsToPrelabels } from '@shared/tasks/labelstudio-import.js';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { csid } from './test/workflow-kit.js';

// Every registered task type, with each of its sample configs, through every generic path of the HTTP API:
// a project asking one question of that type, a JSONL import with data for the fields the type reads
// (uploaded media for media fields), two labelers, QA accepting, the exports (JSONL, the type's own
// formats, Label Studio) and the dashboard. Nothing here names a type: a new type in the registry is
// covered by this file as it stands, and fails it if a generic path cannot carry its answers.

const IMAGE = fs.readFileSync(fileURLToPath(new URL('./seed/media/street-01.png', import.meta.url)));
const AUDIO = fs.readFileSync(fileURLToPath(new URL('./seed/media/speech-01.wav', import.meta.url)));
const QID = 'q1';

const cases = TASK_TYPES.flatMap((type) =>
  (sampleConfigs[type] as unknown[]).map((config, i) => ({ name: `${type} (sample config ${i + 1}) through the HTTP API`, type, config })));

let env: TestEnv;
let lead: Client;
let ann: Client;
let bob: Client;
let rex: Client;

beforeAll(async () => {
  env = await createTestEnv();
  await env.user('lead@conf.test', { name: 'Lead' });
  for (const name of ['ann', 'bob', 'rex']) await env.user(`${name}@conf.test`, { name });
  [lead, ann, bob, rex] = await Promise.all(['lead', 'ann', 'bob', 'rex'].map((n) => env.login(`${n}@conf.test`)));
});
afterAll(async () => env.close());

async function upload(pid: number, body: Buffer, name: string, type: string): Promise<string> {
  const r = await lead.raw(`/api/projects/${pid}/media?name=${name}`, { method: 'POST', body, headers: { 'content-type': type } });
  expect(r.status, await r.clone().text()).toBe(201);
  return ((await r.json()) as { media: { url: string } }).media.url;
}

/** A value a data field of this kind accepts at import, as a row would hold it. */
async function valueFor(kind: FieldKind, pid: number, row: number): Promise<unknown> {
  switch (kind.kind) {
    case 'string':
    case 'text-or-conversation':
      return `Row ${row}: Maria Keller met the Acme council in Berlin on Tuesday to discuss the river report.`;
    case 'string[]':
      // Generated answers may point at up to six items (a ranking's order), whatever the minimum is.
      return Array.from({ length: Math.max(kind.min, 6) }, (_, i) => `Item ${i + 1} of row ${row}: a short answer with some words.`);
    case 'conversation':
      return [{ role: 'user', content: `Question of row ${row}?` }, { role: 'assistant', content: 'An answer in two sentences. Here is the second.' }];
    case 'image':
      return upload(pid, IMAGE, 'street.png', 'image/png');
    case 'audio':
      return upload(pid, AUDIO, 'speech.wav', 'audio/wav');
    default:
      return kind satisfies never;
  }
}

/**
 * Three complete answers drawn from the type's generator (fixed seed): the first given by both labelers
 * of one row, the other two by the two labelers of the other row.
 */
function answersFor(m: AnyTaskModule, type: (typeof TASK_TYPES)[number], config: unknown, data: Record<string, unknown>): unknown[] {
  const drawn = fc.sample(answerArbitraries[type](config), { numRuns: 300, seed: 14 });
  const complete = drawn.filter((a) => m.isComplete(a, config, data));
  const distinct = [...new Map(complete.map((a) => [JSON.stringify(a), a])).values()];
  expect(distinct.length, 'the generator gives at least three different complete answers').toBeGreaterThanOrEqual(3);
  return distinct.slice(0, 3);
}

/** Numbers to 6 decimals: Label Studio holds boxes in percent, which may move the last bits. */
const rounded = (x: unknown): unknown => JSON.parse(JSON.stringify(x), (_k, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v));

/**
 * A question's answer read from Label Studio results by the type's reader (undefined: none). Without the
 * row's data: generated answers are not tied to the row's text (a generated entity span holds any text),
 * which the reader would rightly refuse; the import tests cover the readers' checks against the data.
 */
function lsRead(schema: ProjectSchema, results: unknown[]): unknown {
  const read = lsResultsToPrelabels(results as never[], schema, {}, 'annotations.0.result');
  expect(read.issues).toEqual([]);
  return read.prelabels[QID];
}

/** A whole export body, checked to be what its content type says. */
async function exportOf(pid: number, format: string): Promise<{ type: string; body: Buffer }> {
  const r = await lead.raw(`/api/projects/${pid}/exports?format=${format}`);
  const body = Buffer.from(await r.arrayBuffer());
  expect(r.status, `${format}: ${body.toString('utf8', 0, 500)}`).toBe(200);
  const type = r.headers.get('content-type') ?? '';
  const text = body.toString('utf8');
  if (type.startsWith('application/json')) expect(() => JSON.parse(text), format).not.toThrow();
  else if (type.startsWith('application/x-ndjson')) for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line), `${format}: ${line.slice(0, 200)}`).not.toThrow();
  else if (type === 'application/zip') expect(body.subarray(0, 2).toString('latin1'), format).toBe('PK');
  else expect(text.length, format).toBeGreaterThan(0);
  return { type, body };
}

for (const { name, type, config } of cases) describe(name, () => {
  const m = taskModule(type);
  const io = taskInterop(type);

  it('imports, is labeled twice, passes QA, exports in every format it has, and counts on the dashboard', async () => {
    const schema = [{ id: QID, type, title: `A ${m.title} question`, config }] as ProjectSchema;
    const created = await lead.post('/api/projects', { name: `Conformance ${type}`, schema });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const pid = created.body.project.id as number;
    for (const [name, role] of [['ann', 'annotator'], ['bob', 'annotator'], ['rex', 'reviewer']]) {
      expect((await lead.post(`/api/projects/${pid}/members`, { email: `${name}@conf.test`, roles: [role] })).status).toBe(201);
    }

    // Import: two rows with data for every field the type reads, each checked against its kind.
    const fields = io.dataFields(config);
    const data: Record<string, Record<string, unknown>> = {};
    for (const id of ['r1', 'r2']) {
      data[id] = {};
      for (const f of fields) data[id][f.field] = await valueFor(f.type, pid, Number(id.slice(1)));
    }
    const lines = ['r1', 'r2'].map((id) => JSON.stringify({ id, data: data[id] })).join('\n');
    const imported = await lead.raw(`/api/projects/${pid}/imports?format=jsonl`, { method: 'POST', body: lines, headers: { 'content-type': 'application/x-ndjson' } });
    const report = (await imported.json()) as { report: { imported: number } };
    expect(imported.status, JSON.stringify(report)).toBe(200);
    expect(report.report.imported).toBe(2);

    const [same, first, second] = answersFor(m, type, config, data.r1);
    const given: Record<string, [unknown, unknown]> = { r1: [same, same], r2: [first, second] };

    // Labeling: the second labeler is handed the row the first one holds, and both submit.
    for (let k = 0; k < 2; k++) {
      const a = await ann.post(`/api/projects/${pid}/next`, { role: 'label' });
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      const b = await bob.post(`/api/projects/${pid}/next`, { role: 'label' });
      const row = a.body.row.externalId as string;
      expect(b.body.row.externalId).toBe(row);
      expect(a.body.row.data).toEqual(data[row]);
      for (const [c, claim, answer] of [[ann, a, given[row][0]], [bob, b, given[row][1]]] as const) {
        const s = await c.post(`/api/assignments/${claim.body.assignment.id}/submit`, { answer: { [QID]: answer }, clientSubmissionId: csid() });
        expect(s.status, JSON.stringify(s.body)).toBe(200);
      }
    }

    // QA: both labels and their agreement are shown; the reviewer accepts the second labeler's answer.
    const finals: Record<string, unknown> = {};
    const agrees: Record<string, boolean> = {};
    for (let k = 0; k < 2; k++) {
      const q = await rex.post(`/api/projects/${pid}/next`, { role: 'qa' });
      expect(q.body.assignment?.kind, JSON.stringify(q.body)).toBe('qa');
      const row = q.body.row.externalId as string;
      const [l1, l2] = given[row];
      expect(q.body.labels.map((l: { answer: Record<string, unknown> }) => l.answer[QID])).toEqual([l1, l2]);
      agrees[row] = m.agreement(l1, l2, config).agree;
      expect(q.body.agreement[QID].agree).toBe(agrees[row]);
      const r = await rex.post(`/api/assignments/${q.body.assignment.id}/resolve`, { action: 'accept', answer: { [QID]: l2 }, clientSubmissionId: csid(), reason: { reason: 'Guideline misread' } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      finals[row] = l2;
    }
    expect((await rex.post(`/api/projects/${pid}/next`, { role: 'qa' })).body.assignment).toBeNull();

    // JSONL: every row final, holding the accepted answer as it was given.
    const jsonl = (await exportOf(pid, 'jsonl')).body.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(jsonl.map((r) => r.external_id).sort()).toEqual(['r1', 'r2']);
    for (const r of jsonl) {
      expect(r.state).toBe('final');
      expect(r.data).toEqual(data[r.external_id]);
      expect(r.final[QID]).toEqual(finals[r.external_id]);
      expect(r.agreement[QID].agree).toBe(agrees[r.external_id]);
    }

    // The type's own formats: each answers with a well-formed file.
    for (const format of io.formats) await exportOf(pid, format);

    // Label Studio: each task carries the row's data, and its results read back through the type's reader
    // as the final written by the type's writer reads back.
    const tasks = JSON.parse((await exportOf(pid, 'labelstudio')).body.toString('utf8')) as Array<{ data: unknown; meta: { external_id: string }; annotations: Array<{ result: unknown[] }> }>;
    expect(tasks).toHaveLength(2);
    for (const t of tasks) {
      const final = finals[t.meta.external_id];
      expect(t.data).toEqual(data[t.meta.external_id]);
      expect(t.annotations).toHaveLength(1);
      const item = { rowId: '1', externalId: t.meta.external_id, data: data[t.meta.external_id], config, questionId: QID, answer: final };
      const back = lsRead(schema, t.annotations[0].result) ?? m.empty(config);
      expect(rounded(back)).toEqual(rounded(lsRead(schema, io.labelStudio.write(item)) ?? m.empty(config)));
      expect(m.answer(config).safeParse(back).success, JSON.stringify(back)).toBe(true);
    }

    // Dashboard: both rows final, the question's agreement over both label pairs.
    const d = await lead.get(`/api/projects/${pid}/dashboard`);
    expect(d.status).toBe(200);
    expect(d.body.rows).toBe(2);
    expect(d.body.byState).toMatchObject({ final: 2, labeling: 0, qa: 0 });
    const ag = d.body.agreement.find((a: { questionId: string }) => a.questionId === QID);
    expect(ag).toMatchObject({ type, rows: 2 });
    expect(ag.pairAgreeRate).toBeCloseTo(Object.values(agrees).filter(Boolean).length / 2, 12);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from './test-fixtures/path.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, simpleSchema, type Client, type TestEnv } from './test/harness.js';
import { jsonArrayItems, jsonlItems, lines } from './services/import/sources.js';
import { labelStudioTaskToRow } from './services/import/labelstudio.js';
import { makeRowValidator } from './services/import/validate.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { DEFAULT_SETTINGS } from '@shared/project.js';

// Real files other tools wrote, copied into server/test-fixtures/ (origins and licenses in its README).
const FIX = path.join(FIXTURES_DIR, 'label-studio');
const fixture = (p: string) => fs.readFileSync(path.join(FIX, p), 'utf8');

async function collect<T>(g: AsyncIterable<T>): Promise<T[]> { const out: T[] = []; for await (const x of g) out.push(x); return out; }
async function* chunked(s: string, size: number) { for (let i = 0; i < s.length; i += size) yield Buffer.from(s.slice(i, i + size)); }

describe('import sources (pure)', () => {
  it('splits lines across chunk borders, CRLF and a last line without newline', async () => {
    const got = await collect(lines(chunked('a\r\nbb\n\nccc', 2)));
    expect(got).toEqual([{ line: 1, text: 'a' }, { line: 2, text: 'bb' }, { line: 3, text: '' }, { line: 4, text: 'ccc' }]);
  });
  it('streams a JSON array element by element with the line each starts on', async () => {
    const text = '[\n  {"a": "x]}\\"", "b": [1, {"c": 2}]},\n  {"a": 2}\n]';
    for (const size of [1, 3, 1000]) {
      const got = await collect(jsonArrayItems(chunked(text, size)));
      expect(got).toEqual([{ line: 2, value: { a: 'x]}"', b: [1, { c: 2 }] } }, { line: 3, value: { a: 2 } }]);
    }
  });
  it('reads a single JSON object file as one item and reports a cut-short array', async () => {
    expect(await collect(jsonArrayItems(chunked('{"data": {}}', 4)))).toEqual([{ line: 1, value: { data: {} } }]);
    const cut = await collect(jsonArrayItems(chunked('[{"a":1},{"a":', 4)));
    expect(cut[0]).toEqual({ line: 1, value: { a: 1 } });
    expect(cut.at(-1)!.error!.message).toMatch(/not closed/);
  });
  it('reports a JSONL line that is not JSON with its line number', async () => {
    const got = await collect(jsonlItems(chunked('{"a":1}\n{oops\n', 5)));
    expect(got[1].line).toBe(2);
    expect(got[1].error!.message).toMatch(/not valid JSON/);
  });
});

const bboxSchema = schemaSchema.parse([{ id: 'label', type: 'bbox', title: 'Boxes', config: { field: 'image', labels: ['parasites', 'white', 'Car'] } }]);

describe('Label Studio tasks → rows (pure)', () => {
  it('turns rectangle labels in percent into pixel boxes, from the newest of two annotations (test_export_yolo)', () => {
    const tasks = JSON.parse(fixture('sdk_converter_tests/test_export_yolo/data.json'));
    const r = labelStudioTaskToRow(tasks[0], bboxSchema);
    expect(r.issues).toEqual([]);
    expect(r.value!.external_id).toBe('1');
    const a = (r.value!.prelabels as any).label;
    expect(a.width).toBe(2800);
    expect(a.height).toBe(2800);
    expect(a.boxes).toHaveLength(2);
    expect(a.boxes[0].label).toBe('parasites');
    // annotations.1 was updated at 21:05:03, annotations.0 at 21:04:40.
    expect(a.boxes[0].x).toBeCloseTo(0.3788706739526412 * 2800, 6);
    expect(r.warnings).toEqual([{ field: 'annotations.1', kind: 'chosen', message: 'prelabels from annotations.1 (the newest of 2 annotations, 2022-12-27T21:05:03.127871Z)' }]);
  });
  it('borrows the image size of a prediction from the annotations (csv_test.json)', () => {
    const tasks = JSON.parse(fixture('sdk_converter_tests/test_export_csv/csv_test.json'));
    const r = labelStudioTaskToRow(tasks[0], bboxSchema, { annotations: 'ignore' });
    expect(r.issues).toEqual([]);
    const a = (r.value!.prelabels as any).label;
    expect([a.width, a.height]).toEqual([768, 576]);
    // Annotations left out: the prediction (x = 3.63 %) is used, not the annotation (x = 4.857 %).
    expect(a.boxes[0].x).toBeCloseTo(0.0363 * 768, 6);
    expect(r.warnings.map((w) => w.message)).toEqual(['1 annotation not imported (annotations=ignore)', 'prelabels from predictions.0 (the only prediction, model_version "model 0")']);
    // By default the annotation, people's work, wins over the prediction, and the report says so.
    const def = labelStudioTaskToRow(tasks[0], bboxSchema);
    expect((def.value!.prelabels as any).label.boxes[0].x).toBeCloseTo(0.04857412088705009 * 768, 6);
    expect(def.warnings[0].message).toBe("prelabels from annotations.0 (the only annotation); 1 prediction not used (an annotation is people's work)");
  });
  it('reads the legacy `completions` layout as NER prelabels (348.json)', () => {
    const schema = schemaSchema.parse([{ id: 'ner', type: 'ner', title: 'Entities', config: { field: 'text', labels: ['INGREDIENT', 'PERSON'] } }]);
    const task = JSON.parse(fixture('legacy_converter_ner/348.json'));
    const r = labelStudioTaskToRow(task, schema);
    const spans = (r.value!.prelabels as any).ner.spans;
    expect(spans[0]).toEqual({ start: 121, end: 155, label: 'INGREDIENT', text: 'Sodium Lauroyl Methyl Isethionate,' });
    expect(task.data.text.slice(121, 155)).toBe(spans[0].text);
    const v = makeRowValidator(schema, DEFAULT_SETTINGS)(r.value);
    expect(v.issues).toEqual([]);
  });
});

describe('row validation (pure)', () => {
  const schema = schemaSchema.parse(simpleSchema);
  const validate = makeRowValidator(schema, { ...DEFAULT_SETTINGS, expertiseRules: [{ field: 'domain', equals: 'finance', domain: 'finance' }] });
  it('accepts nested and flat rows, applies expertise rules', () => {
    expect(validate({ id: 7, data: { text: 'hi', domain: 'finance' } }).row).toMatchObject({ externalId: '7', data: { text: 'hi', domain: 'finance' }, expertise: ['finance'] });
    expect(validate({ external_id: 'x', text: 'hi', expertise: ['cs'] }).row).toMatchObject({ externalId: 'x', data: { text: 'hi' }, expertise: ['cs'] });
  });
  it('names the field of every problem', () => {
    const r = validate({ data: { text: 3 }, prelabels: { sentiment: { labels: ['meh'] }, nope: {} }, expertise: ['Not OK!'], priority: 1.5 });
    const fields = r.issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['data.text', 'prelabels.sentiment.labels.0', 'prelabels.nope', 'expertise.0', 'priority']));
    expect(r.issues.find((i) => i.field === 'prelabels.sentiment.labels.0')!.message).toMatch(/unknown label "meh"/);
    expect(validate({ data: {} }).issues[0]).toEqual({ field: 'data.text', message: 'missing: question "sentiment" reads this field' });
  });
});

describe('POST /api/projects/:id/imports', () => {
  let env: TestEnv;
  let lead: Client;
  let pid: number;
  beforeEach(async () => {
    env = await createTestEnv();
    await env.user('lead@x.org');
    lead = await env.login('lead@x.org');
    pid = (await lead.post('/api/projects', { name: 'P', schema: simpleSchema, settings: { expertiseRules: [{ field: 'domain', equals: 'finance', domain: 'finance' }] } })).body.project.id;
  });
  afterEach(async () => env.close());

  const send = (body: string, q = 'format=jsonl', c: Client = lead) =>
    c.raw(`/api/projects/${pid}/imports?${q}`, { method: 'POST', body, headers: { 'content-type': 'application/x-ndjson' } });
  const count = async () => Number((await env.deps.db.selectFrom('rows').select((eb) => eb.fn.countAll().as('n')).where('project_id', '=', pid).executeTakeFirstOrThrow()).n);

  it('imports JSONL, maintains row_needs, and re-import changes nothing twice', async () => {
    const file = [
      { id: 'a', data: { text: 'one', domain: 'finance' }, prelabels: { sentiment: { labels: ['pos'] } }, priority: 2 },
      { id: 'b', data: { text: 'two' } },
      { text: 'flat three', external_id: 'c', expertise: ['cs'] },
    ].map((r) => JSON.stringify(r)).join('\n') + '\n';
    const r = await send(file);
    expect(r.status).toBe(200);
    expect((await r.json() as any).report).toMatchObject({ total: 3, imported: 3, updated: 0, unchanged: 0, errors: [], skipped: [], committed: true });
    const rows = await env.deps.db.selectFrom('rows').selectAll().where('project_id', '=', pid).orderBy('id').execute();
    expect(rows.map((x) => x.external_id)).toEqual(['a', 'b', 'c']);
    expect(JSON.parse(rows[0].prelabels_json!)).toEqual({ sentiment: { labels: ['pos'] } });
    expect(rows[0].priority).toBe(2);
    const needs = await env.deps.db.selectFrom('row_needs').select(['row_id', 'domain']).orderBy('domain').execute();
    expect(needs.map((n) => n.domain)).toEqual(['cs', 'finance']);

    const again = await (await send(file)).json() as any;
    expect(again.report).toMatchObject({ imported: 0, updated: 0, unchanged: 3 });
    expect(await count()).toBe(3);

    // A changed line updates a row nobody started; a started row keeps its data and is listed.
    await env.deps.db.updateTable('rows').set({ labels_taken: 1 }).where('external_id', '=', 'b').execute();
    const changed = file.replace('"one"', '"ONE"').replace('"two"', '"TWO"');
    const third = (await (await send(changed)).json() as any).report;
    expect(third).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
    expect(third.skipped).toEqual([{ line: 2, externalId: 'b', reason: 'started', message: expect.stringMatching(/already being labeled/) }]);
    const after = await env.deps.db.selectFrom('rows').select(['external_id', 'data_json']).where('project_id', '=', pid).orderBy('id').execute();
    expect(JSON.parse(after[0].data_json).text).toBe('ONE');
    expect(JSON.parse(after[1].data_json).text).toBe('two');
  });

  it('mode=all writes nothing when a line is bad and reports every bad line with its field', async () => {
    const file = [
      JSON.stringify({ id: 'a', data: { text: 'ok' } }),
      JSON.stringify({ id: 'b', data: { txt: 'typo' } }),
      '{not json',
      JSON.stringify({ id: 'a', data: { text: 'dup' } }),
      JSON.stringify({ id: 'e', data: { text: 'ok' }, prelabels: { sentiment: { labels: ['meh'] } } }),
    ].join('\n');
    const r = await send(file);
    expect(r.status).toBe(400);
    const body = await r.json() as any;
    expect(body.error.message).toMatch(/4 problems.*nothing imported.*line 2, data.text/);
    const rep = body.error.details;
    expect(rep.committed).toBe(false);
    expect(rep.imported).toBe(0);
    expect(rep.errors.map((e: any) => [e.line, e.field])).toEqual([[2, 'data.text'], [3, '(line)'], [4, 'external_id'], [5, 'prelabels.sentiment.labels.0']]);
    expect(await count()).toBe(0);
  });

  it('mode=all rolls back rows already written in earlier batches', async () => {
    const good = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ id: `r${i}`, data: { text: `t${i}` } }));
    good.push(JSON.stringify({ id: 'bad', data: { text: 5 } }));
    const r = await send(good.join('\n'));
    expect(r.status).toBe(400);
    expect((await r.json() as any).error.details.errors).toEqual([{ line: 1201, field: 'data.text', message: 'expected text or a conversation ([{"role": "user", "content": "…"}, …]), got number 5' }]);
    expect(await count()).toBe(0);
  });

  it('mode=valid imports the good lines and lists the skipped ones', async () => {
    const file = [JSON.stringify({ id: 'a', data: { text: 'ok' } }), JSON.stringify({ id: 'b', data: {} }), JSON.stringify({ id: 'c', text: 'ok' })].join('\n');
    const r = await send(file, 'format=jsonl&mode=valid');
    expect(r.status).toBe(200);
    const rep = (await r.json() as any).report;
    expect(rep).toMatchObject({ imported: 2, committed: true, errorCount: 1 });
    expect(rep.skipped).toEqual([{ line: 2, externalId: null, reason: 'invalid', message: 'data.text: missing: question "sentiment" reads this field' }]);
    expect(await count()).toBe(2);
  });

  it('imports CSV with prelabel columns and a JSON array', async () => {
    const csv = 'id,text,domain,prelabels.sentiment\r\n1,"hello, world",finance,"{""labels"":[""neg""]}"\r\n2,plain,,\r\n';
    const r = await send(csv, 'format=csv');
    expect(r.status).toBe(200);
    expect((await r.json() as any).report).toMatchObject({ imported: 2 });
    const rows = await env.deps.db.selectFrom('rows').selectAll().where('project_id', '=', pid).orderBy('id').execute();
    expect(JSON.parse(rows[0].data_json)).toEqual({ text: 'hello, world', domain: 'finance' });
    expect(JSON.parse(rows[0].prelabels_json!)).toEqual({ sentiment: { labels: ['neg'] } });
    expect(JSON.parse(rows[0].expertise_json)).toEqual(['finance']);
    const bad = await send('id,text\n3,\n', 'format=csv');
    expect((await bad.json() as any).error.details.errors[0]).toMatchObject({ line: 2, field: 'data.text' });
    const arr = await send(JSON.stringify([{ id: 9, data: { text: 'x' } }, { id: 10, data: { text: 'y' } }], null, 2), 'format=json');
    expect((await arr.json() as any).report).toMatchObject({ imported: 2 });
  });

  it('imports Label Studio exports with annotations as pixel-box prelabels, once the images are the project\'s', async () => {
    const p2 = (await lead.post('/api/projects', { name: 'Boxes', schema: [{ id: 'label', type: 'bbox', title: 'Boxes', config: { field: 'image', labels: ['parasites', 'white'] } }] })).body.project.id;
    const file = fixture('sdk_converter_tests/test_export_yolo/data.json');
    // The file's images (/image1, /image2) are not media of the project: refused, saying how to upload.
    const refused = await lead.raw(`/api/projects/${p2}/imports?format=labelstudio`, { method: 'POST', body: file });
    expect(refused.status).toBe(400);
    expect((await refused.json() as any).error.details.errors[0]).toEqual({
      line: 2, field: 'data.image',
      message: '"/image1" is not media of this project: upload the file (console Media tab, or POST /api/projects/<id>/media) and put the /api/media/<id> URL it returns in this field',
    });
    const sha = ['1', '2'].map((n) => n.repeat(64));
    await env.deps.db.insertInto('media').values(sha.map((id) => ({ id, mime: 'image/png', size: 1, original_name: 'x.png', width: 2800, height: 2800, duration: null, peaks_json: null, created_at: 0, project_id: p2, created_by: null }))).execute();
    await env.deps.db.insertInto('media_projects').values(sha.map((id) => ({ media_id: id, project_id: p2 }))).execute();
    const r = await lead.raw(`/api/projects/${p2}/imports?format=labelstudio`, { method: 'POST', body: file.replace('"/image1"', `"/api/media/${sha[0]}"`).replace('"/image2"', `"/api/media/${sha[1]}"`) });
    const rep = (await r.json() as any).report;
    expect(rep).toMatchObject({ total: 2, imported: 2, errors: [], warningCount: 2, warningKinds: { chosen: 2, converted: 0, skipped: 0 } });
    const rows = await env.deps.db.selectFrom('rows').selectAll().where('project_id', '=', p2).orderBy('id').execute();
    expect(JSON.parse(rows[0].data_json)).toEqual({ image: `/api/media/${sha[0]}` });
    const pre = JSON.parse(rows[1].prelabels_json!).label;
    expect(pre.boxes[0]).toMatchObject({ label: 'white' });
    expect(pre.boxes[0].x).toBeCloseTo(19.672131147540984 * 28, 6);
    expect(pre.boxes[0].h).toBeCloseTo(2.914389799635701 * 28, 6);
  });

  it('checks /api/media references and refuses a non-lead', async () => {
    const p2 = (await lead.post('/api/projects', { name: 'Img', schema: [{ id: 'b', type: 'bbox', title: 'B', config: { labels: ['car'] } }] })).body.project.id;
    const sha = 'a'.repeat(64);
    const r = await lead.raw(`/api/projects/${p2}/imports`, { method: 'POST', body: JSON.stringify({ data: { image: `/api/media/${sha}` } }) });
    expect(r.status).toBe(400);
    expect((await r.json() as any).error.details.errors[0]).toMatchObject({ line: 1, field: 'data.image', message: expect.stringMatching(/no uploaded media/) });
    await env.user('ann@x.org');
    await lead.post(`/api/projects/${pid}/members`, { email: 'ann@x.org', roles: ['annotator'] });
    const ann = await env.login('ann@x.org');
    expect((await send('{"data":{"text":"x"}}', 'format=jsonl', ann)).status).toBe(403);
    await env.user('out@x.org');
    expect((await send('{"data":{"text":"x"}}', 'format=jsonl', await env.login('out@x.org'))).status).toBe(404);
    expect((await send('{"data":{"text":"x"}}', 'format=xml')).status).toBe(400);
  });
});

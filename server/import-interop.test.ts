import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from './test-fixtures/path.js';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { giveRow } from './test/fixtures-final.js';
import { insertRows } from './repos/rows.js';
import { labelStudioTaskToRow } from './services/import/labelstudio.js';
import { pickLsSource } from './services/import/labelstudio-pick.js';
import { schemaSchema } from '@shared/tasks/question.js';

// Real Label Studio files (origins in server/test-fixtures/README.md), and tasks written in Label
// Studio's documented result shapes for the cases its fixtures lack.
const fixture = (p: string) => fs.readFileSync(path.join(FIXTURES_DIR, 'label-studio', p), 'utf8');

describe('Label Studio annotations and predictions (pure)', () => {
  const docs = () => JSON.parse(fixture('docs_task_format/task_format_example.json'));
  it('takes the annotation over the predictions and says which, or a prediction by model_version or score', () => {
    expect(pickLsSource(docs(), { annotations: 'prelabels' })).toMatchObject({
      where: 'annotations.0.result',
      warnings: [{ field: 'annotations.0', kind: 'chosen', message: "prelabels from annotations.0 (the only annotation); 2 predictions not used (an annotation is people's work)" }],
    });
    const ignored = pickLsSource(docs(), { annotations: 'ignore' });
    expect(ignored.where).toBe('predictions.0.result');
    expect(ignored.warnings.map((w) => w.message)).toEqual(['1 annotation not imported (annotations=ignore)', 'prelabels from predictions.0 (the first of 2 predictions (none has a score), model_version "model 1")']);
    expect(pickLsSource(docs(), { annotations: 'ignore', modelVersion: 'model 2' }).where).toBe('predictions.1.result');
    expect(pickLsSource(docs(), { annotations: 'ignore', modelVersion: 'model 9' }).warnings.at(-1)!.message)
      .toBe('no prediction of model_version "model 9" (the task has model_version "model 1", "model 2"): no prelabels');
    const scored = docs();
    scored.predictions[1].score = 0.9;
    scored.predictions[0].score = 0.4;
    expect(pickLsSource(scored, { annotations: 'ignore' }).warnings.at(-1)!.message).toBe('prelabels from predictions.1 (score 0.9, the highest of 2 predictions, model_version "model 2")');
  });
  it('prefers the newest non-cancelled annotation and counts the cancelled ones', () => {
    const task = JSON.parse(fixture('sdk_converter_tests/test_export_csv/csv_test_history.json'))[0];
    const newer = { ...task.annotations[0], result: [{ ...task.annotations[0].result[0], value: { choices: ['Negative'] } }], updated_at: '2024-05-16T00:00:00Z' };
    const cancelled = { ...newer, was_cancelled: true, updated_at: '2024-05-17T00:00:00Z', result: [{ ...newer.result[0], value: { choices: ['Neutral'] } }] };
    task.annotations = [task.annotations[0], cancelled, newer];
    const schema = schemaSchema.parse([{ id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['Positive', 'Negative', 'Neutral'] } }]);
    const r = labelStudioTaskToRow(task, schema);
    expect(r.value!.prelabels).toEqual({ sentiment: { labels: ['Negative'] } });
    expect(r.warnings).toEqual([{ field: 'annotations.2', kind: 'chosen', message: 'prelabels from annotations.2 (the newest of 2 annotations, 2024-05-16T00:00:00Z); 1 cancelled annotation left out' }]);
  });
});

describe('Label Studio results Triad holds differently (pure)', () => {
  const schema = schemaSchema.parse([
    { id: 'topic', type: 'classification', title: 'T', config: { field: 'text', multiple: true, labels: ['UGC', 'NY Times', 'Offline'] } },
    { id: 'quality', type: 'rating', title: 'Q', config: { field: 'text', criteria: [{ id: 'overall', title: 'Overall' }] } },
    { id: 'ents', type: 'ner', title: 'E', config: { field: 'text', labels: ['PER', 'ORG'], allowOverlap: true } },
  ]);
  const task = (result: unknown[]) => ({ id: 5, data: { text: 'Ada joined Acme.' }, annotations: [{ result }] });
  it('converts number to a rating and taxonomy leaves to labels, and reports what no question holds', () => {
    const r = labelStudioTaskToRow(task([
      { from_name: 'media', to_name: 'text', type: 'taxonomy', value: { taxonomy: [['Online', 'UGC'], ['Online', 'Paywall', 'NY Times']] } },
      { from_name: 'score', to_name: 'text', type: 'number', value: { number: 4 } },
      { from_name: 'when', to_name: 'text', type: 'datetime', value: { datetime: '2024-01-01T00:00' } },
      { from_name: 'notes', to_name: 'text', type: 'textarea', value: { text: ['looks fine'] } },
      { from_name: 'quality', to_name: 'text', type: 'choices', value: { choices: ['x'] } },
    ]), schema);
    expect(r.issues).toEqual([]);
    expect(r.value!.prelabels).toEqual({ topic: { labels: ['UGC', 'NY Times'] }, quality: { scores: { overall: 4 }, rationale: '' } });
    expect(r.warnings.slice(1)).toEqual([
      { field: 'annotations.0.result.0.value.taxonomy', kind: 'converted', message: 'taxonomy Online / UGC; Online / Paywall / NY Times → labels UGC, NY Times of "topic" (the leaf of each path)' },
      { field: 'annotations.0.result.1.value.number', kind: 'converted', message: 'number 4 → rating "quality", criterion "overall"' },
      { field: 'annotations.0.result.2', kind: 'skipped', message: 'a "datetime" result (a date or time) from "when": no Triad question type holds it, left out' },
      { field: 'annotations.0.result.3', kind: 'skipped', message: 'a "textarea" result from "notes": the project has no text question to hold it, left out' },
      { field: 'annotations.0.result.4', kind: 'skipped', message: '"quality" is a rating question here, which cannot hold a "choices" result: left out' },
    ]);
  });
  it('takes a span with several labels whole and refuses spans that do not fit the text', () => {
    const two = labelStudioTaskToRow(task([{ from_name: 'ents', to_name: 'text', type: 'labels', value: { start: 0, end: 3, text: 'Ada', labels: ['PER', 'ORG'] } }]), schema);
    expect((two.value!.prelabels as any).ents.spans).toEqual([{ start: 0, end: 3, label: 'PER', text: 'Ada' }, { start: 0, end: 3, label: 'ORG', text: 'Ada' }]);
    expect(two.warnings[1]).toMatchObject({ kind: 'converted', message: 'a region with 2 labels (PER, ORG) became 2 spans, one per label' });
    const beyond = labelStudioTaskToRow(task([{ from_name: 'ents', to_name: 'text', type: 'labels', value: { start: 11, end: 40, labels: ['ORG'] } }]), schema);
    expect(beyond.issues).toEqual([{ field: 'annotations.0.result.0.value', message: 'span 11–40 ends beyond the text (16 characters)' }]);
    const other = labelStudioTaskToRow(task([{ from_name: 'ents', to_name: 'text', type: 'labels', value: { start: 11, end: 15, text: 'Acne', labels: ['ORG'] } }]), schema);
    expect(other.issues).toEqual([{ field: 'annotations.0.result.0.value', message: 'span 11–15 "Acne" does not match the text at those offsets ("Acme")' }]);
  });
  it('turns a rotated rectangle into the box enclosing it and says so; boxes with two labels become two', () => {
    const boxes = schemaSchema.parse([{ id: 'tag', type: 'bbox', title: 'B', config: { field: 'image', labels: ['Moonwalker', 'Planet'] } }]);
    const r = labelStudioTaskToRow({ data: { image: '/api/media/x' }, annotations: [{ result: [
      { from_name: 'tag', to_name: 'img', type: 'rectanglelabels', original_width: 200, original_height: 100, value: { x: 10, y: 10, width: 50, height: 20, rotation: 90, rectanglelabels: ['Moonwalker', 'Planet'] } },
    ] }] }, boxes);
    // 100 × 20 px at (20, 10), turned 90° clockwise about its top-left corner: x from 0 to 20, y from 10 to 110.
    const b = (r.value!.prelabels as any).tag.boxes;
    expect(b).toHaveLength(2);
    for (const [k, v] of Object.entries({ x: 0, y: 10, w: 20, h: 100 })) expect(b[0][k]).toBeCloseTo(v, 9);
    expect(b.map((x: any) => x.label)).toEqual(['Moonwalker', 'Planet']);
    expect(r.warnings.filter((w) => w.kind === 'converted').map((w) => w.message)).toEqual([
      'a rectangle turned by 90°: Triad boxes are not turned, so the box enclosing it was taken (x 0, y 10, 20 × 100 px)',
      'a region with 2 labels (Moonwalker, Planet) became 2 boxes, one per label',
    ]);
  });
});

describe('imports: empty files, CSV shapes, media, round trips', () => {
  let env: TestEnv;
  let lead: Client;
  beforeEach(async () => {
    env = await createTestEnv();
    await env.user('lead@x.org');
    lead = await env.login('lead@x.org');
  });
  afterEach(async () => env.close());

  const project = async (schema: unknown) => (await lead.post('/api/projects', { name: 'P', schema })).body.project.id as number;
  const send = async (pid: number, body: string, q: string) => {
    const r = await lead.raw(`/api/projects/${pid}/imports?${q}`, { method: 'POST', body });
    return { status: r.status, body: await r.json() as any };
  };
  const textSchema = [{ id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['pos', 'neg'] } }];

  it('gives one answer for every empty file', async () => {
    const pid = await project(textSchema);
    const empty = 'the file holds no rows (it is empty, only blank lines, only a CSV header, or an empty JSON array): nothing to import';
    for (const [body, q] of [['\n\n  \n', 'format=jsonl'], ['id,text\r\n', 'format=csv'], ['[]', 'format=json'], [' \n', 'format=json'], ['[ ]\n', 'format=labelstudio'], ['\n', 'format=csv&mode=valid']]) {
      const r = await send(pid, body, q);
      expect(r.status, `${q} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body.error.details.errors, q).toEqual([{ line: 1, field: '(file)', message: empty }]);
    }
    const none = await send(pid, '', 'format=jsonl');
    expect([none.status, none.body.error.message]).toEqual([400, `${empty} (send the file as the request body)`]);
  });

  it('CSV: an unclosed quote is an error on the physical line it opened, cells must match the header, __proto__ is reported', async () => {
    const pid = await project(textSchema);
    const csv = 'id,text\n1,"two\nlines"\n2,"never closed\n3,lost\n4,lost too\n';
    const r = await send(pid, csv, 'format=csv&mode=valid');
    expect(r.body.report.imported).toBe(1);
    expect(r.body.report.errors).toEqual([{ line: 4, field: '(line)', message: expect.stringMatching(/^a quote opened in the record of line 4 is never closed: lines 4–6 \(to the end of the file\)/) }]);
    const shapes = await send(pid, 'id,text\n1\n2,a,b\n3,a,\n4,ok\n', 'format=csv&mode=valid');
    expect(shapes.body.report.errors.map((e: any) => [e.line, e.message.split(':')[0]])).toEqual([
      [2, '1 cell, but the header names 2 columns (a missing comma or cell?)'],
      [3, '3 cells, but the header names 2 columns (a comma in an unquoted cell, or a cell without a column?)'],
      [4, '3 cells, but the header names 2 columns (a comma in an unquoted cell, or a cell without a column?)'],
    ]);
    expect(shapes.body.report.imported).toBe(1);
    expect((await send(pid, 'id,text,__proto__\n1,a,b\n', 'format=csv')).body.error.details.errors[0]).toMatchObject({ line: 1, field: '(header)', message: expect.stringMatching(/^column "__proto__"/) });
  });

  it('refuses media from outside the project, saying how to upload it', async () => {
    const pid = await project([{ id: 'clip', type: 'audio', title: 'A', config: { field: 'audio', labels: ['speech'] } }]);
    const r = await send(pid, '{"data":{"audio":"http://example.org/a.wav"}}\n', 'format=jsonl');
    expect(r.body.error.details.errors).toEqual([{ line: 1, field: 'data.audio', message: '"http://example.org/a.wav" is not media of this project: upload the file (console Media tab, or POST /api/projects/<id>/media) and put the /api/media/<id> URL it returns in this field' }]);
  });

  // Every text task type in one schema; boxes and audio round trips are in export.test.ts.
  const schema = [
    { id: 'topic', type: 'classification', title: 'T', config: { field: 'text', multiple: true, labels: ['a', 'b', 'c'] } },
    { id: 'mood', type: 'classification', title: 'M', config: { field: 'text', labels: ['up', 'down'] } },
    { id: 'ents', type: 'ner', title: 'E', config: { field: 'text', labels: ['PER', 'ORG'] } },
    { id: 'rewrite', type: 'text', title: 'W', config: { field: 'text' } },
  ];
  const words = ['Ada', 'Acme', 'wrote', 'to', 'Bob', 'today', 'é', '日本'];
  const rowArb = fc.record({
    ext: fc.option(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''), { nil: null }),
    words: fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }),
    priority: fc.integer({ min: -5, max: 5 }),
    expertise: fc.subarray(['finance', 'law']),
    final: fc.option(fc.record({
      topic: fc.subarray(['a', 'b', 'c']), mood: fc.constantFrom('up', 'down'), spanEvery: fc.integer({ min: 1, max: 3 }),
      label: fc.constantFrom('PER', 'ORG'), rewrite: fc.string({ maxLength: 20 }),
    }), { nil: null }),
    prelabel: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
  });
  const answerOf = (text: string, ws: string[], f: { topic: string[]; mood: string; spanEvery: number; label: string; rewrite: string }) => {
    const spans: unknown[] = [];
    let at = 0;
    ws.forEach((w, i) => { if (i % f.spanEvery === 0) spans.push({ start: at, end: at + w.length, label: f.label, text: text.slice(at, at + w.length) }); at += w.length + 1; });
    return { topic: { labels: f.topic }, mood: { labels: [f.mood] }, ents: { spans }, rewrite: { text: f.rewrite } };
  };
  const rowsOf = async (pid: number) => (await env.deps.db.selectFrom('rows').select(['external_id', 'data_json', 'prelabels_json', 'expertise_json', 'priority']).where('project_id', '=', pid).orderBy('id').execute())
    .map((r) => ({ ext: r.external_id, data: JSON.parse(r.data_json), pre: r.prelabels_json && JSON.parse(r.prelabels_json), expertise: JSON.parse(r.expertise_json), priority: Number(r.priority) }));

  it('any project state exported as JSONL or Label Studio imports into an empty project as the same rows and answers, and back into its own project unchanged', async () => {
    const [u1, u2, u3] = [await env.user('l1@x.org'), await env.user('l2@x.org'), await env.user('qa@x.org')];
    await fc.assert(fc.asyncProperty(fc.uniqueArray(rowArb, { minLength: 1, maxLength: 6, selector: (r) => r.ext ?? Symbol('none') }), async (state) => {
      const pid = await project(schema);
      const texts = state.map((s) => s.words.join(' '));
      const ids = await insertRows(env.deps.db, pid, state.map((s, i) => ({
        externalId: s.ext, data: { text: texts[i] }, priority: s.priority, expertise: s.expertise,
        prelabels: s.prelabel ? { topic: { labels: [s.prelabel] } } : null,
      })), env.clock.now);
      const want = state.map((s, i) => {
        const answer = s.final ? answerOf(texts[i], s.words, s.final) : null;
        return { ext: s.ext, data: { text: texts[i] }, pre: answer ?? (s.prelabel ? { topic: { labels: [s.prelabel] } } : null), expertise: [...s.expertise].sort(), priority: s.priority, answer };
      });
      for (const [i, w] of want.entries()) {
        if (w.answer) await giveRow(env.deps.db, { projectId: pid, rowId: ids[i], labels: [{ userId: u1, answer: w.answer }, { userId: u2, answer: w.answer }], qa: { userId: u3, answer: w.answer }, final: { answer: w.answer } });
      }
      const before = await rowsOf(pid);
      for (const format of ['jsonl', 'labelstudio'] as const) {
        const file = await (await lead.raw(`/api/projects/${pid}/exports?format=${format}&state=all`)).text();
        const fresh = await project(schema);
        const into = await send(fresh, file, `format=${format}`);
        expect(into.status, JSON.stringify(into.body).slice(0, 400)).toBe(200);
        const back = await rowsOf(fresh);
        expect(back, format).toEqual(want.map(({ answer: _, ...w }) => w));
        const again = await send(pid, file, `format=${format}`);
        expect(again.body.report, format).toMatchObject({ imported: 0, updated: 0, unchanged: state.length, skipped: [] });
        expect(await rowsOf(pid)).toEqual(before);
      }
    }), { numRuns: 12 });
  }, 120_000);
});

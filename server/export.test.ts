import fs from 'node:fs';
import path from 'node:path';
import { FIXTURES_DIR } from './test-fixtures/path.js';
import Papa from 'papaparse';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, type Client, type TestEnv } from './test/harness.js';
import { finalizeWithPrelabels, giveRow, rowIds } from './test/fixtures-final.js';
import { conllDocument, itemOf, preferencePairs } from './services/export/formats.js';
import { labelIndex, yoloLines } from '@shared/tasks/bbox/export.js';
import { schemaSchema } from '@shared/tasks/question.js';
import { createHash } from 'node:crypto';
import { labelStudioTaskToRow } from './services/import/labelstudio.js';
import { insertRows } from './repos/rows.js';
import { getProject } from './repos/projects.js';

// Real files other tools wrote, copied into server/test-fixtures/ (origins and licenses in its README).
const FIX = path.join(FIXTURES_DIR, 'label-studio');
const fixture = (p: string) => fs.readFileSync(path.join(FIX, p), 'utf8');

describe('export converters (pure)', () => {
  const exportRow = (data: Record<string, unknown>, answer: Record<string, unknown>) => ({ id: 1, externalId: 'x', data, final: { answer } }) as any;
  it('writes YOLO lines as class cx cy w h normalized to the image', () => {
    const q = schemaSchema.parse([{ id: 'b', type: 'bbox', title: 'B', config: { labels: ['a', 'b'] } }])[0] as any;
    const lines = (answer: unknown) => yoloLines(itemOf(exportRow({ image: 'i.png' }, { b: answer }), q)!, labelIndex([q.config]));
    expect(lines({ width: 200, height: 100, boxes: [{ x: 10, y: 20, w: 40, h: 10, label: 'b' }] })).toEqual(['1 0.15 0.25 0.2 0.1']);
    expect(lines({ width: 0, height: 0, boxes: [] })).toBeNull();
  });
  it('writes CoNLL BIO tags over tokens', () => {
    const q = schemaSchema.parse([{ id: 'ner', type: 'ner', title: 'N', config: { field: 'text', labels: ['PER'] } }])[0] as any;
    expect(conllDocument(exportRow({ text: 'Jane Smith paid.' }, { ner: { spans: [{ start: 0, end: 10, label: 'PER', text: 'Jane Smith' }] } }), q))
      .toBe('Jane -X- _ B-PER\nSmith -X- _ I-PER\npaid -X- _ O\n. -X- _ O\n\n');
  });
  it('turns a ranking into preference pairs and leaves ties out', () => {
    const q = schemaSchema.parse([{ id: 'r', type: 'ranking', title: 'R', config: {} }])[0] as any;
    const row = (answer: unknown) => ({ id: 1, externalId: 'x', data: { prompt: 'p', responses: ['A', 'B', 'C'] }, final: { answer: { r: answer } } }) as any;
    expect(preferencePairs(row({ preferred: 1, strength: 2, reason: 'clearer', claims: [] }), q, 'text')).toEqual([{ prompt: 'p', chosen: 'B', rejected: 'A', margin: 2, strength: 2, reason: 'clearer', row_id: 1, external_id: 'x' }]);
    expect(preferencePairs(row({ preferred: null, strength: 0, reason: '', claims: [] }), q, 'text')).toEqual([]);
    expect(preferencePairs(row({ preferred: 2, order: [2, 0, 1], strength: null, reason: '', claims: [] }), q, 'text').map((p: any) => [p.chosen, p.rejected])).toEqual([['C', 'A'], ['C', 'B'], ['A', 'B']]);
  });
});

describe('GET /api/projects/:id/exports', () => {
  let env: TestEnv;
  let lead: Client;
  let users: [number, number, number];
  beforeEach(async () => {
    env = await createTestEnv();
    const leadId = await env.user('lead@x.org', { name: 'Lea Lead' });
    users = [await env.user('ann1@x.org', { name: 'Ann One', expertise: ['finance'] }), await env.user('ann2@x.org', { name: 'Ann Two' }), await env.user('qa@x.org', { name: 'Quinn QA' })];
    void leadId;
    lead = await env.login('lead@x.org');
  });
  afterEach(async () => env.close());

  async function project(schema: unknown, settings: unknown = {}) {
    return (await lead.post('/api/projects', { name: 'Fixture Project', schema, settings })).body.project.id as number;
  }
  async function importText(pid: number, body: string, format: string) {
    const r = await lead.raw(`/api/projects/${pid}/imports?format=${format}`, { method: 'POST', body });
    const j = await r.json() as any;
    expect(r.status, JSON.stringify(j).slice(0, 500)).toBe(200);
    return j.report;
  }
  const download = (pid: number, q: string) => lead.raw(`/api/projects/${pid}/exports?${q}`);
  /**
   * Rows of a Label Studio file as the importer converts them, written without the import's media check:
   * these tests compare file names with Label Studio's own output, so the rows keep the fixture's paths.
   */
  async function insertLsTasks(pid: number, text: string) {
    const { schema } = (await getProject(env.deps.db, pid))!;
    // Label Studio's converter writes the first annotation of a task; our import would take the newest.
    const tasks = (JSON.parse(text) as any[]).map((t) => (Array.isArray(t.annotations) ? { ...t, annotations: t.annotations.slice(0, 1) } : t));
    const rows = tasks.map((t) => labelStudioTaskToRow(t, schema).value as any)
      .map((v) => ({ externalId: v.external_id ?? null, data: v.data, prelabels: v.prelabels ?? null }));
    await insertRows(env.deps.db, pid, rows, env.clock.now);
  }
  /** The file with each distinct image or audio path replaced by media linked to the projects (as if uploaded). */
  async function asProjectMedia(text: string, ...pids: number[]) {
    const paths = [...new Set([...text.matchAll(/"(?:image|audio)":\s*"([^"]+)"/g)].map((m) => m[1]))];
    let out = text;
    for (const p of paths) {
      const id = createHash('sha256').update(p).digest('hex');
      await env.deps.db.insertInto('media').values({ id, project_id: pids[0], mime: 'image/png', size: 1, original_name: p, peaks_json: null, duration: null, width: null, height: null, created_by: null, created_at: 0 }).onConflict((oc) => oc.doNothing()).execute();
      for (const pid of pids) await env.deps.db.insertInto('media_projects').values({ media_id: id, project_id: pid }).onConflict((oc) => oc.doNothing()).execute();
      out = out.split(`"${p}"`).join(`"/api/media/${id}"`);
    }
    return out;
  }

  it('COCO of the Label Studio fixture matches Label Studio\'s converter box for box', async () => {
    const pid = await project([{ id: 'rectangle_label', type: 'bbox', title: 'Boxes', config: { field: 'image', labels: ['rectangle_label'] } }]);
    await insertLsTasks(pid, fixture('sdk_converter_tests/test_export_coco/data.json'));
    await finalizeWithPrelabels(env.deps.db, pid, users);
    const r = await download(pid, 'format=coco');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="fixture-project-\d+-coco-final-\d{4}-\d\d-\d\d\.json"$/);
    const ours = await r.json() as any;
    const theirs = JSON.parse(fixture('generated_expected/coco/result.json'));
    // Required COCO fields.
    for (const k of ['images', 'annotations', 'categories']) expect(Array.isArray(ours[k])).toBe(true);
    const theirCat = theirs.categories.find((c: any) => c.name === 'rectangle_label').id;
    const theirBox = theirs.annotations.filter((a: any) => a.category_id === theirCat);
    expect(ours.annotations).toHaveLength(theirBox.length);
    const a = ours.annotations[0];
    a.bbox.forEach((v: number, i: number) => expect(v).toBeCloseTo(theirBox[0].bbox[i], 9));
    expect(a.area).toBeCloseTo(theirBox[0].area, 6);
    expect(a.iscrowd).toBe(theirBox[0].iscrowd);
    expect(ours.categories.find((c: any) => c.id === a.category_id).name).toBe('rectangle_label');
    expect(ours.images[0]).toMatchObject({ width: theirs.images[0].width, height: theirs.images[0].height, file_name: 'test_image1.jpg', id: a.image_id });
    expect(typeof a.id).toBe('number');
  });

  it('YOLO zip of the Label Studio fixture matches Label Studio\'s label files number for number', async () => {
    const pid = await project([{ id: 'label', type: 'bbox', title: 'Boxes', config: { field: 'image', labels: ['parasites', 'white'] } }]);
    await insertLsTasks(pid, fixture('sdk_converter_tests/test_export_yolo/data.json'));
    await finalizeWithPrelabels(env.deps.db, pid, users);
    const r = await download(pid, 'format=yolo');
    expect(r.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await r.arrayBuffer()));
    expect(strFromU8(files['classes.txt'])).toBe(fixture('generated_expected/yolo/classes.txt').trimEnd() + '\n');
    for (const [ours, theirs] of [['labels/image1.txt', '718f1d05__image1.txt'], ['labels/image2.txt', 'eee3b1dc__image2.txt']]) {
      const a = strFromU8(files[ours]).trim().split('\n').map((l) => l.split(' ').map(Number));
      const b = fixture(`generated_expected/yolo/labels/${theirs}`).trim().split('\n').map((l) => l.split(' ').map(Number));
      expect(a.length).toBe(b.length);
      a.forEach((line, i) => line.forEach((v, k) => expect(v).toBeCloseTo(b[i][k], 12)));
    }
  });

  it('CoNLL of the legacy NER fixture tags the same entities as Label Studio\'s converter', async () => {
    const pid = await project([{ id: 'ner', type: 'ner', title: 'Entities', config: { field: 'text', labels: ['INGREDIENT', 'PERSON'] } }]);
    await importText(pid, fixture('legacy_converter_ner/348.json'), 'labelstudio');
    await finalizeWithPrelabels(env.deps.db, pid, users);
    const ours = await (await download(pid, 'format=conll')).text();
    const theirs = fixture('generated_expected/conll_legacy348/result.conll');
    expect(ours.split('\n')[0]).toBe(theirs.split('\n')[0]);
    // Tokenizers differ on punctuation inside words; the entities (tag + their characters) must not.
    const entities = (conll: string) => {
      const out: string[] = [];
      for (const l of conll.split('\n').slice(1)) {
        const m = /^(\S+) -X- _ (\S+)$/.exec(l);
        if (!m) continue;
        if (m[2].startsWith('B-')) out.push(`${m[2].slice(2)}:${m[1]}`);
        else if (m[2].startsWith('I-')) out[out.length - 1] += m[1];
      }
      return out;
    };
    expect(entities(ours)).toEqual(entities(theirs));
    expect(entities(ours).length).toBeGreaterThan(5);
  });

  it('JSONL carries the final, agreement and provenance; raw=1 adds both labels; state filters; round trip', async () => {
    const schema = [{ id: 'sentiment', type: 'classification', title: 'S', config: { field: 'text', labels: ['pos', 'neg'] } }];
    const pid = await project(schema, { expertiseRules: [{ field: 'domain', equals: 'finance', domain: 'finance' }] });
    await importText(pid, ['{"id":"a","data":{"text":"good","domain":"finance"}}', '{"id":"b","data":{"text":"bad"}}', '{"id":"c","data":{"text":"open"}}'].join('\n'), 'jsonl');
    const ids = await rowIds(env.deps.db, pid);
    await giveRow(env.deps.db, {
      projectId: pid, rowId: ids.get('a')!, labels: [{ userId: users[0], answer: { sentiment: { labels: ['pos'] } }, guidelineVersion: 1 }, { userId: users[1], answer: { sentiment: { labels: ['neg'] } }, guidelineVersion: 1 }],
      qa: { userId: users[2], answer: { sentiment: { labels: ['pos'] } }, guidelineVersion: 2 }, final: { answer: { sentiment: { labels: ['pos'] } }, choices: { sentiment: 'l1' }, guidelineVersion: 2 },
    });
    await giveRow(env.deps.db, {
      projectId: pid, rowId: ids.get('b')!, labels: [{ userId: users[0], answer: { sentiment: { labels: ['neg'] } } }, { userId: users[1], answer: { sentiment: { labels: ['neg'] } } }],
      final: { answer: { sentiment: { labels: ['neg'] } }, source: 'consensus' },
    });
    const text = await (await download(pid, 'format=jsonl&raw=1')).text();
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.external_id)).toEqual(['a', 'b']);
    const a = lines[0];
    expect(a).toMatchObject({ external_id: 'a', state: 'final', data: { text: 'good' }, final: { sentiment: { labels: ['pos'] } }, agreement: { sentiment: { score: 0, agree: false } } });
    expect(a.provenance.labelers.map((p: any) => [p.name, p.expert_for, p.guideline_version])).toEqual([['Ann One', ['finance'], 1], ['Ann Two', [], 1]]);
    expect(a.provenance).toMatchObject({ qa: { name: 'Quinn QA', guideline_version: 2 }, final_source: 'qa', final_choices: { sentiment: 'l1' }, final_guideline_version: 2, expertise_required: ['finance'] });
    expect(a.raw.labels.map((l: any) => l.answer.sentiment.labels[0])).toEqual(['pos', 'neg']);
    expect(lines[1].agreement.sentiment).toEqual({ score: 1, agree: true });
    const all = (await (await download(pid, 'format=jsonl&state=all')).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(all.map((l) => [l.external_id, l.state, l.final])).toEqual([['a', 'final', expect.anything()], ['b', 'final', expect.anything()], ['c', 'labeling', null]]);
    expect(all[0].raw).toBeUndefined();
    expect((await (await download(pid, 'format=jsonl&state=labeling')).text()).trim().split('\n')).toHaveLength(1);

    // Round trip: the export imported into a new project brings the finals back as prelabels.
    const p2 = await project(schema);
    expect(await importText(p2, text, 'jsonl')).toMatchObject({ imported: 2, errors: [] });
    const back = await env.deps.db.selectFrom('rows').select(['external_id', 'prelabels_json', 'data_json']).where('project_id', '=', p2).orderBy('id').execute();
    expect(back.map((r) => [r.external_id, JSON.parse(r.prelabels_json!)])).toEqual(lines.map((l) => [l.external_id, l.final]));
  });

  it('Label Studio JSON round-trips boxes (percentages) and choices back as prelabels', async () => {
    const schema = [
      { id: 'label', type: 'bbox', title: 'Boxes', config: { field: 'image', labels: ['parasites', 'white'] } },
      { id: 'quality', type: 'classification', title: 'Q', config: { labels: ['good', 'blurry'] } },
    ];
    const pid = await project(schema);
    const p2 = await project(schema);
    await importText(pid, await asProjectMedia(fixture('sdk_converter_tests/test_export_yolo/data.json'), pid, p2), 'labelstudio');
    const ids = await rowIds(env.deps.db, pid);
    for (const [ext, id] of ids) {
      const pre = JSON.parse((await env.deps.db.selectFrom('rows').select('prelabels_json').where('id', '=', id).executeTakeFirstOrThrow()).prelabels_json!);
      const answer = { ...pre, quality: { labels: [ext === '1' ? 'good' : 'blurry'] } };
      await giveRow(env.deps.db, { projectId: pid, rowId: id, labels: [{ userId: users[0], answer }, { userId: users[1], answer }], qa: { userId: users[2], answer }, final: { answer } });
    }
    const text = await (await download(pid, 'format=labelstudio')).text();
    const tasks = JSON.parse(text);
    const box = tasks[0].annotations[0].result.find((r: any) => r.type === 'rectanglelabels');
    // The import took the newest of task 1's two annotations (annotations.1).
    const orig = JSON.parse(fixture('sdk_converter_tests/test_export_yolo/data.json'))[0].annotations[1].result[0];
    expect(box).toMatchObject({ from_name: 'label', to_name: 'image', original_width: 2800, original_height: 2800, value: { rectanglelabels: ['parasites'] } });
    for (const k of ['x', 'y', 'width', 'height']) expect(box.value[k]).toBeCloseTo(orig.value[k], 9);
    expect(tasks[0].annotations[0].result.find((r: any) => r.type === 'choices')).toMatchObject({ from_name: 'quality', value: { choices: ['good'] } });
    await importText(p2, text, 'labelstudio');
    const finals = await env.deps.db.selectFrom('finals').select(['answer_json']).where('project_id', '=', pid).orderBy('row_id').execute();
    const back = await env.deps.db.selectFrom('rows').select('prelabels_json').where('project_id', '=', p2).orderBy('id').execute();
    back.forEach((r, i) => {
      const want = JSON.parse(finals[i].answer_json);
      const got = JSON.parse(r.prelabels_json!);
      expect(got.quality).toEqual(want.quality);
      got.label.boxes.forEach((b: any, k: number) => ['x', 'y', 'w', 'h'].forEach((f) => expect(b[f]).toBeCloseTo(want.label.boxes[k][f], 6)));
    });
  });

  it('Label Studio JSON of every other task type imports back as the same prelabels', async () => {
    const schema = [
      { id: 'topic', type: 'classification', title: 'T', config: { field: 'text', multiple: true, labels: ['a', 'b', 'c'] } },
      { id: 'ents', type: 'ner', title: 'E', config: { field: 'text', labels: ['PER'] } },
      { id: 'quality', type: 'rating', title: 'Q', config: { field: 'text', criteria: [{ id: 'clarity', title: 'C' }, { id: 'accuracy', title: 'A' }] } },
      { id: 'pref', type: 'ranking', title: 'R', config: {} },
      { id: 'rewrite', type: 'text', title: 'W', config: { field: 'text' } },
      { id: 'clip', type: 'audio', title: 'A', config: { field: 'audio', labels: ['speech', 'noise'], clipQuestions: [{ id: 'ok', title: 'OK', kind: 'choice', options: ['yes', 'no'] }, { id: 'pron', title: 'P', kind: 'scale' }] } },
    ];
    const pid = await project(schema);
    const p2 = await project(schema);
    await importText(pid, await asProjectMedia('{"id":"a","data":{"text":"Ada wrote it.","prompt":"p","responses":["x","y"],"audio":"https://x.org/a.wav"}}', pid, p2), 'jsonl');
    const ids = await rowIds(env.deps.db, pid);
    const answer = {
      topic: { labels: ['a', 'c'] },
      ents: { spans: [{ start: 0, end: 3, label: 'PER', text: 'Ada' }] },
      quality: { scores: { clarity: 4, accuracy: 2 }, rationale: 'mostly fine' },
      pref: { preferred: 1, strength: 2, reason: 'clearer', claims: [] },
      rewrite: { text: 'Ada wrote this.' },
      clip: { segments: [{ start: 0.5, end: 1.5, label: 'speech', text: 'hello' }, { start: 2, end: 3, label: 'noise' }], clip: { ok: 'no', pron: 4 } },
    };
    await giveRow(env.deps.db, { projectId: pid, rowId: ids.get('a')!, labels: [{ userId: users[0], answer }, { userId: users[1], answer }], qa: { userId: users[2], answer }, final: { answer } });
    const text = await (await download(pid, 'format=labelstudio')).text();
    expect(await importText(p2, text, 'labelstudio')).toMatchObject({ imported: 1, errors: [] });
    const back = await env.deps.db.selectFrom('rows').select('prelabels_json').where('project_id', '=', p2).executeTakeFirstOrThrow();
    expect(JSON.parse(back.prelabels_json!)).toEqual(answer);
  });

  it('CSV, SageMaker manifest, SFT, preferences and the work report carry their required fields', async () => {
    const schema = [
      { id: 'sentiment', type: 'classification', title: 'S', config: { field: 'prompt', labels: ['pos', 'neg'] } },
      { id: 'pref', type: 'ranking', title: 'R', config: {} },
      { id: 'rewrite', type: 'text', title: 'T', config: { field: 'prompt' } },
    ];
    const pid = await project(schema);
    await importText(pid, ['{"id":"a","data":{"prompt":"Say hi, \\"politely\\"","responses":["Hi.","Hello there!"]}}', '{"id":"b","data":{"prompt":"Tie?","responses":["x","y"]}}'].join('\n'), 'jsonl');
    const ids = await rowIds(env.deps.db, pid);
    const ans = (pref: number | null, strength: number) => ({ sentiment: { labels: ['pos'] }, pref: { preferred: pref, strength, reason: '', claims: [] }, rewrite: { text: 'Hello, nice to meet you.' } });
    await giveRow(env.deps.db, { projectId: pid, rowId: ids.get('a')!, labels: [{ userId: users[0], answer: ans(1, 2), activeMs: 3_600_000 }, { userId: users[1], answer: ans(0, -1) }], qa: { userId: users[2], answer: ans(1, 2) }, final: { answer: ans(1, 2), choices: { sentiment: 'agreed', pref: 'l1', rewrite: 'agreed' } } });
    await giveRow(env.deps.db, { projectId: pid, rowId: ids.get('b')!, labels: [{ userId: users[0], answer: ans(null, 0) }, { userId: users[1], answer: ans(null, 0) }], final: { answer: ans(null, 0), source: 'consensus' } });

    const csv = await (await download(pid, 'format=csv&raw=1')).text();
    const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[0]).toMatchObject({ external_id: 'a', 'data.prompt': 'Say hi, "politely"', sentiment: 'pos', 'sentiment.agreement': '1', labelers: 'Ann One|Ann Two', qa: 'Quinn QA', 'pref.l2': expect.stringContaining('"preferred":0') });
    // Structured cells are JSON inside a quoted cell, as Label Studio's CSV writes them.
    expect(JSON.parse(parsed.data[0]['data.responses'])).toEqual(['Hi.', 'Hello there!']);
    expect(csv).toContain('\r\n');

    const manifest = (await (await download(pid, 'format=sagemaker')).text()).trim().split('\n').map((l) => JSON.parse(l));
    // Field by field against AWS's documented lines: server/export-sagemaker.test.ts.
    expect(manifest[0]).toMatchObject({ source: 'Say hi, "politely"', sentiment: '0' });
    expect(manifest[0]['sentiment-metadata']).toMatchObject({ confidence: 1, 'human-annotated': 'yes', type: 'groundtruth/text-classification', 'class-name': 'pos', 'job-name': expect.stringMatching(/^labeling-job\//) });

    const sft = (await (await download(pid, 'format=sft')).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(sft[0]).toMatchObject({ prompt: 'Say hi, "politely"', response: 'Hello, nice to meet you.' });
    const prefs = (await (await download(pid, 'format=preferences')).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(prefs).toEqual([expect.objectContaining({ prompt: 'Say hi, "politely"', chosen: 'Hello there!', rejected: 'Hi.' })]);

    const report = Papa.parse<Record<string, string>>((await (await download(pid, 'format=workreport')).text()).replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    const one = report.find((r) => r.name === 'Ann One')!;
    expect(one).toMatchObject({ rows_labeled: '2', labels_on_final_rows: '2', labels_kept_by_qa: '2', active_hours: '1.008' });
    expect(report.find((r) => r.name === 'Ann Two')).toMatchObject({ labels_kept_by_qa: '2' });
    expect(report.find((r) => r.name === 'Quinn QA')).toMatchObject({ qa_resolutions: '1', qa_submissions: '1' });
  });

  it('refuses non-leads, unknown formats and formats the schema cannot give', async () => {
    const pid = await project([{ id: 's', type: 'classification', title: 'S', config: { labels: ['a'] } }]);
    expect((await download(pid, 'format=coco')).status).toBe(400);
    expect((await (await download(pid, 'format=coco')).json() as any).error.message).toMatch(/needs a bbox question/);
    expect((await download(pid, 'format=xlsx')).status).toBe(400);
    await lead.post(`/api/projects/${pid}/members`, { email: 'ann1@x.org', roles: ['annotator', 'reviewer'] });
    expect((await (await env.login('ann1@x.org')).raw(`/api/projects/${pid}/exports`)).status).toBe(403);
    expect((await (await env.login('ann2@x.org')).raw(`/api/projects/${pid}/exports`)).status).toBe(404);
  });
});

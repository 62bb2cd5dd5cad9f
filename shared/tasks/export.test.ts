/**
 * Export converters against Label Studio's own converter fixtures (shared/tasks/__fixtures__/label-studio.json,
 * extracted from the label-studio-sdk test suite) and hand-made cases.
 */
import { describe, expect, it } from 'vitest';
import fixtures from './__fixtures__/label-studio.json';
import type { ExportItem } from './types';
import type { LsResult } from './labelstudio';
import { taskModules } from './registry';
import * as nerExport from './ner/export';
import * as bboxExport from './bbox/export';
import * as classificationExport from './classification/export';
import * as rankingExport from './ranking/export';
import * as textExport from './text/export';
import * as ratingExport from './rating/export';
import * as audioExport from './audio/export';

function item<C, A>(config: C, answer: A, data: Record<string, unknown> = {}, questionId = 'q'): ExportItem<C, A> {
  return { rowId: 'r1', externalId: null, data, config, questionId, answer };
}

describe('ner → CoNLL-2003', () => {
  it.each(fixtures.conll_cases.map((c, i) => ({ ...c, i })))("matches Label Studio's create_tokens_and_tags, case $i", (c) => {
    const spans = c.spans.map((s) => ({ start: s.start, end: s.end, label: s.labels[0], text: s.text }));
    expect(nerExport.tokensAndTags(c.text, spans)).toEqual({ tokens: c.tokens, tags: c.tags });
  });

  it("reproduces Label Studio's CoNLL file for the legacy task 348 byte for byte", () => {
    const ls = fixtures.conll_legacy_348;
    const answer = nerExport.fromLabelStudio(ls.result as LsResult[]);
    const labels = [...new Set(answer.spans.map((s) => s.label))];
    const config = taskModules.ner.config.parse({ labels, allowOverlap: true });
    expect(nerExport.toConll([item(config, answer, { text: ls.text })])).toBe(ls.expected_conll);
  });

  it('writes one block per document and handles empty answers', () => {
    const config = taskModules.ner.config.parse({ labels: ['PER'] });
    const out = nerExport.toConll([
      item(config, { spans: [{ start: 0, end: 3, label: 'PER', text: 'Ada' }] }, { text: 'Ada wrote.' }),
      item(config, { spans: [] }, { text: 'No one.' }),
    ]);
    expect(out).toBe('-DOCSTART- -X- O\nAda -X- _ B-PER\nwrote -X- _ O\n. -X- _ O\n\nNo -X- _ O\none -X- _ O\n. -X- _ O\n\n');
  });

  it('Label Studio labels results and spaCy JSON', () => {
    const config = taskModules.ner.config.parse({ labels: ['PER', 'ORG'] });
    const answer = { spans: [{ start: 10, end: 14, label: 'ORG', text: 'Acme' }, { start: 0, end: 3, label: 'PER', text: 'Ada' }] };
    const it1 = item(config, answer, { text: 'Ada works Acme' });
    const ls = nerExport.toLabelStudio(it1);
    expect(ls[0]).toEqual({ id: 'q_0', type: 'labels', from_name: 'q', to_name: 'text', value: { start: 10, end: 14, text: 'Acme', labels: ['ORG'] }, origin: 'manual' });
    expect(nerExport.fromLabelStudio(ls)).toEqual(answer);
    expect(nerExport.toSpacy(it1)).toEqual({ text: 'Ada works Acme', entities: [[0, 3, 'PER'], [10, 14, 'ORG']] });
  });
});

describe('bbox → COCO, YOLO, Label Studio', () => {
  const yoloConfig = taskModules.bbox.config.parse({ labels: fixtures.yolo.classes });

  it("COCO bbox from Label Studio's percent rectangle (500×320)", () => {
    const { rectangle_result, expected_bbox_px, expected_area, image } = fixtures.coco;
    const answer = bboxExport.fromLabelStudio(rectangle_result as LsResult[]);
    expect(answer).toMatchObject(image);
    const config = taskModules.bbox.config.parse({ labels: ['rectangle_label'] });
    const coco = bboxExport.toCoco([item(config, answer, { image: 'images/test_image1.jpg' })]);
    expect(coco.images).toEqual([{ id: 1, file_name: 'images/test_image1.jpg', width: 500, height: 320, license: 1, flickr_url: '', coco_url: 'images/test_image1.jpg', date_captured: '' }]);
    expect(coco.categories).toEqual([{ id: 1, name: 'rectangle_label', supercategory: '' }]);
    expect(coco.annotations).toHaveLength(1);
    const bbox = coco.annotations[0].bbox;
    bbox.forEach((v, i) => expect(Math.abs(v - expected_bbox_px[i]) / expected_bbox_px[i]).toBeLessThan(1e-6));
    expect(coco.annotations[0].area).toBeCloseTo(expected_area, 6);
    expect(coco.annotations[0]).toMatchObject({ id: 1, image_id: 1, category_id: 1, iscrowd: 0 });
  });

  it("YOLO numbers match Label Studio's formula cases", () => {
    for (const c of fixtures.yolo.formula_cases) {
      const answer = bboxExport.fromLabelStudio(
        [{ id: 'a', type: 'rectanglelabels', from_name: 'label', to_name: 'image', original_width: 2800, original_height: 2800, value: { ...c.ls, rectanglelabels: ['white'] } }],
      );
      const [line] = bboxExport.toYolo([item(yoloConfig, answer, { image: '/x.png' })]).files[0].lines;
      const nums = line.split(' ').map(Number);
      expect(nums[0]).toBe(1);
      nums.slice(1).forEach((v, i) => expect(v).toBeCloseTo(c.yolo[i], 12));
    }
  });

  it("YOLO files: classes and per-image lines as Label Studio's converter writes them", () => {
    const lines = (task: (typeof fixtures.yolo.tasks)[number], user: number) => {
      const ann = task.annotations.find((a) => a.completed_by === user)!;
      const answer = bboxExport.fromLabelStudio(ann.result as LsResult[]);
      const out = bboxExport.toYolo([item(yoloConfig, answer, { image: task.image })]);
      expect(out.classes).toEqual(fixtures.yolo.classes);
      expect(out.files[0].name).toBe(`${task.image.slice(1)}.txt`);
      return out.files[0].lines;
    };
    const close = (got: string[], want: string[]) => {
      expect(got).toHaveLength(want.length);
      got.forEach((g, i) => {
        const a = g.split(' ').map(Number);
        const b = want[i].split(' ').map(Number);
        expect(a[0]).toBe(b[0]);
        a.slice(1).forEach((v, k) => expect(v).toBeCloseTo(b[k + 1], 12));
      });
    };
    const [t1, t2] = fixtures.yolo.tasks;
    close(lines(t1, 2), fixtures.yolo.labels_image1_user2);
    close(lines(t1, 1), fixtures.yolo.labels_image1_user1);
    close(lines(t2, 1), fixtures.yolo.labels_image2);
  });

  it('YOLO skips images of unknown size; Label Studio percentages round-trip', () => {
    const config = taskModules.bbox.config.parse({ labels: ['car'] });
    expect(bboxExport.toYolo([item(config, { width: 0, height: 0, boxes: [] }, { image: 'a/b.jpg' })]).skipped).toEqual(['b.txt']);
    const answer = { width: 640, height: 480, boxes: [{ x: 64, y: 48, w: 320, h: 240, label: 'car' }] };
    const ls = bboxExport.toLabelStudio(item(config, answer));
    expect(ls[0].value).toEqual({ x: 10, y: 10, width: 50, height: 50, rotation: 0, rectanglelabels: ['car'] });
    expect(ls[0]).toMatchObject({ type: 'rectanglelabels', original_width: 640, original_height: 480, to_name: 'image' });
    expect(bboxExport.fromLabelStudio(ls)).toEqual(answer);
  });
});

describe('other exporters', () => {
  it('classification → Label Studio choices and flat records', () => {
    const single = taskModules.classification.config.parse({ field: 'text', labels: ['pos', 'neg'] });
    expect(classificationExport.toLabelStudio(item(single, { labels: ['neg'] }))).toEqual([
      { id: 'q_0', type: 'choices', from_name: 'q', to_name: 'text', value: { choices: ['neg'] }, origin: 'manual' },
    ]);
    expect(classificationExport.toLabelStudio(item(single, { labels: [] }))).toEqual([]);
    expect(classificationExport.toRecord(item(single, { labels: ['neg'] }))).toEqual({ q: 'neg' });
    const multi = taskModules.classification.config.parse({ multiple: true, labels: ['a', 'b'] });
    expect(classificationExport.toRecord(item(multi, { labels: ['a', 'b'] }))).toEqual({ q: 'a;b' });
  });

  it('ranking → preference pairs', () => {
    const data = { prompt: 'Capital of France?', responses: ['Paris.', 'Lyon.', 'Nice.'] };
    const pairwise = taskModules.ranking.config.parse({});
    const base = { strength: null, reason: '', claims: [] };
    expect(rankingExport.toPreferencePairs(item(pairwise, { ...base, preferred: 0, strength: -2 }, data))).toEqual([{ prompt: 'Capital of France?', chosen: 'Paris.', rejected: 'Lyon.' }]);
    expect(rankingExport.toPreferencePairs(item(pairwise, { ...base, preferred: 1, strength: 1 }, data))).toEqual([{ prompt: 'Capital of France?', chosen: 'Lyon.', rejected: 'Paris.' }]);
    expect(rankingExport.toPreferencePairs(item(pairwise, { ...base, preferred: null, strength: 0 }, data))).toEqual([]);
    const order = taskModules.ranking.config.parse({ mode: 'order' });
    const pairs = rankingExport.toPreferencePairs(item(order, { ...base, preferred: 2, order: [2, 0, 1] }, data));
    expect(pairs.map((p) => `${p.chosen}>${p.rejected}`)).toEqual(['Nice.>Paris.', 'Nice.>Lyon.', 'Paris.>Lyon.']);
    const ls = rankingExport.toLabelStudio(item(pairwise, { preferred: 1, strength: 2, reason: 'more precise', claims: [{ response: 0, start: 0, end: 5, text: 'Paris' }] }, data));
    expect(ls.map((r) => r.type)).toEqual(['pairwise', 'rating', 'textarea', 'labels']);
    expect(ls[0].value).toEqual({ selected: 'right' });
  });

  it('text → SFT records', () => {
    const config = taskModules.text.config.parse({ field: 'prompt' });
    expect(textExport.toSft(item(config, { text: 'Paris.' }, { prompt: 'Capital of France?' }))).toEqual({ prompt: 'Capital of France?', response: 'Paris.' });
    expect(textExport.toSft(item(config, { text: '  ' }, { prompt: 'x' }))).toBeNull();
    const rewrite = taskModules.text.config.parse({ sourceField: 'draft' });
    expect(textExport.toSft(item(rewrite, { text: 'Fixed.' }, { draft: 'Fixd.' }))).toEqual({ prompt: 'Fixd.', response: 'Fixed.' });
    expect(textExport.toLabelStudio(item(config, { text: 'Paris.' }))[0].value).toEqual({ text: ['Paris.'] });
  });

  it('rating → Label Studio ratings and flat records', () => {
    const config = taskModules.rating.config.parse({ criteria: [{ id: 'accuracy', title: 'A' }, { id: 'safety', title: 'S' }] });
    const answer = { scores: { accuracy: 4, safety: null }, rationale: 'fine' };
    expect(ratingExport.toLabelStudio(item(config, answer)).map((r) => [r.from_name, r.value])).toEqual([
      ['q_accuracy', { rating: 4 }],
      ['q_rationale', { text: ['fine'] }],
    ]);
    expect(ratingExport.toRecord(item(config, answer))).toEqual({ 'q.accuracy': 4, 'q.safety': null, 'q.rationale': 'fine' });
  });

  it('audio → Label Studio regions and an ASR manifest', () => {
    const config = taskModules.audio.config.parse({ labels: ['speech'], clipQuestions: [{ id: 'ok', title: 'OK', kind: 'choice', options: ['yes', 'no'] }, { id: 'pron', title: 'P', kind: 'scale' }] });
    const answer = { segments: [{ start: 0.5, end: 2, label: 'speech', text: 'hello' }, { start: 3, end: 4, label: 'speech' }], clip: { ok: 'yes', pron: 4 } };
    const it1 = item(config, answer, { audio: 'clips/a.wav' });
    const ls = audioExport.toLabelStudio(it1);
    expect(ls.map((r) => `${r.type}:${r.id}`)).toEqual(['labels:q_0', 'textarea:q_0', 'labels:q_1', 'choices:q_ok', 'rating:q_pron']);
    expect(ls[0].value).toEqual({ start: 0.5, end: 2, channel: 0, labels: ['speech'] });
    expect(audioExport.toAsrManifest(it1)).toEqual([{ audio_filepath: 'clips/a.wav', offset: 0.5, duration: 1.5, text: 'hello', label: 'speech' }]);
  });
});

describe('converter pieces a streamed export is built from', () => {
  it('COCO pieces number images, annotations and categories as toCoco does', () => {
    const config = taskModules.bbox.config.parse({ labels: ['car', 'bus'] });
    const items = [
      item(config, { width: 10, height: 10, boxes: [{ x: 1, y: 1, w: 2, h: 2, label: 'bus' }, { x: 0, y: 0, w: 1, h: 1, label: 'car' }] }, { image: 'a.jpg' }),
      item(config, { width: 20, height: 20, boxes: [{ x: 2, y: 3, w: 4, h: 5, label: 'car' }] }, { image: 'b.jpg' }),
    ];
    const idx = bboxExport.labelIndex([config]);
    const whole = bboxExport.toCoco(items);
    expect(bboxExport.cocoCategories(idx)).toEqual(whole.categories);
    expect(items.map((it, i) => bboxExport.cocoImage(it, i + 1))).toEqual(whole.images);
    expect([...bboxExport.cocoAnnotations(items[0], 1, idx, 1), ...bboxExport.cocoAnnotations(items[1], 2, idx, 3)]).toEqual(whole.annotations);
    expect(whole.annotations.map((a) => [a.id, a.image_id, a.category_id])).toEqual([[1, 1, 2], [2, 1, 1], [3, 2, 1]]);
    // Two rows of one image: one entry in images, both rows' boxes on it.
    const twice = bboxExport.toCoco([items[0], { ...items[1], rowId: 'r2', data: { image: 'a.jpg' } }]);
    expect(twice.images.map((i) => i.id)).toEqual([1]);
    expect(twice.annotations.map((a) => a.image_id)).toEqual([1, 1, 1]);
  });

  it('YOLO lines of one image, null when its size is unknown; file names drop folders and extension', () => {
    const config = taskModules.bbox.config.parse({ labels: ['a', 'b'] });
    const idx = bboxExport.labelIndex([config]);
    const it1 = item(config, { width: 200, height: 100, boxes: [{ x: 10, y: 20, w: 40, h: 10, label: 'b' }] }, { image: 'https://x.org/imgs/cat.v2.png?sig=1' });
    expect(bboxExport.yoloLines(it1, idx)).toEqual(['1 0.15 0.25 0.2 0.1']);
    expect(bboxExport.yoloFileName(it1)).toBe('cat.v2.txt');
    expect(bboxExport.yoloLines(item(config, { width: 0, height: 0, boxes: [] }), idx)).toBeNull();
    expect(bboxExport.toYolo([it1]).files).toEqual([{ name: 'cat.v2.txt', lines: ['1 0.15 0.25 0.2 0.1'] }]);
  });

  it('Label Studio leaves out boxes of an image of unknown size (no NaN percentages)', () => {
    const config = taskModules.bbox.config.parse({ labels: ['car'] });
    expect(bboxExport.toLabelStudio(item(config, { width: 0, height: 0, boxes: [{ x: 1, y: 1, w: 1, h: 1, label: 'car' }] }))).toEqual([]);
  });

  it('CoNLL documents concatenate to the whole file', () => {
    const config = taskModules.ner.config.parse({ labels: ['PER'] });
    const docs = [item(config, { spans: [{ start: 0, end: 10, label: 'PER', text: 'Jane Smith' }] }, { text: 'Jane Smith paid.' }), item(config, { spans: [] }, { text: 'Ok' })];
    expect(nerExport.conllDocument(docs[0])).toBe('Jane -X- _ B-PER\nSmith -X- _ I-PER\npaid -X- _ O\n. -X- _ O\n\n');
    expect(nerExport.CONLL_HEADER + docs.map(nerExport.conllDocument).join('')).toBe(nerExport.toConll(docs));
  });

  it('preference pairs with detail carry strength and reason (pairwise) or ranks (order)', () => {
    const data = { prompt: 'p', responses: ['A', 'B', 'C'] };
    const pairwise = taskModules.ranking.config.parse({});
    expect(rankingExport.toPreferencePairs(item(pairwise, { preferred: 1, strength: 2, reason: 'clearer', claims: [] }, data), { detail: true }))
      .toEqual([{ prompt: 'p', chosen: 'B', rejected: 'A', margin: 2, strength: 2, reason: 'clearer' }]);
    expect(rankingExport.toPreferencePairs(item(pairwise, { preferred: 0, strength: -1, reason: '', claims: [] }, data), { detail: true }))
      .toEqual([{ prompt: 'p', chosen: 'A', rejected: 'B', margin: 1, strength: 1 }]);
    const order = taskModules.ranking.config.parse({ mode: 'order' });
    expect(rankingExport.toPreferencePairs(item(order, { preferred: 2, order: [2, 0, 1], strength: null, reason: '', claims: [] }, data), { detail: true })
      .map((p) => [p.chosen, p.rejected, p.rank_chosen, p.rank_rejected, p.margin])).toEqual([['C', 'A', 1, 2, 0], ['C', 'B', 1, 3, 1], ['A', 'B', 2, 3, 0]]);
  });

  it('text → a flat record', () => {
    const config = taskModules.text.config.parse({ field: 'prompt' });
    expect(textExport.toRecord(item(config, { text: 'Paris.' }))).toEqual({ q: 'Paris.' });
  });
});

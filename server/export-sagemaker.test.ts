import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from './test-fixtures/path.js';
import { exportEnv, type ExportEnv } from './test/export-env.js';
import { codePointOffset } from '@shared/tasks/sagemaker.js';

// AWS's own example output lines ("Labeling job output data"), one per task type, keyed by metadata type.
const AWS = new Map<string, any>(
  fs.readFileSync(path.join(FIXTURES_DIR, 'sagemaker/aws-output-manifest-examples.manifest'), 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l)).map((line) => {
      const attr = Object.keys(line).find((k) => k.endsWith('-metadata'))!.slice(0, -'-metadata'.length);
      return [line[`${attr}-metadata`].type, { line, attr }];
    }),
);

/** Maps keyed by class index (`class-map`, `confidence-map`) are compared by their values' type. */
const INDEX_MAPS = new Set(['class-map', 'confidence-map']);
/**
 * The JSON shape of a value: key names and value types at every level (arrays by their first item).
 * `shortDisplayName` of NER label categories is left out: it is optional in a Ground Truth label category
 * configuration, and Triad labels have no short name.
 */
function shape(v: unknown, key = ''): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  const o = v as Record<string, unknown>;
  if (INDEX_MAPS.has(key)) {
    for (const k of Object.keys(o)) expect(k, `${key} keys are class indexes`).toMatch(/^\d+$/);
    return { '<index>': shape(Object.values(o)[0]) };
  }
  return Object.fromEntries(Object.keys(o).filter((k) => k !== 'shortDisplayName').sort().map((k) => [k, shape(o[k], k)]));
}

/** Our question `attr` of `ours` against AWS's line of the same type: the label and its metadata, field by field. */
function expectLikeAws(ours: any, attr: string) {
  const type = ours[`${attr}-metadata`]?.type;
  const aws = AWS.get(type);
  expect(aws, `AWS documents an output of type ${type}`).toBeDefined();
  expect(shape(ours[attr]), `${attr} (${type})`).toEqual(shape(aws.line[aws.attr]));
  expect(shape(ours[`${attr}-metadata`], `${attr}-metadata`)).toEqual(shape(aws.line[`${aws.attr}-metadata`]));
  const source = 'source-ref' in aws.line ? 'source-ref' : 'source';
  if (!type.includes('multilabel')) expect(typeof ours[source]).toBe('string');
  expect(ours[`${attr}-metadata`]['creation-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
}

describe('SageMaker Ground Truth manifest, against AWS\'s documented output lines', () => {
  let x: ExportEnv;
  beforeEach(async () => { x = await exportEnv(); });
  afterEach(async () => x.env.close());

  it('the fixture holds AWS\'s line of each task type Triad writes, dates as AWS writes them', () => {
    expect([...AWS.keys()].sort()).toEqual(['groundtruth/image-classification', 'groundtruth/image-classification-multilabel', 'groundtruth/object-detection',
      'groundtruth/text-classification', 'groundtruth/text-classification-multilabel', 'groundtruth/text-span']);
    for (const { line, attr } of AWS.values()) expect(line[`${attr}-metadata`]['creation-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  });

  it('text classification (single and multi-label) and entities read as Ground Truth writes them', async () => {
    const pid = await x.project([
      { id: 'mood', type: 'classification', title: 'Mood', config: { field: 'text', labels: ['sad', 'positive', 'critical'] } },
      { id: 'tone', type: 'classification', title: 'Tone', config: { field: 'text', multiple: true, labels: ['sad', 'approving', 'critical', 'formal', 'curt'] } },
      { id: 'ents', type: 'ner', title: 'Entities', config: { field: 'text', labels: ['Thing', 'People'] } },
    ]);
    const text = '😀 Ada loved the food';
    const ids = await x.addRows(pid, [{ id: 'a', data: { text } }]);
    const final = { mood: { labels: ['positive'] }, tone: { labels: ['approving', 'curt'] }, ents: { spans: [{ start: 3, end: 6, label: 'People', text: 'Ada' }] } };
    // The second labeler differs on tone (Jaccard 1/2) only.
    await x.finalize(pid, ids.get('a')!, final, { l2: { ...final, tone: { labels: ['approving'] } } });
    const [line] = await x.lines(pid, 'format=sagemaker');

    for (const attr of ['mood', 'tone', 'ents']) expectLikeAws(line, attr);
    expect(line.source).toBe(text);
    // Single choice: the class index as a string, as AWS writes text classification.
    expect(line.mood).toBe('1');
    expect(line['mood-metadata']).toMatchObject({ 'class-name': 'positive', confidence: 1, type: 'groundtruth/text-classification', 'human-annotated': 'yes' });
    expect(line['mood-metadata']['job-name']).toMatch(/^labeling-job\/export-project-\d+$/);
    // Multi-label: indexes, with class-map and confidence-map keyed by them; confidence is the labelers' agreement.
    expect(line.tone).toEqual([1, 4]);
    expect(line['tone-metadata']).toMatchObject({ 'class-map': { 1: 'approving', 4: 'curt' }, 'confidence-map': { 1: 0.5, 4: 0.5 }, type: 'groundtruth/text-classification-multilabel' });
    expect(line['tone-metadata']).not.toHaveProperty('confidence');
    // Entities: offsets in Unicode characters (the emoji is one), every label category listed.
    expect(line.ents).toEqual({ annotations: { labels: [{ label: 'Thing' }, { label: 'People' }], entities: [{ label: 'People', startOffset: 2, endOffset: 5 }] } });
    expect([...text].slice(2, 5).join('')).toBe('Ada');
    expect(line['ents-metadata']).toMatchObject({ type: 'groundtruth/text-span', entities: [{ confidence: 1 }] });
    // A final made at 09:00:00 UTC is written the way Python's isoformat writes it, without a zone.
    expect(line['mood-metadata']['creation-date']).toMatch(/^2026-11-22T09:\d\d:\d\d\.\d{3}000$/);
  });

  it('boxes read as Ground Truth\'s object detection, with image classification beside them', async () => {
    const pid = await x.project([
      { id: 'boxes', type: 'bbox', title: 'Boxes', config: { field: 'image', labels: ['dog', 'cat', 'bone'] } },
      { id: 'species', type: 'classification', title: 'Species', config: { field: 'image', labels: ['dog', 'cat'] } },
      { id: 'kinds', type: 'classification', title: 'Kinds', config: { field: 'image', multiple: true, labels: ['person', 'bicycle'] } },
    ]);
    const ids = await x.addRows(pid, [{ id: 'img', data: { image: '/api/media/' + 'a'.repeat(64) } }]);
    const final = {
      boxes: { width: 500, height: 400, boxes: [{ x: 111, y: 134, w: 61, h: 128, label: 'dog' }, { x: 161, y: 250, w: 30, h: 30, label: 'bone' }] },
      species: { labels: ['dog'] }, kinds: { labels: ['bicycle'] },
    };
    await x.finalize(pid, ids.get('img')!, final);
    const [line] = await x.lines(pid, 'format=sagemaker');
    for (const attr of ['boxes', 'species', 'kinds']) expectLikeAws(line, attr);
    expect(line['source-ref']).toBe('/api/media/' + 'a'.repeat(64));
    expect(line.boxes).toEqual({ image_size: [{ width: 500, height: 400, depth: 3 }], annotations: [{ class_id: 0, left: 111, top: 134, width: 61, height: 128 }, { class_id: 2, left: 161, top: 250, width: 30, height: 30 }] });
    expect(line['boxes-metadata']).toMatchObject({ objects: [{ confidence: 1 }, { confidence: 1 }], 'class-map': { 0: 'dog', 2: 'bone' }, type: 'groundtruth/object-detection' });
    expect(line.species).toBe('0');
    expect(line['species-metadata'].type).toBe('groundtruth/image-classification');
    expect(line['kinds-metadata'].type).toBe('groundtruth/image-classification-multilabel');
  });

  it('an unanswered single choice has no label attribute; other task types are custom labels', async () => {
    const pid = await x.project([
      { id: 'mood', type: 'classification', title: 'Mood', config: { field: 'text', labels: ['sad', 'happy'] } },
      { id: 'rewrite', type: 'text', title: 'Rewrite', config: { field: 'text' } },
    ]);
    const ids = await x.addRows(pid, [{ id: 'a', data: { text: 'hi' } }]);
    await x.finalize(pid, ids.get('a')!, { mood: { labels: [] }, rewrite: { text: 'Hello.' } });
    const [line] = await x.lines(pid, 'format=sagemaker');
    expect(line).not.toHaveProperty('mood');
    expect(line).not.toHaveProperty('mood-metadata');
    expect(line.rewrite).toEqual({ text: 'Hello.' });
    expect(line['rewrite-metadata']).toMatchObject({ type: 'groundtruth/custom', 'human-annotated': 'yes' });
  });

  it('code point offsets count a surrogate pair once', () => {
    expect(codePointOffset('a😀b', 0)).toBe(0);
    expect(codePointOffset('a😀b', 3)).toBe(2);
    expect(codePointOffset('a😀b', 4)).toBe(3);
    expect(codePointOffset('plain', 5)).toBe(5);
  });
});

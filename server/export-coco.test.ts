import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from './test-fixtures/path.js';
import { exportEnv, type ExportEnv } from './test/export-env.js';
import { getProject } from './repos/projects.js';
import { exportPages } from './services/export/load.js';
import { cocoFile, hash32 } from './services/export/coco.js';
import { openExportReader, type ExportReader } from './services/export/snapshot.js';
import type { Question } from '@shared/tasks/question.js';
import type { BboxConfig } from '@shared/tasks/registry.js';

// A canonical COCO instances file written by Datumaro (origin and license in test-fixtures/README.md).
const CANONICAL = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'coco/coco_datumaro_instances_val.json'), 'utf8'));

const jsonType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
/**
 * Where Datumaro's file departs from COCO's format description (cocodataset.org/#format-data), the
 * description wins: `info.year` is an int (Datumaro writes ""), `date_captured` a datetime string
 * (Datumaro writes 0). `attributes` is a Datumaro extension the description does not have.
 */
const DESCRIPTION_TYPES: Record<string, string> = { 'info.year': 'number', 'images.date_captured': 'string' };
const NOT_COCO = new Set(['annotations.attributes']);

/** Every key the canonical file has at `level`, present in ours with the same JSON type. */
function expectCanonicalKeys(level: string, ours: Record<string, unknown>, theirs: Record<string, unknown>) {
  for (const [k, v] of Object.entries(theirs)) {
    const at = level ? `${level}.${k}` : k;
    if (NOT_COCO.has(at)) continue;
    expect(ours, `${at} is present`).toHaveProperty(k);
    expect(jsonType(ours[k]), `${at} type`).toBe(DESCRIPTION_TYPES[at] ?? jsonType(v));
  }
}

const iou = (a: number[], b: number[]) => {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  const inter = Math.max(0, w) * Math.max(0, h);
  return inter / (a[2] * a[3] + b[2] * b[3] - inter);
};

/**
 * pycocotools' matching (COCOeval.evaluateImg) of a file evaluated against itself, at IoU 0.5: it records
 * a match as the partner's id and takes 0 as "unmatched", so an annotation numbered 0 is never matched.
 * Returns the share of detections matched (1 for a file that reads right).
 */
function selfMatchedShare(coco: any): number {
  let matched = 0;
  for (const img of coco.images) {
    for (const cat of coco.categories) {
      const anns = coco.annotations.filter((a: any) => a.image_id === img.id && a.category_id === cat.id);
      const gtm = anns.map(() => 0);
      for (const d of anns) {
        let best = -1;
        let bestIou = 0.5 - 1e-10;
        anns.forEach((g: any, k: number) => {
          if (gtm[k] > 0) return;
          const x = iou(d.bbox, g.bbox);
          if (x >= bestIou) { bestIou = x; best = k; }
        });
        if (best < 0) continue;
        gtm[best] = d.id;
        if (anns[best].id > 0) matched++;
      }
    }
  }
  return coco.annotations.length ? matched / coco.annotations.length : 1;
}

describe('COCO export, against COCO\'s format description and a canonical file', () => {
  let x: ExportEnv;
  beforeEach(async () => { x = await exportEnv(); });
  afterEach(async () => x.env.close());

  async function exported() {
    // Labels listed in an order that is not alphabetical, to see the schema's order kept.
    const pid = await x.project([{ id: 'boxes', type: 'bbox', title: 'Boxes', config: { field: 'image', labels: ['person', 'car', 'bus'] } }]);
    const img = (c: string) => `/api/media/${c.repeat(64)}`;
    const ids = await x.addRows(pid, [
      { id: 'r1', data: { image: img('a') } }, { id: 'r2', data: { image: img('b') } }, { id: 'r3', data: { image: img('a') } }, { id: 'r4', data: { image: img('c') } },
    ]);
    const boxes = (...bs: Array<[number, number, number, number, string]>) => ({ boxes: { width: 640, height: 480, boxes: bs.map(([bx, by, w, h, label]) => ({ x: bx, y: by, w, h, label })) } });
    await x.finalize(pid, ids.get('r1')!, boxes([10, 10, 50, 40, 'car'], [100, 80, 20, 60, 'person']));
    await x.finalize(pid, ids.get('r2')!, boxes([0, 0, 30, 30, 'bus']));
    // r3 shows r1's image again: one entry in images, its box on that image.
    await x.finalize(pid, ids.get('r3')!, boxes([300, 200, 40, 40, 'car']));
    // r4 is not finalized: not exported.
    const r = await x.download(pid, 'format=coco');
    expect(r.status).toBe(200);
    return { coco: await r.json() as any, img, pid };
  }

  it('has the canonical keys and types at every level', async () => {
    const { coco } = await exported();
    expectCanonicalKeys('', coco, CANONICAL);
    expectCanonicalKeys('info', coco.info, CANONICAL.info);
    for (const level of ['licenses', 'categories', 'images', 'annotations']) {
      expect(coco[level].length, level).toBeGreaterThan(0);
      for (const item of coco[level]) expectCanonicalKeys(level, item, CANONICAL[level][0]);
    }
  });

  it('numbers every id from 1, lists each image once and points every annotation at entries that exist', async () => {
    const { coco, img } = await exported();
    for (const level of ['images', 'annotations', 'categories', 'licenses']) {
      const ids = coco[level].map((e: any) => e.id);
      expect(Math.min(...ids), `${level} ids start at 1`).toBe(1);
      expect(new Set(ids).size, `${level} ids are unique`).toBe(ids.length);
    }
    expect(coco.images.map((i: any) => i.coco_url)).toEqual([img('a'), img('b')]);
    const imageIds = new Set(coco.images.map((i: any) => i.id));
    const catIds = new Set(coco.categories.map((c: any) => c.id));
    for (const a of coco.annotations) {
      expect(imageIds.has(a.image_id)).toBe(true);
      expect(catIds.has(a.category_id)).toBe(true);
      expect(a.area).toBe(a.bbox[2] * a.bbox[3]);
      expect(a.iscrowd).toBe(0);
    }
    const byImage = (url: string) => coco.annotations.filter((a: any) => a.image_id === coco.images.find((i: any) => i.coco_url === url).id);
    expect(byImage(img('a')).map((a: any) => a.bbox)).toEqual([[10, 10, 50, 40], [100, 80, 20, 60], [300, 200, 40, 40]]);
    for (const i of coco.images) expect(coco.licenses.some((l: any) => l.id === i.license)).toBe(true);
  });

  it('keeps the schema\'s label order in categories', async () => {
    const { coco } = await exported();
    expect(coco.categories.map((c: any) => [c.id, c.name])).toEqual([[1, 'person'], [2, 'car'], [3, 'bus']]);
    const car = coco.annotations.find((a: any) => a.bbox[0] === 10);
    expect(coco.categories.find((c: any) => c.id === car.category_id).name).toBe('car');
  });

  it('scores 1.0 against itself under pycocotools\' matching rule (id 0 would count as unmatched)', async () => {
    const { coco } = await exported();
    expect(selfMatchedShare(coco)).toBe(1);
    // The rule itself: the same file numbered from 0 loses its first annotation.
    const zeroBased = { ...coco, annotations: coco.annotations.map((a: any) => ({ ...a, id: a.id - 1 })) };
    expect(selfMatchedShare(zeroBased)).toBeLessThan(1);
  });

  /** A COCO file of the project's finals read `page` rows a page, as a download reads them (a snapshot on PostgreSQL). */
  async function cocoText(pid: number, schema: Question[], q: Question & { config: BboxConfig }, page: number, info: Record<string, unknown>) {
    const reader: ExportReader = await openExportReader(x.env.deps);
    try {
      const pages = exportPages(x.env.deps.db, pid, schema, { states: ['final'], onlyFinal: true, answers: 'none', page, reader });
      let text = '';
      for await (const chunk of cocoFile(reader, pid, q, pages, info)) text += chunk;
      return text;
    } finally {
      await reader.close();
    }
  }

  it('lists an image shown again pages later once: the same file read a row a page', async () => {
    const { coco, pid } = await exported();
    const db = x.env.deps.db;
    const project = (await getProject(db, pid))!;
    const q = project.schema[0] as Question & { config: BboxConfig };
    // Pages of one row: r3's image is r1's, met two pages earlier (no longer in memory as text).
    const text = await cocoText(pid, project.schema, q, 1, coco.info);
    expect(JSON.parse(text)).toEqual(coco);
    expect(coco.images).toHaveLength(2);
  });

  it('keeps two images apart whose references hash alike, on one page and pages apart', async () => {
    // Two references with the same 32-bit hash (found by trying names; a million images hold about a hundred such pairs).
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i++) {
      const ref = `/img/${i}.jpg`;
      const other = seen.get(hash32(`ref:${ref}`));
      if (other) pair = [other, ref];
      else seen.set(hash32(`ref:${ref}`), ref);
    }
    const pid = await x.project([{ id: 'boxes', type: 'bbox', title: 'Boxes', config: { field: 'image', labels: ['car'] } }]);
    const ids = await x.addRows(pid, [pair[0], pair[1], pair[0], pair[1]].map((image, k) => ({ id: `r${k}`, data: { image } })));
    for (const [k, rowId] of [...ids.values()].entries()) {
      await x.finalize(pid, rowId, { boxes: { width: 100, height: 100, boxes: [{ x: k, y: 0, w: 10, h: 10, label: 'car' }] } });
    }
    const db = x.env.deps.db;
    const project = (await getProject(db, pid))!;
    const q = project.schema[0] as Question & { config: BboxConfig };
    for (const page of [1, 250]) {
      const text = await cocoText(pid, project.schema, q, page, {});
      const coco = JSON.parse(text);
      expect(coco.images.map((i: any) => [i.id, i.coco_url]), `pages of ${page}`).toEqual([[1, pair[0]], [2, pair[1]]]);
      expect(coco.annotations.map((a: any) => [a.bbox[0], a.image_id]), `pages of ${page}`).toEqual([[0, 1], [1, 2], [2, 1], [3, 2]]);
    }
  });
});

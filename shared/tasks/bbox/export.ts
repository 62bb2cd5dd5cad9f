import type { ExportItem } from '../types';
import { lsId, type LsResult } from '../labelstudio';
import type { BboxAnswer, BboxBox, BboxConfig } from './index';

type Item = ExportItem<BboxConfig, BboxAnswer>;

/** The image's name for export files: the data field's path or URL (query stripped), else the row id. */
export function imageName(item: Item): string {
  const v = item.data[item.config.field];
  if (typeof v === 'string' && v !== '') return v.split(/[?#]/u)[0];
  return item.externalId ?? item.rowId;
}

/** Box → Label Studio percentages of the image size (x, y of the top-left corner). */
export function toPercent(b: BboxBox, width: number, height: number) {
  return { x: (b.x / width) * 100, y: (b.y / height) * 100, width: (b.w / width) * 100, height: (b.h / height) * 100 };
}

/**
 * Label Studio `rectanglelabels` results, coordinates in percent (x / width · 100 …), rotation 0. An
 * image of unknown size has no percentages (they would be NaN), so its boxes are left out.
 */
export function toLabelStudio(item: Item): LsResult[] {
  const { width, height } = item.answer;
  if (!(width > 0 && height > 0)) return [];
  return item.answer.boxes.map((b, i) => ({
    id: lsId(item.questionId, i),
    type: 'rectanglelabels',
    from_name: item.questionId,
    to_name: item.config.field,
    original_width: width,
    original_height: height,
    image_rotation: 0,
    value: { ...toPercent(b, width, height), rotation: 0, rectanglelabels: [b.label] },
    origin: 'manual',
  }));
}

/**
 * Reads Label Studio `rectanglelabels` results back into pixel boxes (x / 100 · original_width …).
 * Rotated rectangles are kept by their unrotated top-left corner and size.
 */
export function fromLabelStudio(results: readonly LsResult[], size?: { width: number; height: number }): BboxAnswer {
  let width = size?.width ?? 0;
  let height = size?.height ?? 0;
  const boxes: BboxBox[] = [];
  for (const r of results) {
    if (r.type !== 'rectanglelabels') continue;
    width = r.original_width ?? width;
    height = r.original_height ?? height;
    const v = r.value as { x: number; y: number; width: number; height: number; rectanglelabels?: string[] };
    for (const label of v.rectanglelabels ?? [])
      boxes.push({ x: (v.x / 100) * width, y: (v.y / 100) * height, w: (v.width / 100) * width, h: (v.height / 100) * height, label });
  }
  return { width, height, boxes };
}

export type CocoCategory = { id: number; name: string };
export type CocoImage = { id: number; file_name: string; width: number; height: number };
export type CocoAnnotation = { id: number; image_id: number; category_id: number; segmentation: number[][]; bbox: [number, number, number, number]; area: number; iscrowd: 0; ignore: 0 };

export interface CocoDataset {
  info: { description: string; version: string; contributor: string };
  images: CocoImage[];
  categories: CocoCategory[];
  annotations: CocoAnnotation[];
}

/** Label values numbered 0… in order of first appearance over the configs (as Label Studio numbers them). */
export function labelIndex(configs: Iterable<Pick<BboxConfig, 'labels'>>): Map<string, number> {
  const idx = new Map<string, number>();
  for (const c of configs) for (const l of c.labels) if (!idx.has(l.value)) idx.set(l.value, idx.size);
  return idx;
}

export const cocoCategories = (idx: Map<string, number>): CocoCategory[] => [...idx].map(([name, id]) => ({ id, name }));

export const cocoImage = (item: Item, imageId: number): CocoImage => ({ id: imageId, file_name: imageName(item), width: item.answer.width, height: item.answer.height });

/** One image's annotations, numbered from `firstId`: bbox [x, y, w, h] in pixels from the top-left, area w·h. */
export function cocoAnnotations(item: Item, imageId: number, idx: Map<string, number>, firstId: number): CocoAnnotation[] {
  return item.answer.boxes.map((b, k) => ({
    id: firstId + k, image_id: imageId, category_id: idx.get(b.label)!, segmentation: [], bbox: [b.x, b.y, b.w, b.h], area: b.w * b.h, iscrowd: 0, ignore: 0,
  }));
}

/**
 * COCO object detection JSON. Categories are numbered 0… in the order labels first appear in the items'
 * configs (as Label Studio numbers them); images and annotations are numbered 0… in item order.
 */
export function toCoco(items: readonly Item[]): CocoDataset {
  const idx = labelIndex(items.map((it) => it.config));
  const annotations: CocoAnnotation[] = [];
  items.forEach((it, imageId) => annotations.push(...cocoAnnotations(it, imageId, idx, annotations.length)));
  return { info: { description: 'Exported from Triad', version: '1.0', contributor: 'Triad' }, images: items.map(cocoImage), categories: cocoCategories(idx), annotations };
}

export interface YoloExport {
  /** classes.txt: one class name per line, the line number being the class index. */
  classes: string[];
  /** labels/<name>.txt per image: `class x_center y_center width height`, normalized to [0, 1]. */
  files: Array<{ name: string; lines: string[] }>;
}

/** The label file of an image: its file name without directories or extension, then `.txt`. */
export const yoloFileName = (item: Item): string => imageName(item).split('/').pop()!.replace(/\.[^.]*$/u, '') + '.txt';

/**
 * One image's YOLO lines, or null when its size is unknown (boxes cannot be normalized). Coordinates go
 * through Label Studio's percentages and its formula x_c = (x + w/2) / 100 …, so a box exported here and
 * one exported by Label Studio from our Label Studio export give the same numbers.
 */
export function yoloLines(item: Item, idx: Map<string, number>): string[] | null {
  const { width, height } = item.answer;
  if (!(width > 0 && height > 0)) return null;
  return item.answer.boxes.map((b) => {
    const p = toPercent(b, width, height);
    return [idx.get(b.label)!, (p.x + p.width / 2) / 100, (p.y + p.height / 2) / 100, p.width / 100, p.height / 100].join(' ');
  });
}

/** YOLO (Darknet / Ultralytics) labels. Images without a known size are left out of `files` (listed in `skipped`). */
export function toYolo(items: readonly Item[]): YoloExport & { skipped: string[] } {
  const idx = labelIndex(items.map((it) => it.config));
  const files: YoloExport['files'] = [];
  const skipped: string[] = [];
  for (const it of items) {
    const name = yoloFileName(it);
    const lines = yoloLines(it, idx);
    if (lines) files.push({ name, lines });
    else skipped.push(name);
  }
  return { classes: [...idx.keys()], files, skipped };
}

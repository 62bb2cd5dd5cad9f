import type { ExportItem } from '../types';
import { lsId, type LsResult } from '../labelstudio';
import type { BboxAnswer, BboxBox, BboxConfig } from './index';
import type { SageMakerLabel } from '../sagemaker';

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

// COCO ids start at 1: pycocotools (and the tools built on it) use 0 as "no match" when pairing detections
// with ground truth, so an annotation, image or category numbered 0 is scored as missed.
export type CocoCategory = { id: number; name: string; supercategory: string };
export type CocoImage = {
  id: number; width: number; height: number; file_name: string; license: number; flickr_url: string; coco_url: string; date_captured: string;
};
export type CocoAnnotation = {
  id: number; image_id: number; category_id: number; segmentation: number[][]; area: number; bbox: [number, number, number, number]; iscrowd: 0; ignore: 0;
};
export type CocoLicense = { id: number; name: string; url: string };

export interface CocoDataset {
  info: { description: string; version: string; contributor: string };
  licenses: CocoLicense[];
  images: CocoImage[];
  categories: CocoCategory[];
  annotations: CocoAnnotation[];
}

/** The one license entry every image points at: Triad does not know the images' licenses. */
export const COCO_LICENSE: CocoLicense = { id: 1, name: '', url: '' };

/** Label values numbered 0… in order of first appearance over the configs (YOLO and SageMaker class indexes). */
export function labelIndex(configs: Iterable<Pick<BboxConfig, 'labels'>>): Map<string, number> {
  const idx = new Map<string, number>();
  for (const c of configs) for (const l of c.labels) if (!idx.has(l.value)) idx.set(l.value, idx.size);
  return idx;
}

/** Categories in the schema's label order, numbered from 1. */
export const cocoCategories = (idx: Map<string, number>): CocoCategory[] => [...idx].map(([name, i]) => ({ id: i + 1, name, supercategory: '' }));

/** The image of an item; `id` from 1, `coco_url` the data field when it is a URL or path. */
export function cocoImage(item: Item, id: number): CocoImage {
  const ref = item.data[item.config.field];
  return {
    id, width: item.answer.width, height: item.answer.height, file_name: imageName(item),
    license: COCO_LICENSE.id, flickr_url: '', coco_url: typeof ref === 'string' ? ref : '', date_captured: '',
  };
}

/**
 * One image's annotations, numbered from `firstId` (≥ 1): bbox [x, y, w, h] in pixels from the top-left,
 * area w·h, and the box as a four-corner polygon so mask-based tools read it too.
 */
export function cocoAnnotations(item: Item, imageId: number, idx: Map<string, number>, firstId: number): CocoAnnotation[] {
  return item.answer.boxes.map((b, k) => ({
    id: firstId + k, image_id: imageId, category_id: idx.get(b.label)! + 1,
    segmentation: [[b.x, b.y, b.x + b.w, b.y, b.x + b.w, b.y + b.h, b.x, b.y + b.h]],
    area: b.w * b.h, bbox: [b.x, b.y, b.w, b.h], iscrowd: 0, ignore: 0,
  }));
}

/** What makes two rows the same COCO image: the same media reference (else the row itself). */
export function cocoImageKey(item: Item): string {
  const ref = item.data[item.config.field];
  return typeof ref === 'string' && ref !== '' ? `ref:${ref}` : `row:${item.rowId}`;
}

/**
 * COCO object detection JSON. Categories follow the order labels first appear in the items' configs;
 * images are listed once each (rows sharing an image share its entry) and numbered in item order;
 * every id starts at 1.
 */
export function toCoco(items: readonly Item[]): CocoDataset {
  const idx = labelIndex(items.map((it) => it.config));
  const imageIds = new Map<string, number>();
  const images: CocoImage[] = [];
  const annotations: CocoAnnotation[] = [];
  for (const it of items) {
    const key = cocoImageKey(it);
    let id = imageIds.get(key);
    if (id === undefined) {
      imageIds.set(key, (id = images.length + 1));
      images.push(cocoImage(it, id));
    }
    annotations.push(...cocoAnnotations(it, id, idx, annotations.length + 1));
  }
  return { info: { description: 'Exported from Triad', version: '1.0', contributor: 'Triad' }, licenses: [COCO_LICENSE], images, categories: cocoCategories(idx), annotations };
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

/**
 * Ground Truth object detection output: `image_size` and one `{class_id, left, top, width, height}` per
 * box (pixels, class_id the label's index in the question), one `{confidence}` per box and a `class-map`
 * of the classes used, as AWS writes them.
 */
export function toSageMaker(item: Item, confidence: number): SageMakerLabel {
  const idx = labelIndex([item.config]);
  const used = [...new Set(item.answer.boxes.map((b) => idx.get(b.label)!))].sort((a, b) => a - b);
  return {
    label: {
      image_size: [{ width: item.answer.width, height: item.answer.height, depth: 3 }],
      annotations: item.answer.boxes.map((b) => ({ class_id: idx.get(b.label)!, left: b.x, top: b.y, width: b.w, height: b.h })),
    },
    metadata: {
      objects: item.answer.boxes.map(() => ({ confidence })),
      'class-map': Object.fromEntries(used.map((i) => [String(i), item.config.labels[i].value])),
      type: 'groundtruth/object-detection',
    },
  };
}

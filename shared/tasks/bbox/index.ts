import { z } from 'zod';
import type { Agreement, StatUnit, TaskModule } from '../types';
import { boundedList, fieldName, knownLabel, labelsSchema, meanOf, threshold01 } from '../common';
import { iou, matchF1 } from '../../stats/geometry';
import { matchByLabel } from '../../stats/match';

export const bboxConfig = z.object({
  field: fieldName.default('image'),
  labels: labelsSchema,
  /** IoU at or above which two boxes of the same label match. */
  iouThreshold: threshold01.default(0.5),
  /** Match F1 at or above which two answers agree. */
  f1Threshold: threshold01.default(0.8),
});
export type BboxConfig = z.output<typeof bboxConfig>;

export interface BboxBox {
  /** Left edge, image pixels. */
  x: number;
  /** Top edge, image pixels. */
  y: number;
  w: number;
  h: number;
  label: string;
}
export interface BboxAnswer {
  /** Natural size of the image the boxes refer to; 0 until the editor has loaded it. */
  width: number;
  height: number;
  boxes: BboxBox[];
}

function answer(config: BboxConfig): z.ZodType<BboxAnswer> {
  const finite = z.number().refine(Number.isFinite, 'must be a finite number');
  return z.strictObject({
    width: z.number().min(0),
    height: z.number().min(0),
    boxes: boundedList(
      z.strictObject({
        x: finite,
        y: finite,
        w: z.number().positive('box width must be > 0').refine(Number.isFinite, 'must be a finite number'),
        h: z.number().positive('box height must be > 0').refine(Number.isFinite, 'must be a finite number'),
        label: knownLabel(config.labels),
      }),
      'boxes',
    ),
  });
}

/** Boxes of the same label, paired one-to-one by the Hungarian algorithm (most pairs with IoU ≥ threshold,
 *  then highest total IoU). */
function match(a: readonly BboxBox[], b: readonly BboxBox[], threshold: number) {
  return matchByLabel(a, b, iou, threshold);
}

/** Score = match F1; detail.meanIoU is the mean IoU of matched pairs (1 when there are none to match). */
function agreement(a: BboxAnswer, b: BboxAnswer, config: BboxConfig): Agreement {
  const m = match(a.boxes, b.boxes, config.iouThreshold);
  const f = matchF1(m.length, a.boxes.length, b.boxes.length);
  const meanIoU = m.length ? m.reduce((s, x) => s + x.sim, 0) / m.length : a.boxes.length + b.boxes.length === 0 ? 1 : 0;
  return { score: f.f1, agree: f.f1 >= config.f1Threshold, detail: { ...f, meanIoU, matched: m.length } };
}

/**
 * Clusters boxes across answers: each answer's boxes are matched (Hungarian, same label, IoU ≥ threshold)
 * to the running mean of the clusters so far; a cluster holding boxes from a strict majority of answers
 * becomes one box with averaged coordinates. Clusters keep the order of the first answer's boxes.
 */
function merge(answers: BboxAnswer[], config: BboxConfig): BboxAnswer {
  if (answers.length === 0) return { width: 0, height: 0, boxes: [] };
  type Cluster = { label: string; members: BboxBox[]; mean: BboxBox };
  const clusters: Cluster[] = [];
  for (const a of answers) {
    const means = clusters.map((c) => c.mean);
    const m = match(a.boxes, means, config.iouThreshold);
    const taken = new Set<number>();
    for (const { i, j } of m) {
      const c = clusters[j];
      c.members.push(a.boxes[i]);
      c.mean = average(c.members, c.label);
      taken.add(i);
    }
    a.boxes.forEach((b, i) => {
      if (!taken.has(i)) clusters.push({ label: b.label, members: [b], mean: { ...b } });
    });
  }
  const sized = answers.find((a) => a.width > 0 && a.height > 0) ?? answers[0];
  return {
    width: sized.width,
    height: sized.height,
    boxes: clusters.filter((c) => c.members.length * 2 > answers.length).map((c) => c.mean),
  };
}

function average(boxes: readonly BboxBox[], label: string): BboxBox {
  return {
    x: meanOf(boxes.map((b) => b.x)),
    y: meanOf(boxes.map((b) => b.y)),
    w: meanOf(boxes.map((b) => b.w)),
    h: meanOf(boxes.map((b) => b.h)),
    label,
  };
}

/**
 * Boxes have no identity across raters, so the unit-level statistic is the count of boxes per label
 * (`count:<label>`, ratio); box-level agreement is the pairwise match F1 and mean IoU above.
 */
function units(answer: BboxAnswer, config: BboxConfig): StatUnit[] {
  return config.labels.map((l) => ({ key: `count:${l.value}`, value: answer.boxes.filter((b) => b.label === l.value).length, metric: 'ratio' }));
}

export const bbox = {
  type: 'bbox',
  title: 'Bounding boxes',
  config: bboxConfig,
  answer,
  empty: (_config: BboxConfig): BboxAnswer => ({ width: 0, height: 0, boxes: [] }),
  // An image with no object to box is a legitimate answer.
  scopable: false,
  isComplete: () => true,
  agreement,
  merge,
  units,
  fields: (c) => [c.field],
} satisfies TaskModule<'bbox', BboxConfig, BboxAnswer>;

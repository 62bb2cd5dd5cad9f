import type { BboxAnswer, BboxBox } from '@shared/tasks/registry';
import { iou } from '@shared/stats/geometry';
import { deepEqual } from '../compare-common/equal';
import { matchAbove, type Matching } from '../compare-common/matching';

/** Pairs the two box sets exactly as the bbox module's agreement does, so the links drawn are the matches the score counted. */
export function matchBoxes(a: readonly BboxBox[], b: readonly BboxBox[], threshold: number): Matching {
  return matchAbove(a, b, iou, threshold);
}

/** The scale that fits an image of natural size w×h into maxW×maxH without enlarging it. */
export function fitScale(w: number, h: number, maxW: number, maxH: number): number {
  if (!(w > 0 && h > 0)) return 1;
  return Math.min(1, maxW / w, maxH / h);
}

/**
 * Boxes are in the pixels of the image size their answer recorded; when that differs from the image's
 * natural size (an answer made before the editor knew it: width 0) the recorded size wins only if set.
 */
export function answerScale(answer: BboxAnswer, naturalW: number): number {
  return answer.width > 0 && naturalW > 0 ? naturalW / answer.width : 1;
}

export function scaleBox(b: BboxBox, s: number): BboxBox {
  return s === 1 ? b : { ...b, x: b.x * s, y: b.y * s, w: b.w * s, h: b.h * s };
}

export function center(b: BboxBox): { x: number; y: number } {
  return { x: b.x + b.w / 2, y: b.y + b.h / 2 };
}

/** The link between a matched pair: centre to centre in stage pixels, and where its IoU label sits. */
export function linkGeometry(p: BboxBox, q: BboxBox, scale: number): { points: [number, number, number, number]; label: { x: number; y: number } } {
  const c1 = center(p);
  const c2 = center(q);
  const points: [number, number, number, number] = [c1.x * scale, c1.y * scale, c2.x * scale, c2.y * scale];
  return { points, label: { x: ((c1.x + c2.x) / 2) * scale, y: ((c1.y + c2.y) / 2) * scale } };
}

/** A box in stage pixels. */
export function toStage(b: BboxBox, scale: number): { x: number; y: number; width: number; height: number } {
  return { x: b.x * scale, y: b.y * scale, width: b.w * scale, height: b.h * scale };
}

export function hasBox(final: BboxAnswer, box: BboxBox): boolean {
  return final.boxes.some((f) => deepEqual(f, box));
}

/**
 * Takes one box into the final, or takes it out when the final has it (a toggle). Taking one box of a
 * matched pair drops its partner from the final: the two are the same object seen by two labelers.
 * The final keeps its image size, or borrows the box's answer's when it has none yet.
 */
export function toggleBox(final: BboxAnswer, box: BboxBox, partner: BboxBox | null, from: BboxAnswer): BboxAnswer {
  const size = final.width > 0 ? { width: final.width, height: final.height } : { width: from.width, height: from.height };
  if (hasBox(final, box)) return { ...size, boxes: final.boxes.filter((f) => !deepEqual(f, box)) };
  const kept = partner ? final.boxes.filter((f) => !deepEqual(f, partner)) : final.boxes;
  return { ...size, boxes: [...kept, { ...box }] };
}

export function formatBox(b: BboxBox): string {
  const r = (v: number) => Math.round(v);
  return `${r(b.w)}×${r(b.h)} at (${r(b.x)}, ${r(b.y)})`;
}

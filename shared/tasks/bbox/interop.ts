import type { TaskInterop } from '../interop';
import { num, regionLabels } from '../labelstudio-read';
import { knownLabelValue } from '../answer-filter';
import type { BboxAnswer, BboxConfig } from './index';
import { toLabelStudio, toSageMaker } from './export';

/**
 * A rectangle in percent of the image as an axis-aligned box in pixels. Label Studio turns a rectangle
 * by `rotation` degrees clockwise around its top-left corner; Triad's boxes are not turned, so a turned
 * one becomes the box enclosing its four corners and `rotated` says by how much it was turned.
 */
export function rectangleBox(v: Record<string, any>, size: { w: number; h: number }): { x: number; y: number; w: number; h: number; rotated: number } {
  const x = (num(v.x) / 100) * size.w;
  const y = (num(v.y) / 100) * size.h;
  const w = (num(v.width) / 100) * size.w;
  const h = (num(v.height) / 100) * size.h;
  const deg = Number.isFinite(num(v.rotation)) ? ((num(v.rotation) % 360) + 360) % 360 : 0;
  if (deg === 0) return { x, y, w, h, rotated: 0 };
  const t = (deg * Math.PI) / 180;
  const c = Math.cos(t);
  const s = Math.sin(t);
  const xs = [0, w * c, -h * s, w * c - h * s].map((d) => x + d);
  const ys = [0, w * s, h * c, w * s + h * c].map((d) => y + d);
  const x0 = Math.min(...xs);
  const y0 = Math.min(...ys);
  return { x: x0, y: y0, w: Math.max(...xs) - x0, h: Math.max(...ys) - y0, rotated: deg };
}

export const bboxInterop = {
  dataFields: (c) => [{ field: c.field, type: { kind: 'image' } }],
  labelStudio: {
    fills: ['rectanglelabels', 'rectangle'],
    read(r, v, prev, config, ctx) {
      const size = ctx.imageSize(r);
      if (!size) { ctx.issue({ field: `${ctx.path}.original_width`, message: 'a rectangle in percent needs original_width and original_height to become pixels' }); return prev; }
      const a = prev ?? { width: size.w, height: size.h, boxes: [] as unknown[] };
      const { rotated, ...box } = rectangleBox(v, size);
      if (rotated) {
        const px = (n: number) => Math.round(n * 10) / 10;
        ctx.warn({ field: `${ctx.path}.value.rotation`, kind: 'converted', message: `a rectangle turned by ${rotated}°: Triad boxes are not turned, so the box enclosing it was taken (x ${px(box.x)}, y ${px(box.y)}, ${px(box.w)} × ${px(box.h)} px)` });
      }
      const labels = regionLabels(v, 'rectanglelabels', 'labels');
      for (const label of ctx.several(labels.length ? labels : [config.labels[0].value], 'boxes')) a.boxes.push({ ...box, label });
      return a;
    },
    readPart: (_r, _v, _part, prev) => ({ prelabel: prev, used: false }),
    write: toLabelStudio,
  },
  record: null,
  sagemaker: (item, confidence) => toSageMaker(item, confidence),
  formats: ['coco', 'yolo'],
  answerFilter(config, questionId, value, bad) {
    knownLabelValue(config.labels, questionId, value, bad);
    return (a) => a.boxes.some((b) => b.label === value);
  },
  dashboard: { unitsReadData: false, confusionLabels: () => null },
} satisfies TaskInterop<BboxConfig, BboxAnswer>;

import type { BboxBox } from '@shared/tasks/registry';
import type { Rect } from './geometry';

/** Screen-pixel rectangle of the boxes bitmap, in stage units at the current scale (image point × scale). */
export interface Region {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function intersect(a: Region, b: Region): Region | null {
  const x = Math.max(a.x, b.x), y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.w, b.x + b.w) - x, h = Math.min(a.y + a.h, b.y + b.h) - y;
  return w > 0 && h > 0 ? { x, y, w, h } : null;
}

export const contains = (outer: Region, inner: Region) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;

/**
 * The boxes drawn into the bitmap (all but the selected one, which the stage draws on top) by colour, so
 * each colour is one path, and the image-space bounds of everything drawn (null: nothing to draw).
 */
export function groupBoxes(
  boxes: readonly BboxBox[],
  suggestions: readonly BboxBox[],
  selected: number | null,
  colorOf: (label: string) => string,
  image: { width: number; height: number } | null,
): { byColor: Map<string, number[]>; bounds: Rect | null } {
  const byColor = new Map<string, number[]>();
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  const grow = (b: Rect) => {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  };
  boxes.forEach((b, i) => {
    if (i === selected) return;
    grow(b);
    const c = colorOf(b.label);
    const list = byColor.get(c) ?? [];
    list.push(i);
    byColor.set(c, list);
  });
  suggestions.forEach(grow);
  if (image) grow({ x: 0, y: 0, w: image.width, h: image.height });
  return { byColor, bounds: x0 <= x1 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null };
}

/**
 * The region to paint around the view: half a view each way, so a pan that stays within it repaints
 * nothing; at a high pixel ratio the margin shrinks so the bitmap stays a few megapixels. Whole pixels.
 */
export function paintRegion(view: Region, content: Region, pixelRatio: number): Region | null {
  const m = 0.5 / Math.max(1, pixelRatio);
  const around = { x: view.x - view.w * m, y: view.y - view.h * m, w: view.w * (1 + 2 * m), h: view.h * (1 + 2 * m) };
  const r = intersect(around, content);
  if (!r) return null;
  const x = Math.floor(r.x), y = Math.floor(r.y);
  return { x, y, w: Math.ceil(r.x + r.w) - x, h: Math.ceil(r.y + r.h) - y };
}

/** Where to draw a bitmap origin so it lands on whole device pixels: a fractional offset would blur every edge. */
export const onDevicePixel = (at: number, shift: number, pixelRatio: number) => Math.round((at + shift) * pixelRatio) / pixelRatio - shift;

/** Stage view of the image: a stage point is `image * scale + (x, y)`. */
export interface View {
  scale: number;
  x: number;
  y: number;
}
export interface Point {
  x: number;
  y: number;
}
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const MIN_SCALE = 0.02;
export const MAX_SCALE = 40;

export function stageToImage(p: Point, v: View): Point {
  return { x: (p.x - v.x) / v.scale, y: (p.y - v.y) / v.scale };
}

export function imageToStage(p: Point, v: View): Point {
  return { x: p.x * v.scale + v.x, y: p.y * v.scale + v.y };
}

/** The whole image centred in the stage with a margin. */
export function fitView(imageW: number, imageH: number, stageW: number, stageH: number, margin = 12): View {
  if (imageW <= 0 || imageH <= 0 || stageW <= 0 || stageH <= 0) return { scale: 1, x: 0, y: 0 };
  const scale = Math.min((stageW - 2 * margin) / imageW, (stageH - 2 * margin) / imageH);
  const s = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale > 0 ? scale : 1));
  return { scale: s, x: (stageW - imageW * s) / 2, y: (stageH - imageH * s) / 2 };
}

/** Zooms by `factor`, keeping the image point under the pointer where it is. */
export function zoomAt(v: View, pointer: Point, factor: number): View {
  const scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, v.scale * factor));
  const anchor = stageToImage(pointer, v);
  return { scale, x: pointer.x - anchor.x * scale, y: pointer.y - anchor.y * scale };
}

/** The rectangle two corners span, whichever way the drag went. */
export function rectFromPoints(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(b.x - a.x), h: Math.abs(b.y - a.y) };
}

/**
 * Keeps a box inside an image of the given size (0 = size unknown: no clamping), trimming what sticks
 * out; null when nothing of it is left inside.
 */
export function clampToImage(r: Rect, width: number, height: number): Rect | null {
  if (width <= 0 || height <= 0) return r.w > 0 && r.h > 0 ? r : null;
  const x0 = Math.max(0, r.x);
  const y0 = Math.max(0, r.y);
  const x1 = Math.min(width, r.x + r.w);
  const y1 = Math.min(height, r.y + r.h);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/** Moves a box by whole pixels, stopping at the image edges (its size never changes). */
export function nudge(r: Rect, dx: number, dy: number, width: number, height: number): Rect {
  let x = r.x + dx;
  let y = r.y + dy;
  if (width > 0) x = Math.max(0, Math.min(width - r.w, x));
  if (height > 0) y = Math.max(0, Math.min(height - r.h, y));
  return { ...r, x, y };
}

/** Box coordinates worth storing: sub-pixel noise from zoomed drags rounded to 0.01 px. */
export function tidy<T extends Rect>(r: T): T {
  const q = (n: number) => Math.round(n * 100) / 100;
  return { ...r, x: q(r.x), y: q(r.y), w: q(r.w), h: q(r.h) };
}

/**
 * The box under an image point: the smallest one containing it (so a small box inside a big one can
 * still be picked), or null.
 */
export function boxAt(boxes: readonly Rect[], p: Point): number | null {
  let best: number | null = null;
  let bestArea = Infinity;
  for (let i = 0; i < boxes.length; i++) {
    const b = boxes[i];
    if (p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h && b.w * b.h < bestArea) {
      best = i;
      bestArea = b.w * b.h;
    }
  }
  return best;
}

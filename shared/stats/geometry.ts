/** Axis-aligned box in any consistent unit (pixels, percent). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Intersection over union (Jaccard index of the two areas), as in the PASCAL VOC evaluation
 * (Everingham et al., "The PASCAL Visual Object Classes (VOC) Challenge", IJCV 2010, eq. 1).
 * Two degenerate (zero-area) boxes: 1 if identical, else 0, so the result is never NaN.
 */
export function iou(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = a.w * a.h + b.w * b.h - inter;
  if (union <= 0) return a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h ? 1 : 0;
  return inter / union;
}

/**
 * Temporal (1-D) IoU of two intervals [start, end). Two empty intervals: 1 if identical, else 0.
 * Also serves character spans.
 */
export function intervalIou(a: { start: number; end: number }, b: { start: number; end: number }): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = a.end - a.start + (b.end - b.start) - inter;
  if (union <= 0) return a.start === b.start && a.end === b.end ? 1 : 0;
  return inter / union;
}

/**
 * F1 of a matching: 2·matches / (|a| + |b|), the harmonic mean of precision and recall (van Rijsbergen,
 * "Information Retrieval", 1979). Both sets empty: 1 (nothing to disagree on).
 */
export function matchF1(matches: number, sizeA: number, sizeB: number): { precision: number; recall: number; f1: number } {
  if (sizeA === 0 && sizeB === 0) return { precision: 1, recall: 1, f1: 1 };
  // a is the reference: recall is over a, precision over b.
  const precision = sizeB === 0 ? 0 : matches / sizeB;
  const recall = sizeA === 0 ? 0 : matches / sizeA;
  return { precision, recall, f1: (2 * matches) / (sizeA + sizeB) };
}

export interface Span {
  start: number;
  end: number;
  label: string;
}

/**
 * Exact-match span F1 (the CoNLL-2003 shared task measure, Tjong Kim Sang & De Meulder 2003): a span
 * counts only if start, end and label are all equal. Duplicate spans in one list count once.
 */
export function spanF1(a: readonly Span[], b: readonly Span[]): { precision: number; recall: number; f1: number } {
  const key = (s: Span) => `${s.start}:${s.end}:${s.label}`;
  const ka = new Set(a.map(key));
  const kb = new Set(b.map(key));
  let tp = 0;
  for (const k of ka) if (kb.has(k)) tp++;
  return matchF1(tp, ka.size, kb.size);
}

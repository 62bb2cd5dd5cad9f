import type { NerAnswer, NerSpan } from '@shared/tasks/registry';
import { intervalIou } from '@shared/stats/geometry';

/** agree: the other labeler marked the exact span (bounds and label, as the module's span F1 counts);
 *  conflict: the other marked something overlapping it differently; only: the other marked nothing there. */
export type SpanStatus = 'agree' | 'conflict' | 'only';

const key = (s: NerSpan) => `${s.start}:${s.end}:${s.label}`;
const overlaps = (x: NerSpan, y: NerSpan) => x.start < y.end && y.start < x.end;

export function sameSpan(x: NerSpan, y: NerSpan): boolean {
  return x.start === y.start && x.end === y.end && x.label === y.label;
}

export function spanStatus(span: NerSpan, other: readonly NerSpan[]): SpanStatus {
  if (other.some((o) => sameSpan(o, span))) return 'agree';
  return other.some((o) => overlaps(o, span)) ? 'conflict' : 'only';
}

/** The other side's spans a conflicting span collides with, best overlap first (for its tooltip). */
export function counterparts(span: NerSpan, other: readonly NerSpan[]): NerSpan[] {
  return other.filter((o) => overlaps(o, span) && !sameSpan(o, span)).sort((x, y) => intervalIou(y, span) - intervalIou(x, span));
}

/**
 * Spreads spans over lanes so no two spans of a lane overlap (greedy by start: interval partitioning).
 * Without overlaps (the usual config) everything fits on one lane, i.e. one line of text per labeler.
 */
export function lanes(spans: readonly NerSpan[]): NerSpan[][] {
  const sorted = [...spans].sort((x, y) => x.start - y.start || y.end - x.end);
  const out: NerSpan[][] = [];
  const ends: number[] = [];
  for (const s of sorted) {
    const k = ends.findIndex((e) => e <= s.start);
    if (k === -1) {
      out.push([s]);
      ends.push(s.end);
    } else {
      out[k].push(s);
      ends[k] = s.end;
    }
  }
  return out.length ? out : [[]];
}

export interface Segment {
  start: number;
  end: number;
  span: NerSpan | null;
}

/** Cuts a text into plain stretches and the (non-overlapping, sorted) spans of one lane. */
export function segments(textLength: number, lane: readonly NerSpan[]): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const s of lane) {
    const start = Math.max(at, Math.min(s.start, textLength));
    const end = Math.min(s.end, textLength);
    if (end <= start) continue;
    if (start > at) out.push({ start: at, end: start, span: null });
    out.push({ start, end, span: s });
    at = end;
  }
  if (at < textLength) out.push({ start: at, end: textLength, span: null });
  return out;
}

const byPosition = (x: NerSpan, y: NerSpan) => x.start - y.start || x.end - y.end || x.label.localeCompare(y.label);

/**
 * Takes one span into the final, or removes it when the final has it already (a toggle). Where overlaps
 * are not allowed, taking a span drops the final's spans it overlaps: taking Labeler 2's version of a
 * conflict replaces Labeler 1's instead of producing an invalid answer.
 */
export function toggleSpan(final: NerAnswer, span: NerSpan, allowOverlap: boolean): NerAnswer {
  if (final.spans.some((s) => sameSpan(s, span))) return { spans: final.spans.filter((s) => !sameSpan(s, span)) };
  const kept = allowOverlap ? final.spans : final.spans.filter((s) => !overlaps(s, span));
  return { spans: [...kept, { ...span }].sort(byPosition) };
}

export function hasSpan(final: NerAnswer, span: NerSpan): boolean {
  return final.spans.some((s) => sameSpan(s, span));
}

/**
 * Counts for the header: spans both marked, conflicts, spans only one side marked. A conflict is one
 * disagreement however many spans it involves: a pair (same words, different labels, or overlapping
 * bounds) counts once, and spans chained by overlaps across the sides (one long span against two short
 * ones) count once together, as a reviewer resolves them in one decision.
 */
export function summary(a: NerAnswer, b: NerAnswer): { agree: number; conflict: number; only: number } {
  const out = { agree: 0, conflict: 0, only: 0 };
  const inA = a.spans.filter((s) => {
    const st = spanStatus(s, b.spans);
    if (st === 'conflict') return true;
    out[st]++;
    return false;
  });
  const inB = b.spans.filter((s) => {
    const st = spanStatus(s, a.spans);
    if (st === 'conflict') return true;
    if (st === 'only') out.only++;
    return false;
  });
  // Union-find over the conflicting spans of both sides, joined where an A span and a B span collide.
  const parent = [...inA, ...inB].map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  inA.forEach((x, i) =>
    inB.forEach((y, j) => {
      if (overlaps(x, y) && !sameSpan(x, y)) parent[find(i)] = find(inA.length + j);
    }),
  );
  out.conflict = parent.filter((p, i) => find(i) === i).length;
  return out;
}

export { key as spanKey };

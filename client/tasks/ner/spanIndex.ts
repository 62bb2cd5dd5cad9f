import type { NerSpan } from '@shared/tasks/registry';
import { isLowSurrogate, spanKey, type Token } from './text';

/** A run of text rendered as one memoized unit; `para` groups chunks of one line. */
export interface Chunk {
  start: number;
  end: number;
  para: number;
}

/**
 * Lines (split at "\n", which belongs to no chunk) cut into chunks of about `size` UTF-16 units at a
 * whitespace, so one long line still re-renders in small pieces when a span in it changes. Lines are
 * found with indexOf: this runs on every open, over the whole document, before anything is on screen.
 */
export function chunkText(text: string, size = 600): Chunk[] {
  const out: Chunk[] = [];
  let para = 0;
  for (let lineStart = 0; lineStart <= text.length; para++) {
    const nl = text.indexOf('\n', lineStart);
    const i = nl === -1 ? text.length : nl;
    let s = lineStart;
    if (s === i) out.push({ start: s, end: s, para });
    while (s < i) {
      let e = Math.min(i, s + size);
      if (e < i) {
        const ws = text.lastIndexOf(' ', e);
        if (ws > s) e = ws + 1;
        else if (isLowSurrogate(text.charCodeAt(e))) e--;
      }
      out.push({ start: s, end: e, para });
      s = e;
    }
    lineStart = i + 1;
  }
  return out;
}

/** One line of the document: the unit the editor mounts, measures and scrolls to. */
export interface Block {
  start: number;
  end: number;
  chunks: Chunk[];
}

export function textBlocks(text: string, size?: number): Block[] {
  const out: Block[] = [];
  for (const c of chunkText(text, size)) {
    const last = out[out.length - 1];
    if (last && last.chunks[0].para === c.para) {
      last.chunks.push(c);
      last.end = c.end;
    } else out.push({ start: c.start, end: c.end, chunks: [c] });
  }
  return out;
}

/** The block holding text offset `at` (a "\n" between blocks counts to the one before it). */
export function blockAt(blocks: readonly Block[], at: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid].start <= at) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/** A suggestion with its place in the editor's list, which is how pieces and clicks name it. */
export interface IndexedSpan {
  s: NerSpan;
  i: number;
}

/** The spans and suggestions touching each block, so a block renders from its own few. */
export interface SpanIndex {
  spans: NerSpan[][];
  sugs: IndexedSpan[][];
}

/** Built once per change of the spans or suggestions; each span is listed in every block it reaches. */
export function indexSpans(blocks: readonly Block[], spans: readonly NerSpan[], sugs: readonly NerSpan[]): SpanIndex {
  const index: SpanIndex = { spans: blocks.map(() => []), sugs: blocks.map(() => []) };
  const place = (s: NerSpan, add: (b: number) => void) => {
    for (let b = blockAt(blocks, s.start); b < blocks.length && blocks[b].start < s.end; b++) {
      if (blocks[b].end > s.start) add(b);
    }
  };
  for (const s of spans) place(s, (b) => index.spans[b].push(s));
  sugs.forEach((s, i) => place(s, (b) => index.sugs[b].push({ s, i })));
  return index;
}

/** A run of a chunk covered by the same spans and suggestions. */
export interface Piece {
  start: number;
  end: number;
  /** Keys of the answer's spans covering it, shortest first (the innermost decides the colour). */
  spans: string[];
  /** Label of the innermost span, else of the first suggestion covering it. */
  label: string | null;
  /** Indexes of suggestions covering it. */
  sugs: number[];
  /** Labels of spans ending here (shown as a tag after the piece). */
  endLabels: string[];
  /** Inside the keyboard cursor's range. */
  cursor?: boolean;
  /** Inside a match of the editor's find: the one stepped to (`current`) or another. */
  find?: 'match' | 'current';
}

/** A match of the editor's find inside a chunk, and whether it is the one stepped to. */
export interface FindMark {
  start: number;
  end: number;
  current: boolean;
}

/** Cuts a chunk at every boundary of the spans, suggestions, keyboard cursor and find matches inside it. */
export function piecesOf(chunk: Chunk, spans: readonly NerSpan[], sugs: readonly IndexedSpan[], cursor?: Token | null, finds: readonly FindMark[] = []): Piece[] {
  if (chunk.start === chunk.end) return [];
  const inSpans = spans.filter((s) => s.start < chunk.end && s.end > chunk.start);
  const inSugs = sugs.filter(({ s }) => s.start < chunk.end && s.end > chunk.start);
  const inCursor = cursor && cursor.start < chunk.end && cursor.end > chunk.start ? cursor : null;
  const inFinds = finds.filter((f) => f.start < chunk.end && f.end > chunk.start);
  if (!inSpans.length && !inSugs.length && !inCursor && !inFinds.length) return [];
  const cuts = new Set<number>([chunk.start, chunk.end]);
  for (const s of [...inSpans, ...inSugs.map(({ s }) => s), ...(inCursor ? [inCursor] : []), ...inFinds]) {
    if (s.start > chunk.start) cuts.add(s.start);
    if (s.end < chunk.end) cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Piece[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    const cover = inSpans.filter((s) => s.start <= a && s.end >= b).sort((x, y) => x.end - x.start - (y.end - y.start));
    const sugCover = inSugs.filter(({ s }) => s.start <= a && s.end >= b);
    const findCover = inFinds.find((f) => f.start <= a && f.end >= b);
    out.push({
      start: a,
      end: b,
      spans: cover.map(spanKey),
      label: cover[0]?.label ?? sugCover[0]?.s.label ?? null,
      sugs: sugCover.map(({ i }) => i),
      endLabels: inSpans.filter((s) => s.end === b).map((s) => s.label),
      ...(inCursor && inCursor.start <= a && inCursor.end >= b ? { cursor: true } : {}),
      ...(findCover ? { find: findCover.current ? ('current' as const) : ('match' as const) } : {}),
    });
  }
  return out;
}

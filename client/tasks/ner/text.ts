import type { NerSpan } from '@shared/tasks/registry';

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
export const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const WORD = /[\p{L}\p{N}\p{M}_]/u;
const JOINERS = new Set(["'", '’', '-']);

/** Whether the character covering UTF-16 index i is part of a word (letters, digits, marks, inner ' and -). */
export function isWordAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  let p = i;
  if (isLowSurrogate(text.charCodeAt(p)) && p > 0) p--;
  const ch = String.fromCodePoint(text.codePointAt(p)!);
  if (WORD.test(ch)) return true;
  return JOINERS.has(ch) && WORD.test(text[i - 1] ?? '') && WORD.test(text[i + 1] ?? '');
}

/**
 * The span a raw selection [start, end) stands for: whitespace trimmed, never splitting a surrogate pair,
 * and widened to whole words when `snap` is on. Null when nothing but whitespace is selected.
 */
export function normalizeRange(text: string, start: number, end: number, snap: boolean): { start: number; end: number } | null {
  let a = Math.max(0, Math.min(start, end));
  let b = Math.min(text.length, Math.max(start, end));
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  if (a >= b) return null;
  if (isLowSurrogate(text.charCodeAt(a)) && a > 0) a--;
  if (isHighSurrogate(text.charCodeAt(b - 1)) && b < text.length) b++;
  if (snap) {
    while (a > 0 && isWordAt(text, a - 1) && isWordAt(text, a)) a--;
    while (b < text.length && isWordAt(text, b) && isWordAt(text, b - 1)) b++;
  }
  return { start: a, end: b };
}

/** The next word boundary after (dir 1) or before (dir -1) position i, for keyboard resizing. */
export function nextWordBoundary(text: string, i: number, dir: 1 | -1): number {
  let p = i;
  if (dir === 1) {
    while (p < text.length && !isWordAt(text, p)) p++;
    while (p < text.length && isWordAt(text, p)) p++;
  } else {
    while (p > 0 && !isWordAt(text, p - 1)) p--;
    while (p > 0 && isWordAt(text, p - 1)) p--;
  }
  return p;
}

/** A token for the keyboard cursor: a run of word characters, or a run of other non-space characters
 *  (punctuation, symbols, emoji), so every visible character can be reached and tagged from the keyboard. */
export interface Token {
  start: number;
  end: number;
}

const isSpaceAt = (text: string, i: number) => /\s/.test(text[i]);

/** The first token starting at or after position i (a token boundary), or null at the end of the text. */
export function tokenAfter(text: string, i: number): Token | null {
  let p = Math.max(0, i);
  while (p < text.length && isSpaceAt(text, p)) p++;
  if (p >= text.length) return null;
  const word = isWordAt(text, p);
  const start = p;
  while (p < text.length && !isSpaceAt(text, p) && isWordAt(text, p) === word) p++;
  return { start, end: p };
}

/** The last token ending at or before position i (a token boundary), or null at the start of the text. */
export function tokenBefore(text: string, i: number): Token | null {
  let p = Math.min(text.length, i);
  while (p > 0 && isSpaceAt(text, p - 1)) p--;
  if (p <= 0) return null;
  const word = isWordAt(text, p - 1);
  const end = p;
  while (p > 0 && !isSpaceAt(text, p - 1) && isWordAt(text, p - 1) === word) p--;
  return { start: p, end };
}

export const spanKey = (s: Pick<NerSpan, 'start' | 'end' | 'label'>) => `${s.start}:${s.end}:${s.label}`;

export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export function sortSpans(spans: NerSpan[]): NerSpan[] {
  return spans.sort((x, y) => x.start - y.start || x.end - y.end || x.label.localeCompare(y.label));
}

/** Where a DOM boundary point falls in the text, using the data-offset of the rendered pieces. */
export function domPointToOffset(container: Element, node: Node, offset: number, textLength: number): number {
  if (!container.contains(node)) {
    // A selection dragged past the text: clamp to the nearer end.
    return container.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING ? 0 : textLength;
  }
  const pieceStart = (el: Element) => Number(el.getAttribute('data-offset'));
  const pieceLen = (el: Element) => el.textContent?.length ?? 0;
  if (node.nodeType === Node.TEXT_NODE) {
    const piece = node.parentElement?.closest('[data-offset]');
    if (piece && container.contains(piece)) return pieceStart(piece) + offset;
  }
  const el = (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement) as Element;
  if (el.hasAttribute('data-offset') && node === el) return pieceStart(el) + (offset > 0 ? pieceLen(el) : 0);
  const pieces = Array.from(container.querySelectorAll('[data-offset]'));
  const ref = node.nodeType === Node.ELEMENT_NODE ? node.childNodes[offset] ?? null : null;
  if (ref) {
    // The first piece at or after the child the point sits before.
    const first = pieces.find((p) => p === ref || ref.contains(p) || ref.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_FOLLOWING);
    return first ? pieceStart(first) : textLength;
  }
  // After the last child of `node`: the end of the last piece at or before it.
  let last: Element | undefined;
  for (const p of pieces) {
    if (node.contains(p) || node.compareDocumentPosition(p) & Node.DOCUMENT_POSITION_PRECEDING) last = p;
    else break;
  }
  return last ? pieceStart(last) + pieceLen(last) : 0;
}

/** The text range of the current page selection inside the container, or null if none / collapsed. */
export function selectionRange(container: Element, textLength: number): { start: number; end: number } | null {
  const sel = typeof window === 'undefined' ? null : window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!r.intersectsNode(container)) return null;
  const a = domPointToOffset(container, r.startContainer, r.startOffset, textLength);
  const b = domPointToOffset(container, r.endContainer, r.endOffset, textLength);
  return a === b ? null : { start: Math.min(a, b), end: Math.max(a, b) };
}

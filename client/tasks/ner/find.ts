import type { Block } from './spanIndex';
import { blockAt } from './spanIndex';

/** A run of the text [start, end). */
export interface TextRange {
  start: number;
  end: number;
}

/** Past this many matches the search stops: enough to step through, and bounded for a one-letter query. */
export const MAX_MATCHES = 5000;

export interface Found {
  matches: TextRange[];
  /** The search stopped at MAX_MATCHES; there are more. */
  capped: boolean;
}

const NONE: Found = { matches: [], capped: false };
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Where `query` occurs in the whole text, ignoring case, as UTF-16 offsets of the text itself (a regular
 * expression over the original text, not a search in a lower-cased copy, whose offsets can shift: "İ"
 * lower-cases to two units). Matches do not overlap, as in a browser's find.
 */
export function findAll(text: string, query: string): Found {
  if (query === '') return NONE;
  const re = new RegExp(escapeRegExp(query), 'giu');
  const matches: TextRange[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (matches.length === MAX_MATCHES) return { matches, capped: true };
    matches.push({ start: m.index, end: m.index + m[0].length });
  }
  return { matches, capped: false };
}

/** The matches touching each block, so a block renders its own few (the same arrays until the query changes). */
export function indexMatches(blocks: readonly Block[], matches: readonly TextRange[]): TextRange[][] {
  const out: TextRange[][] = blocks.map(() => []);
  for (const m of matches) {
    for (let b = blockAt(blocks, m.start); b < blocks.length && blocks[b].start < m.end; b++) {
      if (blocks[b].end > m.start) out[b].push(m);
    }
  }
  return out;
}

/** The first match starting at or after `from` (wrapping to the first), as an index into `matches`. */
export function matchFrom(matches: readonly TextRange[], from: number): number {
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (matches[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < matches.length ? lo : 0;
}

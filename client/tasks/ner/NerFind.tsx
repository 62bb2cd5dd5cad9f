import { useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { findAll, indexMatches, matchFrom, MAX_MATCHES, type Found, type TextRange } from './find';
import type { Block } from './spanIndex';

/**
 * The editor's own find. The text is windowed (only the lines near the screen are in the page), so the
 * browser's find-in-page cannot see most of a long document: this one searches the whole text.
 */
export interface NerFindState {
  query: string;
  found: Found;
  /** The matches touching each block. */
  perBlock: TextRange[][];
  /** The match stepped to, or null without matches. */
  current: TextRange | null;
  /** Its place among the matches (0-based), -1 without matches. */
  at: number;
  /** Searches for `query`, starting at the first match at or after offset `from`. */
  search(query: string, from: number): void;
  step(dir: 1 | -1): void;
  input: RefObject<HTMLInputElement | null>;
}

/** `reveal` brings a match on screen (the windowed text scrolls to its line, then to the match). */
export function useNerFind(text: string, blocks: readonly Block[], reveal: (m: TextRange) => void): NerFindState {
  const [state, setState] = useState({ query: '', at: 0 });
  const input = useRef<HTMLInputElement>(null);
  const found = useMemo(() => findAll(text, state.query), [text, state.query]);
  const perBlock = useMemo(() => indexMatches(blocks, found.matches), [blocks, found]);
  const n = found.matches.length;
  const at = n ? Math.min(state.at, n - 1) : -1;
  return {
    query: state.query,
    found,
    perBlock,
    current: at >= 0 ? found.matches[at] : null,
    at,
    search(query, from) {
      // Searched here too (not only in the memo) to know where to start and what to bring on screen.
      const { matches } = findAll(text, query);
      const next = matchFrom(matches, from);
      setState({ query, at: next });
      if (matches.length) reveal(matches[next]);
    },
    step(dir) {
      if (!n) return;
      const next = (at + dir + n) % n;
      setState((s) => ({ ...s, at: next }));
      reveal(found.matches[next]);
    },
    input,
  };
}

interface NerFindProps {
  find: NerFindState;
  /** Where a new search starts: the selected span or the word cursor, else the top of the text. */
  from(): number;
  /** Escape in an empty box: the keys go back to the editor. */
  onLeave(): void;
}

export function matchCount(find: Pick<NerFindState, 'query' | 'found' | 'at'>): string {
  if (find.query === '') return '';
  const n = find.found.matches.length;
  if (n === 0) return 'No matches';
  return `${find.at + 1} of ${find.found.capped ? `${MAX_MATCHES}+` : n}`;
}

/** The search box: Enter and Shift+Enter step through the matches, Escape clears it (then leaves it). */
export function NerFind({ find, from, onLeave }: NerFindProps) {
  const n = find.found.matches.length;
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      find.step(e.shiftKey ? -1 : 1);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (find.query) find.search('', 0);
      else onLeave();
    }
  };
  return (
    <div className="ner-find-box" role="search">
      <input
        ref={find.input}
        type="search"
        className="ner-find-input"
        placeholder="Find in text"
        aria-label="Find in the text"
        value={find.query}
        onChange={(e) => find.search(e.target.value, from())}
        onKeyDown={onKeyDown}
        maxLength={200}
      />
      <span className="ner-find-count tk-muted" aria-live="polite">
        {matchCount(find)}
      </span>
      <button type="button" className="tk-btn ner-find-step" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={!n} onClick={() => find.step(-1)}>
        ↑
      </button>
      <button type="button" className="tk-btn ner-find-step" aria-label="Next match" title="Next match (Enter)" disabled={!n} onClick={() => find.step(1)}>
        ↓
      </button>
    </div>
  );
}

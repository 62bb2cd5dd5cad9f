import { useId, useRef, type KeyboardEvent } from 'react';
import type { WordDiffResult } from '../compare-common/use-word-diff';
import { countsShort, countsText, DiffLegend, DiffText, type DiffSides } from './DiffText';

/** One comparison the reviewer can look at: a name for its tab, its diff and what its two sides are. */
export interface DiffPair {
  id: string;
  name: string;
  diff: WordDiffResult;
  sides: DiffSides;
  /** What the diff says when the two texts have the same words. */
  same: string;
}

/**
 * Comparisons as tabs (WAI-ARIA tabs: arrows, Home and End move between them), each tab with its count of
 * changed words; the panel shows the chosen one's diff, its counts and the key to its marks.
 */
export function DiffTabs({ pairs, selected, onSelect }: { pairs: readonly DiffPair[]; selected: string; onSelect(id: string): void }) {
  const base = useId();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const index = Math.max(0, pairs.findIndex((p) => p.id === selected));
  const pair = pairs[index];
  const counts = countsText(pair.diff);

  const onKeyDown = (e: KeyboardEvent) => {
    const to = e.key === 'ArrowRight' ? index + 1 : e.key === 'ArrowLeft' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? pairs.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    const next = (to + pairs.length) % pairs.length;
    onSelect(pairs[next].id);
    tabs.current[next]?.focus();
  };

  return (
    <div className="tx-tabs">
      {pairs.length > 1 && (
        <div role="tablist" aria-label="Compare the texts" className="tx-tablist" onKeyDown={onKeyDown}>
          {pairs.map((p, i) => (
            <button
              key={p.id}
              ref={(el) => { tabs.current[i] = el; }}
              type="button"
              role="tab"
              id={`${base}-tab-${p.id}`}
              aria-selected={i === index}
              aria-controls={`${base}-panel`}
              tabIndex={i === index ? 0 : -1}
              className={`tx-tab${i === index ? ' is-selected' : ''}`}
              onClick={() => onSelect(p.id)}
            >
              {p.name} <span className="tx-tab-count" title={countsText(p.diff) ?? 'comparing…'}>{countsShort(p.diff)}</span>
            </button>
          ))}
        </div>
      )}
      <div role={pairs.length > 1 ? 'tabpanel' : undefined} id={`${base}-panel`} aria-labelledby={pairs.length > 1 ? `${base}-tab-${pair.id}` : undefined} className="tx-tabpanel">
        <div className="tx-diff-head">
          <span className="tx-counts" aria-live="polite">{counts ?? 'Comparing…'}</span>
          {pair.diff.stale && pair.diff.parts && <span className="tk-muted">updating…</span>}
          <DiffLegend sides={pair.sides} />
        </div>
        <DiffText diff={pair.diff} sides={pair.sides} label={pair.name} same={pair.same} />
      </div>
    </div>
  );
}

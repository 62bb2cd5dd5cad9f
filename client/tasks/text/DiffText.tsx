import { memo } from 'react';
import { diffCounts } from '../compare-common/word-diff';
import { useWordDiff, type WordDiffResult } from '../compare-common/use-word-diff';

/** What the two sides of a diff are called in its marks' tooltips and its legend. */
export interface DiffSides {
  /** Tooltip and legend of text only in the first version (struck through), e.g. "deleted by Labeler 1". */
  removed: string;
  /** Tooltip and legend of text only in the second version (underlined), e.g. "added by Labeler 1". */
  added: string;
}

const words = (n: number) => `${n} word${n === 1 ? '' : 's'}`;

/** "3 words added, 1 word deleted", or null before the first diff of long texts lands. */
export function countsText(diff: WordDiffResult): string | null {
  if (!diff.parts) return null;
  const c = diffCounts(diff.parts);
  if (c.added === 0 && c.removed === 0) return diff.parts.some((p) => p.kind !== 'same') ? 'only punctuation changed' : 'no words changed';
  return [c.added ? `${words(c.added)} added` : '', c.removed ? `${words(c.removed)} deleted` : ''].filter(Boolean).join(', ');
}

/** Short count for a tab: "+3 −1"; "=" when the words are the same. */
export function countsShort(diff: WordDiffResult): string {
  if (!diff.parts) return '…';
  const c = diffCounts(diff.parts);
  if (c.added === 0 && c.removed === 0) return diff.parts.some((p) => p.kind !== 'same') ? 'punctuation' : '=';
  return `+${c.added} −${c.removed}`;
}

/** The marks' key: struck and underlined, so the difference never rests on colour alone. */
export function DiffLegend({ sides }: { sides: DiffSides }) {
  return (
    <span className="tx-legend">
      {/* Spans, not del/ins: the key is no change of the text. */}
      <span className="tx-del">struck</span>: {sides.removed} · <span className="tx-ins">underlined</span>: {sides.added}
    </span>
  );
}

/**
 * A word diff as text: deletions struck through, insertions underlined (each with a tooltip naming its
 * side), everything else plain. While a newer diff of long texts is computed the older one stays, dimmed.
 */
export const DiffText = memo(function DiffText({ diff, sides, label, same }: DiffTextProps) {
  const { parts, stale } = diff;
  return (
    <div className={`tx-diff${stale ? ' is-stale' : ''}`} aria-label={label} aria-busy={stale}>
      {parts === null ? (
        <span className="tk-muted">Comparing…</span>
      ) : !parts.some((p) => p.kind !== 'same') ? (
        <span className="tk-muted">{same}</span>
      ) : (
        parts.map((p, i) => {
          if (p.kind === 'same') return <span key={i}>{p.value}</span>;
          // The spaces around a changed run stay unmarked, so a line or underline covers words only.
          const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/u.exec(p.value)!;
          return (
            <span key={i}>
              {lead}
              {p.kind === 'added' ? (
                <ins className="tx-ins" title={sides.added}>{core}</ins>
              ) : (
                <del className="tx-del" title={sides.removed}>{core}</del>
              )}
              {trail}
            </span>
          );
        })
      )}
    </div>
  );
}, sameDiffText);

interface DiffTextProps { diff: WordDiffResult; sides: DiffSides; label: string; same: string }

/**
 * A diff of long texts is thousands of elements: it re-renders only when what it shows changes, not on
 * every keystroke in the final editor beside it (its `sides` are rebuilt each render, hence by value).
 */
function sameDiffText(a: DiffTextProps, b: DiffTextProps): boolean {
  return a.diff === b.diff && a.label === b.label && a.same === b.same && a.sides.added === b.sides.added && a.sides.removed === b.sides.removed;
}

/** The diff of `after` against `before` with its counts and key, kept current as `after` is typed. */
export function LiveDiff({ before, after, sides, label, same }: { before: string; after: string; sides: DiffSides; label: string; same: string }) {
  const diff = useWordDiff(before, after);
  const counts = countsText(diff);
  return (
    <div className="tx-live-diff">
      <div className="tx-diff-head">
        {counts && <span className="tx-counts">{counts}</span>}
        {diff.stale && diff.parts && <span className="tk-muted">updating…</span>}
        <DiffLegend sides={sides} />
      </div>
      <DiffText diff={diff} sides={sides} label={label} same={same} />
    </div>
  );
}

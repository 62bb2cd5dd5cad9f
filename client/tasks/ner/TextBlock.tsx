import { memo, useMemo, type CSSProperties } from 'react';
import type { NerSpan } from '@shared/tasks/registry';
import { tint } from '../common/labels';
import type { TextRange } from './find';
import { piecesOf, type Block, type IndexedSpan, type Piece } from './spanIndex';
import type { Token } from './text';

export interface TextBlockProps {
  block: Block;
  text: string;
  /** The block's own spans and suggestions (from the span index). */
  spans: readonly NerSpan[];
  sugs: readonly IndexedSpan[];
  /** The block's matches of the editor's find (the same array until the query changes). */
  finds: readonly TextRange[];
  /** Each label's colour style, built once per label set. */
  styles: LabelStyles;
  /** Null unless the selection, the cursor or the current match is inside this block, so other blocks keep their render. */
  selectedKey: string | null;
  selectedSug: number | null;
  cursor: Token | null;
  findCurrent: TextRange | null;
}

/** A label's colours as a piece's style (--span, --span-bg), by label value, plus the fallback. */
export interface LabelStyles {
  of(label: string | null): CSSProperties;
}

const FALLBACK_COLOR = '#868e96';
const styleOf = (color: string) => ({ ['--span' as string]: color, ['--span-bg' as string]: tint(color, 0.16) }) as CSSProperties;

/** One style object per label: pieces share it instead of building their colours on every render. */
export function labelStyles(colors: ReadonlyMap<string, string>): LabelStyles {
  const byLabel = new Map([...colors].map(([label, color]) => [label, styleOf(color)]));
  const fallback = styleOf(FALLBACK_COLOR);
  return { of: (label) => (label !== null && byLabel.get(label)) || fallback };
}

function PieceSpan({ p, str, styles, selectedKey, selectedSug }: { p: Piece; str: string } & Pick<TextBlockProps, 'styles' | 'selectedKey' | 'selectedSug'>) {
  if (p.spans.length === 0 && p.sugs.length === 0 && !p.cursor && !p.find) return <span data-offset={p.start}>{str}</span>;
  const cls = ['ner-piece'];
  if (p.spans.length) cls.push('ner-mark');
  if (p.spans.length > 1) cls.push('is-nested');
  if (p.sugs.length) cls.push('ner-sug');
  if (selectedKey && p.spans.includes(selectedKey)) cls.push('is-selected');
  if (selectedSug !== null && p.sugs.includes(selectedSug)) cls.push('is-sug-selected');
  if (p.cursor) cls.push('is-cursor');
  if (p.find) cls.push('ner-find', ...(p.find === 'current' ? ['is-find-current'] : []));
  return (
    <span
      data-offset={p.start}
      data-spans={p.spans.join(' ') || undefined}
      data-sugs={p.sugs.join(' ') || undefined}
      data-label={p.endLabels.length ? p.endLabels.join(' · ') : undefined}
      className={cls.join(' ')}
      style={p.spans.length || p.sugs.length ? styles.of(p.label) : undefined}
    >
      {str}
    </span>
  );
}

/** One line of the document, cut into pieces at span and match boundaries; re-renders only when its own marks change. */
export const TextBlock = memo(function TextBlock({ block, text, spans, sugs, finds, styles, selectedKey, selectedSug, cursor, findCurrent }: TextBlockProps) {
  const pieces = useMemo(() => {
    const marks = finds.map((f) => ({ start: f.start, end: f.end, current: f === findCurrent }));
    return block.chunks.map((c) => ({ c, pieces: piecesOf(c, spans, sugs, cursor, marks) }));
  }, [block, spans, sugs, cursor, finds, findCurrent]);
  return (
    <>
      {pieces.map(({ c, pieces }) =>
        pieces.length === 0 ? (
          <span key={c.start} data-offset={c.start}>
            {text.slice(c.start, c.end)}
          </span>
        ) : (
          pieces.map((p) => <PieceSpan key={p.start} p={p} str={text.slice(p.start, p.end)} styles={styles} selectedKey={selectedKey} selectedSug={selectedSug} />)
        ),
      )}
    </>
  );
});

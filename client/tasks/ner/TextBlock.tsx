import { memo, useMemo, type CSSProperties } from 'react';
import type { NerSpan } from '@shared/tasks/registry';
import { tint } from '../common/labels';
import { piecesOf, type Block, type IndexedSpan, type Piece } from './spanIndex';
import type { Token } from './text';

export interface TextBlockProps {
  block: Block;
  text: string;
  /** The block's own spans and suggestions (from the span index). */
  spans: readonly NerSpan[];
  sugs: readonly IndexedSpan[];
  colors: Map<string, string>;
  /** Null unless the selection or the cursor is inside this block, so other blocks keep their render. */
  selectedKey: string | null;
  selectedSug: number | null;
  cursor: Token | null;
}

const FALLBACK_COLOR = '#868e96';

function PieceSpan({ p, str, colors, selectedKey, selectedSug }: { p: Piece; str: string } & Pick<TextBlockProps, 'colors' | 'selectedKey' | 'selectedSug'>) {
  if (p.spans.length === 0 && p.sugs.length === 0 && !p.cursor) return <span data-offset={p.start}>{str}</span>;
  const color = (p.label !== null && colors.get(p.label)) || FALLBACK_COLOR;
  const cls = ['ner-piece'];
  if (p.spans.length) cls.push('ner-mark');
  if (p.spans.length > 1) cls.push('is-nested');
  if (p.sugs.length) cls.push('ner-sug');
  if (selectedKey && p.spans.includes(selectedKey)) cls.push('is-selected');
  if (selectedSug !== null && p.sugs.includes(selectedSug)) cls.push('is-sug-selected');
  if (p.cursor) cls.push('is-cursor');
  const style = { ['--span' as string]: color, ['--span-bg' as string]: tint(color, 0.16) } as CSSProperties;
  return (
    <span
      data-offset={p.start}
      data-spans={p.spans.join(' ') || undefined}
      data-sugs={p.sugs.join(' ') || undefined}
      data-label={p.endLabels.length ? p.endLabels.join(' · ') : undefined}
      className={cls.join(' ')}
      style={p.spans.length || p.sugs.length ? style : undefined}
    >
      {str}
    </span>
  );
}

/** One line of the document, cut into pieces at span boundaries; re-renders only when its own spans change. */
export const TextBlock = memo(function TextBlock({ block, text, spans, sugs, colors, selectedKey, selectedSug, cursor }: TextBlockProps) {
  const pieces = useMemo(() => block.chunks.map((c) => ({ c, pieces: piecesOf(c, spans, sugs, cursor) })), [block, spans, sugs, cursor]);
  return (
    <>
      {pieces.map(({ c, pieces }) =>
        pieces.length === 0 ? (
          <span key={c.start} data-offset={c.start}>
            {text.slice(c.start, c.end)}
          </span>
        ) : (
          pieces.map((p) => <PieceSpan key={p.start} p={p} str={text.slice(p.start, p.end)} colors={colors} selectedKey={selectedKey} selectedSug={selectedSug} />)
        ),
      )}
    </>
  );
});

import { useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent, type RefObject } from 'react';
import { defaultRangeExtractor, measureElement, observeElementRect, useVirtualizer, type Range } from '@tanstack/react-virtual';
import type { NerSpan } from '@shared/tasks/registry';
import { blockAt, type Block, type SpanIndex } from './spanIndex';
import type { TextRange } from './find';
import { TextBlock, type LabelStyles } from './TextBlock';
import type { Token } from './text';

/** A place to bring on screen: the block holding `at`, then the element `selector` finds in it. */
export interface Reveal {
  at: number;
  selector: string;
}

interface NerTextProps {
  container: RefObject<HTMLDivElement | null>;
  text: string;
  blocks: readonly Block[];
  index: SpanIndex;
  styles: LabelStyles;
  /** The matches of the editor's find in each block, and the one stepped to. */
  finds: readonly (readonly TextRange[])[];
  findCurrent: TextRange | null;
  selected: NerSpan | null;
  selectedKey: string | null;
  sug: NerSpan | null;
  selectedSug: number | null;
  cursor: Token | null;
  /** The mouse selection waiting for a label: its blocks stay mounted while it waits. */
  pending: { start: number; end: number } | null;
  reveal: Reveal | null;
  readOnly?: boolean;
  onMouseUp(e: MouseEvent<HTMLDivElement>): void;
}

const LINE_PX = 30.4;
const CHARS_PER_LINE = 90;
/** The vertical padding of the text box, held by the virtualizer so the measured offsets include it. */
const PAD_PX = 12;
/** A box without layout (not displayed yet, or jsdom) still shows the start of the document. */
const UNLAID_HEIGHT = 600;

const touches = (r: { start: number; end: number } | null, b: Block) => !!r && r.start < Math.max(b.end, b.start + 1) && r.end > b.start;

/**
 * The document, one block per line, with only the blocks on screen (and a few around) mounted: a long
 * document opens at the cost of its first screen. The blocks a mouse selection starts and ends in stay
 * mounted while it lasts, so scrolling does not cut the selection out of the DOM.
 */
export function NerText(props: NerTextProps) {
  const { container, text, blocks, index, styles, finds, findCurrent, selected, selectedKey, sug, selectedSug, cursor, pending, reveal } = props;
  const [pressed, setPressed] = useState<number | null>(null);
  const pinned = useMemo(() => {
    const pins = new Set<number>();
    if (pressed !== null) pins.add(pressed);
    if (pending) for (const at of [pending.start, Math.max(pending.start, pending.end - 1)]) pins.add(blockAt(blocks, at));
    return pins;
  }, [pressed, pending, blocks]);

  const virtualizer = useVirtualizer({
    count: blocks.length,
    getScrollElement: () => container.current,
    estimateSize: (i) => Math.max(1, Math.ceil((blocks[i].end - blocks[i].start) / CHARS_PER_LINE)) * LINE_PX,
    measureElement: (el, entry, v) => measureElement(el, entry, v) || v.options.estimateSize(v.indexFromElement(el)),
    observeElementRect: (v, cb) => observeElementRect(v, (r) => cb(r.height > 0 ? r : { ...r, height: UNLAID_HEIGHT })),
    rangeExtractor: (range: Range) => (pinned.size ? [...new Set([...defaultRangeExtractor(range), ...pinned])].sort((a, b) => a - b) : defaultRangeExtractor(range)),
    paddingStart: PAD_PX,
    paddingEnd: PAD_PX,
    overscan: 2,
  });

  // An element asked for but not mounted yet: scrolled to by block first, then found after the render.
  const waiting = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (!reveal) return;
    const el = container.current?.querySelector(reveal.selector);
    if (el) return void el.scrollIntoView?.({ block: 'nearest' });
    waiting.current = reveal.selector;
    virtualizer.scrollToIndex(blockAt(blocks, reveal.at), { align: 'center' });
  }, [reveal]); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!waiting.current) return;
    const el = container.current?.querySelector(waiting.current);
    if (!el) return;
    waiting.current = null;
    el.scrollIntoView?.({ block: 'nearest' });
  });

  const onMouseDown = (e: MouseEvent<HTMLDivElement>) => {
    const at = (e.target as Element).closest?.('[data-index]')?.getAttribute('data-index');
    setPressed(at == null ? null : Number(at));
  };

  return (
    <div
      ref={container}
      className={`ner-text${props.readOnly ? ' is-readonly' : ''}`}
      onMouseDown={onMouseDown}
      onMouseUp={props.onMouseUp}
      data-testid="ner-text"
    >
      <div className="ner-blocks" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const b = blocks[item.index];
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className={`ner-para${b.start === b.end ? ' is-blank' : ''}`}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <TextBlock
                block={b}
                text={text}
                spans={index.spans[item.index]}
                sugs={index.sugs[item.index]}
                finds={finds[item.index]}
                styles={styles}
                selectedKey={touches(selected, b) ? selectedKey : null}
                selectedSug={touches(sug, b) ? selectedSug : null}
                cursor={touches(cursor, b) ? cursor : null}
                findCurrent={touches(findCurrent, b) ? findCurrent : null}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

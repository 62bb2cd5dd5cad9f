import { useRef } from 'react';
import { observeElementRect, useVirtualizer } from '@tanstack/react-virtual';
import type { NerSpan } from '@shared/tasks/registry';
import { SuggestionList } from '../common/Suggestion';
import { labelTitle, type LabelView } from '../common/labels';
import { Mark } from './Mark';
import { spanKey } from './text';

interface NerSuggestionsProps {
  text: string;
  suggestions: readonly NerSpan[];
  views: readonly LabelView[];
  selectedSug: number | null;
  readOnly?: boolean;
  onSelect(i: number): void;
  onAccept(i: number): void;
  onAcceptAll(): void;
}

/** Past this many, only the rows in the list's scroll box are mounted: 500 model spans cost a third of a document's open. */
const WINDOW_FROM = 60;
/** One row's pitch in the windowed list (30 px pinned by ner.css, ellipsis instead of wrapping, + 2 px apart). */
const ROW_PX = 32;
/** The list's max-height (14rem): what a box without layout yet (or jsdom) is taken to show. */
const BOX_PX = 224;

/** The model's spans not decided on yet, each to select (and so find in the text) or accept. */
export function NerSuggestions(props: NerSuggestionsProps) {
  const { suggestions, readOnly, onAcceptAll } = props;
  return (
    <SuggestionList className="ner-suggestions" count={suggestions.length} noun="span" readOnly={readOnly} onAcceptAll={onAcceptAll}>
      {suggestions.length > WINDOW_FROM ? <WindowedList {...props} /> : (
        <ul className="tk-list ner-sug-list">
          {suggestions.map((s, i) => <SuggestionRow key={spanKey(s)} {...props} s={s} i={i} />)}
        </ul>
      )}
    </SuggestionList>
  );
}

function WindowedList(props: NerSuggestionsProps) {
  const box = useRef<HTMLUListElement>(null);
  const virtualizer = useVirtualizer({
    count: props.suggestions.length,
    getScrollElement: () => box.current,
    estimateSize: () => ROW_PX,
    observeElementRect: (v, cb) => observeElementRect(v, (r) => cb(r.height > 0 ? r : { ...r, height: BOX_PX })),
    overscan: 6,
  });
  const items = virtualizer.getVirtualItems();
  const before = items.length ? items[0].start : 0;
  const after = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  return (
    <ul ref={box} className="tk-list ner-sug-list is-windowed">
      {before > 0 && <li aria-hidden style={{ height: before, padding: 0, border: 0 }} />}
      {items.map((it) => {
        const s = props.suggestions[it.index];
        return <SuggestionRow key={spanKey(s)} {...props} s={s} i={it.index} />;
      })}
      {after > 0 && <li aria-hidden style={{ height: after, padding: 0, border: 0 }} />}
    </ul>
  );
}

function SuggestionRow({ text, views, selectedSug, readOnly, onSelect, onAccept, s, i }: NerSuggestionsProps & { s: NerSpan; i: number }) {
  return (
    <li className={`tk-list-item is-suggested${selectedSug === i ? ' is-selected' : ''}`} onClick={() => onSelect(i)}>
      <Mark label={s.label} views={views} />
      <span className="ner-sug-text">{text.slice(s.start, s.end)}</span>
      <button
        type="button"
        className="tk-btn"
        disabled={readOnly}
        aria-label={`Accept ${labelTitle(views, s.label)} “${text.slice(s.start, s.end)}”`}
        onClick={(e) => {
          e.stopPropagation();
          onAccept(i);
        }}
      >
        Accept
      </button>
    </li>
  );
}

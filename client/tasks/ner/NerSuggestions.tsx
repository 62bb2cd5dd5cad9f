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

/** The model's spans not decided on yet, each to select (and so find in the text) or accept. */
export function NerSuggestions({ text, suggestions, views, selectedSug, readOnly, onSelect, onAccept, onAcceptAll }: NerSuggestionsProps) {
  return (
    <SuggestionList className="ner-suggestions" count={suggestions.length} noun="span" readOnly={readOnly} onAcceptAll={onAcceptAll}>
      <ul className="tk-list ner-sug-list">
        {suggestions.map((s, i) => (
          <li key={spanKey(s)} className={`tk-list-item is-suggested${selectedSug === i ? ' is-selected' : ''}`} onClick={() => onSelect(i)}>
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
        ))}
      </ul>
    </SuggestionList>
  );
}

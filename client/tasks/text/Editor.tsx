import { useEffect, useRef } from 'react';
import type { TextAnswer, TextConfig } from '@shared/tasks/registry';
import { Kbd } from '../../hotkeys/Kbd';
import { useHotkeys, useQuestionScope } from '../../hotkeys/useHotkeys';
import { SuggestionBar } from '../common/Suggestion';
import type { EditorProps } from '../types';
import { LiveDiff } from './DiffText';
import '../common/common.css';
import './text.css';

const ORIGINAL_SIDES = { removed: 'deleted from the original', added: 'added to the original' };

type Props = EditorProps<TextConfig, TextAnswer> & {
  /**
   * Fill an empty rewrite with the original on opening (labeling). QA's final editor turns it off: an
   * undecided final must stay undecided until the reviewer takes a version or writes one.
   */
  startFromOriginal?: boolean;
};

export default function TextEditor({ question, config, data, value, onChange, prelabel, readOnly, active, startFromOriginal = true }: Props) {
  const scope = useQuestionScope(question.id, active, question.title);
  const area = useRef<HTMLTextAreaElement>(null);
  const src = config.sourceField ? data[config.sourceField] : undefined;
  const original = typeof src === 'string' ? src : src == null ? null : String(src);

  // A rewrite starts from the original. With a suggestion the person chooses explicitly, so a model's
  // text is never submitted just because nobody touched it.
  const initialised = useRef(false);
  useEffect(() => {
    if (initialised.current) return;
    initialised.current = true;
    if (startFromOriginal && original !== null && value.text === '' && !prelabel && !readOnly) onChange({ text: original });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useHotkeys(
    [
      { id: 'edit', keys: 'e', scope, description: 'Edit the answer', group: 'Text', when: () => !readOnly, run: () => area.current?.focus() },
      { id: 'leave', keys: 'escape', scope, description: 'Leave the text box', group: 'Text', allowInInputs: true, when: () => document.activeElement === area.current, run: () => area.current?.blur() },
    ],
    [scope],
  );

  const len = value.text.trim().length;
  return (
    <div className="tk-editor tk-text">
      <div className={original !== null ? 'tx-columns' : undefined}>
        {original !== null && (
          <section className="tx-original" aria-label="Original">
            <h4 className="tk-section-title">Original</h4>
            <div className="tx-original-text">{original}</div>
          </section>
        )}
        <section className="tx-answer">
          <h4 className="tk-section-title">
            {original !== null ? 'Your version' : 'Your answer'} <Kbd keys="e" />
          </h4>
          <textarea
            ref={area}
            className="tk-textarea tx-area"
            aria-label={original !== null ? 'Your version' : 'Your answer'}
            value={value.text}
            readOnly={readOnly}
            maxLength={config.maxLength}
            onChange={(e) => onChange({ text: e.target.value }, { coalesce: 'text' })}
          />
          <div className="tk-toolbar">
            <span className={`tk-counter${len < config.minLength || value.text.length > config.maxLength ? ' is-short' : ''}`}>
              {len} character{len === 1 ? '' : 's'}
              {config.minLength > 1 ? ` (at least ${config.minLength})` : ''}
              {value.text.length > config.maxLength ? ` (at most ${config.maxLength}: shorten it to submit)` : ''}
            </span>
            {original !== null && !readOnly && value.text !== original && (
              <button type="button" className="tk-btn" onClick={() => onChange({ text: original })}>
                Start over from the original
              </button>
            )}
          </div>
        </section>
      </div>
      {original !== null && (
        <section>
          <h4 className="tk-section-title">Changes</h4>
          {value.text === '' ? (
            // An empty text is not a rewrite that deletes everything: there is nothing to compare yet.
            <div className="tx-diff" aria-label="Changes">
              <span className="tk-muted">Nothing written yet.</span>
            </div>
          ) : (
            <LiveDiff before={original} after={value.text} sides={ORIGINAL_SIDES} label="Changes" same="No changes from the original." />
          )}
        </section>
      )}
      {prelabel && (
        <SuggestionBar readOnly={readOnly} accepted={value.text === prelabel.text} onAccept={() => onChange({ text: prelabel.text })}>
          {original !== null ? <LiveDiff before={original} after={prelabel.text} sides={ORIGINAL_SIDES} label="Suggested changes" same="The suggestion is the original." /> : <div className="tx-sug-text">{prelabel.text}</div>}
        </SuggestionBar>
      )}
      {prelabel && original !== null && value.text === '' && !readOnly && (
        <div className="tk-toolbar">
          <button type="button" className="tk-btn" onClick={() => onChange({ text: original })}>
            Start from the original
          </button>
        </div>
      )}
    </div>
  );
}

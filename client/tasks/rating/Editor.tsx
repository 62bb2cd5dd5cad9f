import { useRef, useState } from 'react';
import type { RatingAnswer, RatingConfig } from '@shared/tasks/registry';
import type { HotkeyBinding } from '../../hotkeys/dispatcher';
import { Kbd } from '../../hotkeys/Kbd';
import { useHotkeys, useQuestionScope } from '../../hotkeys/useHotkeys';
import { actionBinding, useKeymap } from '../../hotkeys/keymap';
import { SuggestionBar } from '../common/Suggestion';
import type { EditorProps } from '../types';
import { scoreDigitsOf, scoreValues } from './digits';
import '../common/common.css';
import './rating.css';

export default function RatingEditor({ question, config, value, onChange, prelabel, readOnly, active }: EditorProps<RatingConfig, RatingAnswer>) {
  const scope = useQuestionScope(question.id, active, question.title);
  const [focus, setFocus] = useState(0);
  const criteria = config.criteria;
  const current = criteria[Math.min(focus, criteria.length - 1)];

  const setScore = (id: string, v: number | null) => {
    if (readOnly) return;
    onChange({ ...value, scores: { ...value.scores, [id]: v } });
  };

  const digits = scoreDigitsOf(config);
  // A digit scores and moves on; a person used to "digit, then ↓" would skip a criterion, so the first ↓
  // after a digit's move is taken as already done. Any other key or click ends that.
  const advanced = useRef(false);
  const move = (delta: number) => {
    advanced.current = false;
    setFocus((f) => Math.min(criteria.length - 1, Math.max(0, f + delta)));
  };
  const useSuggestion = () => {
    if (prelabel) onChange({ scores: { ...value.scores, ...prelabel.scores }, rationale: prelabel.rationale || value.rationale });
  };
  const keymap = useKeymap();
  const bindings: HotkeyBinding[] = [
    { id: 'up', keys: 'arrowup', scope, group: 'Criteria', description: 'Previous criterion', run: () => move(-1) },
    {
      id: 'down', keys: 'arrowdown', scope, group: 'Criteria', description: 'Next criterion (right after a digit: stays, the digit already moved on)',
      run: () => (advanced.current ? (advanced.current = false) : move(1)),
    },
    ...digits.map(
      (d): HotkeyBinding => ({
        id: `score:${d}`,
        keys: String(d),
        scope,
        group: 'Scores',
        description: `Score ${d} on the current criterion, then move to the next`,
        when: () => !readOnly && d >= current.min && d <= current.max,
        run: () => {
          setScore(current.id, d);
          const last = focus >= criteria.length - 1;
          if (!last) setFocus(focus + 1);
          advanced.current = !last;
        },
      }),
    ),
    {
      id: 'clear',
      keys: ['delete', 'backspace'],
      scope,
      group: 'Scores',
      description: 'Clear the current criterion’s score',
      when: () => !readOnly,
      run: () => {
        advanced.current = false;
        setScore(current.id, null);
      },
    },
    actionBinding('use-suggestion', 'question', { when: () => !readOnly && !!prelabel, run: useSuggestion }, scope),
  ];
  useHotkeys(bindings, [scope, digits.join(','), criteria.length, keymap]);

  const len = value.rationale.trim().length;
  const short = len < config.rationaleMinLength;
  const sameAsSuggestion =
    !!prelabel &&
    value.rationale === prelabel.rationale &&
    criteria.every((c) => (value.scores[c.id] ?? null) === (prelabel.scores[c.id] ?? null));

  return (
    <div className="tk-editor tk-rating">
      <div className="rt-criteria" role="list">
        {criteria.map((c, i) => {
          const score = value.scores[c.id] ?? null;
          const suggested = prelabel?.scores[c.id] ?? null;
          return (
            <div
              key={c.id}
              role="listitem"
              className={`rt-row${i === focus && active ? ' is-focus' : ''}`}
              onClick={() => {
                advanced.current = false;
                setFocus(i);
              }}
              aria-current={i === focus ? 'true' : undefined}
            >
              <div className="rt-title">
                <strong>{c.title}</strong>
                {c.description && <span className="tk-muted">{c.description}</span>}
              </div>
              <div className="rt-scores" role="group" aria-label={c.title}>
                {scoreValues(c).map((v) => (
                  <button
                    key={v}
                    type="button"
                    className={`rt-score${score === v ? ' is-on' : ''}${suggested === v ? ' is-suggested' : ''}`}
                    aria-pressed={score === v}
                    aria-label={`${c.title}: ${v}${suggested === v ? ' (suggested)' : ''}`}
                    disabled={readOnly}
                    onClick={() => {
                      setFocus(i);
                      setScore(c.id, score === v ? null : v);
                    }}
                  >
                    {v}
                  </button>
                ))}
                <span className="rt-range tk-muted">
                  {c.min}–{c.max}
                </span>
              </div>
            </div>
          );
        })}
      </div>
      <div className="tk-muted rt-help">
        <Kbd keys={['arrowup', 'arrowdown']} /> criterion · <Kbd keys={digits.length ? [String(digits[0]), String(digits[digits.length - 1])] : []} /> score
      </div>
      <label className="rt-rationale">
        <span className="tk-section-title">Rationale</span>
        <textarea
          className="tk-textarea"
          value={value.rationale}
          readOnly={readOnly}
          placeholder="Why these scores?"
          onChange={(e) => onChange({ ...value, rationale: e.target.value }, { coalesce: 'rationale' })}
        />
      </label>
      {config.rationaleMinLength > 0 && (
        <div className={`tk-counter${short ? ' is-short' : ''}`}>
          {len} / {config.rationaleMinLength} characters minimum
        </div>
      )}
      {prelabel && (
        <SuggestionBar
          readOnly={readOnly}
          accepted={sameAsSuggestion}
          onAccept={useSuggestion}
        >
          {criteria.map((c) => `${c.title}: ${prelabel.scores[c.id] ?? '—'}`).join(' · ')}
          {prelabel.rationale && <div className="tk-muted">{prelabel.rationale}</div>}
        </SuggestionBar>
      )}
    </div>
  );
}

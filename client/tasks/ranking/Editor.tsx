import { useRef, useState, type CSSProperties } from 'react';
import type { RankingAnswer, RankingClaim, RankingConfig } from '@shared/tasks/registry';
import { isConversation } from '@shared/conversation';
import type { HotkeyBinding } from '../../hotkeys/dispatcher';
import { Kbd } from '../../hotkeys/Kbd';
import { useHotkeys, useQuestionScope } from '../../hotkeys/useHotkeys';
import { RichText } from '../../components/rich/RichText';
import { Transcript } from '../../components/rich/Transcript';
import { SuggestionBar } from '../common/Suggestion';
import type { EditorProps } from '../types';
import { preferenceText, responseName } from './compare-ranking';
import { groupsOfAnswer, withGroups } from './order-edit';
import { OrderList } from './OrderList';
import { ResponseText, selectedClaim } from './ResponseText';
import { scaleKeys, withStrength } from './scale';
import '../common/common.css';
import './ranking.css';

/** The prompt: a conversation as a chat transcript, a text as markdown. */
function Prompt({ prompt }: { prompt: unknown }) {
  if (prompt === undefined || prompt === null || prompt === '') return null;
  return (
    <section className="rk-prompt" aria-label="Prompt">
      <h4 className="tk-section-title">Prompt</h4>
      {isConversation(prompt) ? (
        <Transcript messages={prompt} label="Prompt conversation" />
      ) : (
        <RichText text={typeof prompt === 'string' ? prompt : JSON.stringify(prompt, null, 2)} className="rk-prompt-text" />
      )}
    </section>
  );
}

export default function RankingEditor({ question, config, data, value, onChange, prelabel, readOnly, active }: EditorProps<RankingConfig, RankingAnswer>) {
  const scope = useQuestionScope(question.id, active, question.title);
  const root = useRef<HTMLDivElement>(null);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  const [status, setStatus] = useState('');
  const [plain, setPlain] = useState(false);
  const [picked, setPicked] = useState<number | null>(null);
  const rawResponses = data[config.responsesField];
  const responses = Array.isArray(rawResponses) ? rawResponses.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))) : [];
  const pairwise = config.mode === 'pairwise';
  const shown = pairwise ? responses.slice(0, 2) : responses;
  const keys = scaleKeys(config);
  // Another question on the same pair (a safety rating beside helpfulness) may show the texts instead.
  const texts = config.showTexts;
  const claimsOn = config.flagClaims && texts;
  const groups = groupsOfAnswer(value, shown.length);

  const choose = (strength: number) => {
    if (readOnly || (strength === 0 && !config.allowTie)) return;
    onChange(withStrength(value, strength));
  };

  const flag = () => {
    if (readOnly || !claimsOn || !root.current) return;
    const c = selectedClaim(root.current, responses);
    if (c === null) return setStatus('Select the unsupported text in a response first.');
    if (typeof c === 'string') return setStatus(c);
    if (value.claims.some((x) => x.response === c.response && x.start === c.start && x.end === c.end)) return setStatus('That text is already flagged.');
    onChange({ ...value, claims: [...value.claims, c].sort((x, y) => x.response - y.response || x.start - y.start) });
    window.getSelection()?.removeAllRanges();
    setStatus('');
  };
  const removeClaim = (c: RankingClaim) => onChange({ ...value, claims: value.claims.filter((x) => x !== c) });

  const bindings: HotkeyBinding[] = [
    ...(pairwise
      ? config.scale.flatMap((s, i): HotkeyBinding[] =>
          keys[i]
            ? [{ id: `scale:${s.value}`, keys: keys[i]!, scope, group: 'Preference', description: s.title, when: () => !readOnly && (s.value !== 0 || config.allowTie), run: () => choose(s.value) }]
            : [],
        )
      : []),
    ...(claimsOn ? [{ id: 'flag', keys: 'u', scope, group: 'Claims', description: 'Flag the selected text as an unsupported claim', when: () => !readOnly, run: flag } satisfies HotkeyBinding] : []),
    ...(texts ? [{ id: 'written', keys: 'w', scope, group: 'Responses', description: 'Show the responses as written / as formatted markdown', run: () => setPlain((p) => !p) } satisfies HotkeyBinding] : []),
    { id: 'reason', keys: 'r', scope, group: 'Reason', description: 'Write the reason', when: () => !readOnly, run: () => reasonBox.current?.focus() },
    {
      id: 'leave',
      keys: 'escape',
      scope,
      group: 'Reason',
      description: pairwise ? 'Leave the reason box' : 'Leave the reason box, or deselect the response',
      allowInInputs: true,
      when: () => document.activeElement === reasonBox.current || (!pairwise && picked !== null),
      run: () => (document.activeElement === reasonBox.current ? reasonBox.current?.blur() : setPicked(null)),
    },
  ];
  useHotkeys(bindings, [scope, pairwise, config.scale, claimsOn, texts]);

  const reasonLen = value.reason.trim().length;
  const sameAsSuggestion = !!prelabel && JSON.stringify(prelabel) === JSON.stringify(value);
  const rankOf = (i: number) => groups.findIndex((g) => g.includes(i)) + 1;

  return (
    <div className="tk-editor tk-ranking" ref={root}>
      {texts && <Prompt prompt={data[config.promptField]} />}
      {texts && (
        <div className="rk-responses" style={{ ['--cols' as string]: Math.min(shown.length, shown.length === 4 ? 2 : 3) } as CSSProperties}>
          {shown.map((r, i) => (
            <section key={i} className={`rk-response${pairwise && value.preferred === i ? ' is-preferred' : ''}${picked === i ? ' is-picked' : ''}`} aria-label={`Response ${responseName(i)}`}>
              <h4 className="tk-section-title">
                Response {responseName(i)}
                {!pairwise && value.order && <span className="rk-rank"> · rank {rankOf(i)}{groups[rankOf(i) - 1]?.length > 1 ? ' (tie)' : ''}</span>}
              </h4>
              <ResponseText index={i} text={r} claims={value.claims} suggested={prelabel?.claims ?? []} onRemove={removeClaim} readOnly={readOnly} plain={plain} />
            </section>
          ))}
        </div>
      )}
      {texts && (
        <div className="tk-toolbar">
          {claimsOn && (
            <button type="button" className="tk-btn" disabled={readOnly} onMouseDown={(e) => e.preventDefault()} onClick={flag}>
              Flag unsupported claim <Kbd keys="u" />
            </button>
          )}
          <button type="button" className={`tk-btn${plain ? ' is-on' : ''}`} aria-pressed={plain} onClick={() => setPlain((p) => !p)}>
            Show as written <Kbd keys="w" />
          </button>
          {claimsOn && <span className="tk-muted">{value.claims.length} flagged · select text in a response, then press U</span>}
        </div>
      )}
      {!texts && <p className="tk-muted rk-shared-note">The prompt and responses are shown with the question above.</p>}
      <div className="tk-status" role="status">
        {status}
      </div>
      {pairwise ? (
        <div className="rk-scale" role="group" aria-label="Preference">
          {config.scale.map((s, i) => {
            const on = value.strength === s.value;
            const sug = prelabel?.strength === s.value;
            return (
              <button
                key={s.value}
                type="button"
                className={`rk-step${on ? ' is-on' : ''}${sug ? ' is-suggested' : ''}${s.value === 0 ? ' is-tie' : ''}`}
                aria-pressed={on}
                disabled={readOnly || (s.value === 0 && !config.allowTie)}
                onClick={() => choose(s.value)}
              >
                <span>{s.title}</span>
                {sug && <span className="tk-badge">suggested</span>}
                {keys[i] && <Kbd keys={keys[i]} />}
              </button>
            );
          })}
        </div>
      ) : (
        <section aria-label="Order">
          <h4 className="tk-section-title">Order, best first{value.order ? '' : ' (not ranked yet)'}</h4>
          {!readOnly && (
            <div className="tk-muted rk-order-hint">
              Drag <span aria-hidden="true">⠿</span> a response (onto the middle of another to tie) · its number selects it ·{' '}
              <Kbd keys={['shift+arrowup', 'shift+arrowdown']} /> or <Kbd keys={['[', ']']} /> moves it · <Kbd keys={['home', 'end']} /> first / last
              {config.orderTies && <> · <Kbd keys="=" /> ties it with the rank above</>}
            </div>
          )}
          <OrderList
            groups={groups} ranked={!!value.order} responses={shown} ties={config.orderTies} readOnly={readOnly} scope={scope}
            picked={picked} onPick={setPicked} onChange={(g) => onChange(withGroups(value, g))}
          />
          {!value.order && !readOnly && (
            <button type="button" className="tk-btn" onClick={() => onChange(withGroups(value, groups))}>
              Keep this order
            </button>
          )}
        </section>
      )}
      <label className="rk-reason">
        <span className="tk-section-title">
          Reason <Kbd keys="r" />
        </span>
        <textarea
          ref={reasonBox}
          className="tk-textarea"
          value={value.reason}
          readOnly={readOnly}
          placeholder={pairwise ? 'What makes the preferred response better?' : 'What decided the order?'}
          onChange={(e) => onChange({ ...value, reason: e.target.value }, { coalesce: 'reason' })}
        />
      </label>
      {config.reasonMinLength > 0 && (
        <div className={`tk-counter${reasonLen < config.reasonMinLength ? ' is-short' : ''}`}>
          {reasonLen} / {config.reasonMinLength} characters minimum
        </div>
      )}
      {prelabel && (
        <SuggestionBar readOnly={readOnly} accepted={sameAsSuggestion} onAccept={() => onChange(structuredClone(prelabel))}>
          {pairwise
            ? config.scale.find((s) => s.value === prelabel.strength)?.title ?? 'undecided'
            : preferenceText(prelabel, config)}
          {prelabel.claims.length > 0 && ` · ${prelabel.claims.length} flagged claim${prelabel.claims.length > 1 ? 's' : ''}`}
          {prelabel.reason && <div className="tk-muted">{prelabel.reason}</div>}
        </SuggestionBar>
      )}
    </div>
  );
}

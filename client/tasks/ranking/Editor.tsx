import { useRef, useState, type CSSProperties } from 'react';
import type { RankingAnswer, RankingClaim, RankingConfig } from '@shared/tasks/registry';
import type { HotkeyBinding } from '../../hotkeys/dispatcher';
import { Kbd } from '../../hotkeys/Kbd';
import { useHotkeys, useQuestionScope } from '../../hotkeys/useHotkeys';
import { SuggestionBar } from '../common/Suggestion';
import { domPointToOffset, normalizeRange } from '../ner/text';
import type { EditorProps } from '../types';
import { moveInOrder, scaleKeys, withStrength } from './scale';
import '../common/common.css';
import './ranking.css';

const letter = (i: number) => String.fromCharCode(65 + i);

/** The claim a page selection inside one response stands for, or a reason why there is none. */
function selectedClaim(root: HTMLElement, responses: readonly string[]): RankingClaim | string | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  const boxOf = (n: Node) => (n.nodeType === Node.ELEMENT_NODE ? (n as Element) : n.parentElement)?.closest('[data-response]');
  const a = boxOf(r.startContainer);
  const b = boxOf(r.endContainer);
  if (!a || !b || !root.contains(a)) return null;
  if (a !== b) return 'Select text inside one response to flag it.';
  const i = Number(a.getAttribute('data-response'));
  const text = responses[i] ?? '';
  const start = domPointToOffset(a, r.startContainer, r.startOffset, text.length);
  const end = domPointToOffset(a, r.endContainer, r.endOffset, text.length);
  const n = normalizeRange(text, start, end, true);
  return n ? { response: i, start: n.start, end: n.end, text: text.slice(n.start, n.end) } : null;
}

function ResponseText({ index, text, claims, suggested, onRemove, readOnly }: {
  index: number;
  text: string;
  claims: RankingClaim[];
  suggested: RankingClaim[];
  onRemove(c: RankingClaim): void;
  readOnly?: boolean;
}) {
  const mine = claims.filter((c) => c.response === index);
  const sug = suggested.filter((c) => c.response === index && !mine.some((m) => m.start === c.start && m.end === c.end));
  const cuts = new Set([0, text.length]);
  for (const c of [...mine, ...sug]) {
    cuts.add(Math.max(0, Math.min(text.length, c.start)));
    cuts.add(Math.max(0, Math.min(text.length, c.end)));
  }
  const points = [...cuts].sort((x, y) => x - y);
  const parts = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const s = points[k];
    const e = points[k + 1];
    const claim = mine.find((c) => c.start <= s && c.end >= e);
    const sugg = sug.some((c) => c.start <= s && c.end >= e);
    parts.push(
      claim ? (
        <mark
          key={s}
          data-offset={s}
          className="rk-claim"
          title={readOnly ? 'Unsupported claim' : 'Unsupported claim: click to remove'}
          onClick={readOnly ? undefined : () => onRemove(claim)}
        >
          {text.slice(s, e)}
        </mark>
      ) : (
        <span key={s} data-offset={s} className={sugg ? 'rk-claim-sug' : undefined}>
          {text.slice(s, e)}
        </span>
      ),
    );
  }
  return (
    <div className="rk-response-text" data-response={index}>
      {parts}
    </div>
  );
}

export default function RankingEditor({ question, config, data, value, onChange, prelabel, readOnly, active }: EditorProps<RankingConfig, RankingAnswer>) {
  const scope = useQuestionScope(question.id, active, question.title);
  const root = useRef<HTMLDivElement>(null);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  const [status, setStatus] = useState('');
  // The response (not the position) the keys move, so the selection travels with it.
  const [picked, setPicked] = useState<number | null>(null);
  const prompt = data[config.promptField];
  const rawResponses = data[config.responsesField];
  const responses = Array.isArray(rawResponses) ? rawResponses.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))) : [];
  const pairwise = config.mode === 'pairwise';
  const shown = pairwise ? responses.slice(0, 2) : responses;
  const keys = scaleKeys(config);

  const choose = (strength: number) => {
    if (readOnly || (strength === 0 && !config.allowTie)) return;
    onChange(withStrength(value, strength));
  };

  const flag = () => {
    if (readOnly || !config.flagClaims || !root.current) return;
    const c = selectedClaim(root.current, responses);
    if (c === null) return setStatus('Select the unsupported text in a response first.');
    if (typeof c === 'string') return setStatus(c);
    if (value.claims.some((x) => x.response === c.response && x.start === c.start && x.end === c.end)) return setStatus('That text is already flagged.');
    onChange({ ...value, claims: [...value.claims, c].sort((x, y) => x.response - y.response || x.start - y.start) });
    window.getSelection()?.removeAllRanges();
    setStatus('');
  };

  const removeClaim = (c: RankingClaim) => onChange({ ...value, claims: value.claims.filter((x) => x !== c) });

  const order = value.order ?? shown.map((_, i) => i);
  const move = (pos: number, dir: -1 | 1) => {
    if (readOnly) return;
    const next = moveInOrder(order, pos, dir);
    onChange({ ...value, order: next, preferred: next[0] });
  };
  const pickedPos = picked === null ? -1 : order.indexOf(picked);
  const pickStep = (dir: -1 | 1) => {
    const pos = pickedPos < 0 ? (dir > 0 ? 0 : order.length - 1) : Math.max(0, Math.min(order.length - 1, pickedPos + dir));
    setPicked(order[pos] ?? null);
  };
  // Digits belong to the preference scale, which order mode does not show, so here they name responses.
  const numbered = pairwise ? [] : shown.slice(0, 9).map((_, i) => i);

  const bindings: HotkeyBinding[] = [
    ...(pairwise
      ? config.scale.flatMap((s, i): HotkeyBinding[] =>
          keys[i]
            ? [{ id: `scale:${s.value}`, keys: keys[i]!, scope, group: 'Preference', description: s.title, when: () => !readOnly && (s.value !== 0 || config.allowTie), run: () => choose(s.value) }]
            : [],
        )
      : []),
    ...(config.flagClaims
      ? [{ id: 'flag', keys: 'u', scope, group: 'Claims', description: 'Flag the selected text as an unsupported claim', when: () => !readOnly, run: flag } satisfies HotkeyBinding]
      : []),
    ...(pairwise
      ? []
      : [
          { id: 'order-prev', keys: 'arrowleft', scope, group: 'Order', description: 'Select the response ranked above', when: () => !readOnly && order.length > 0, run: () => pickStep(-1) },
          { id: 'order-next', keys: 'arrowright', scope, group: 'Order', description: 'Select the response ranked below', when: () => !readOnly && order.length > 0, run: () => pickStep(1) },
          ...numbered.map((i): HotkeyBinding => ({ id: `order-pick:${i}`, keys: String(i + 1), scope, group: 'Order', description: `Select response ${letter(i)}`, when: () => !readOnly, run: () => setPicked(i) })),
          { id: 'order-up', keys: ['shift+arrowup', '['], scope, group: 'Order', description: 'Move the selected response up', when: () => !readOnly && pickedPos > 0, run: () => move(pickedPos, -1) },
          { id: 'order-down', keys: ['shift+arrowdown', ']'], scope, group: 'Order', description: 'Move the selected response down', when: () => !readOnly && pickedPos >= 0 && pickedPos < order.length - 1, run: () => move(pickedPos, 1) },
        ]),
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
  useHotkeys(bindings, [scope, pairwise, config.scale, config.flagClaims, numbered.length]);

  const reasonLen = value.reason.trim().length;
  const sameAsSuggestion = !!prelabel && JSON.stringify(prelabel) === JSON.stringify(value);

  return (
    <div className="tk-editor tk-ranking" ref={root}>
      {prompt !== undefined && prompt !== null && (
        <section className="rk-prompt" aria-label="Prompt">
          <h4 className="tk-section-title">Prompt</h4>
          <div className="rk-prompt-text">{typeof prompt === 'string' ? prompt : JSON.stringify(prompt)}</div>
        </section>
      )}
      <div className="rk-responses" style={{ ['--cols' as string]: Math.min(shown.length, 3) } as CSSProperties}>
        {shown.map((r, i) => (
          <section key={i} className={`rk-response${pairwise && value.preferred === i ? ' is-preferred' : ''}`} aria-label={`Response ${letter(i)}`}>
            <h4 className="tk-section-title">
              Response {letter(i)}
              {!pairwise && value.order && <span className="rk-rank"> · rank {value.order.indexOf(i) + 1}</span>}
            </h4>
            <ResponseText index={i} text={r} claims={value.claims} suggested={prelabel?.claims ?? []} onRemove={removeClaim} readOnly={readOnly} />
          </section>
        ))}
      </div>
      {config.flagClaims && (
        <div className="tk-toolbar">
          <button type="button" className="tk-btn" disabled={readOnly} onMouseDown={(e) => e.preventDefault()} onClick={flag}>
            Flag unsupported claim <Kbd keys="u" />
          </button>
          <span className="tk-muted">
            {value.claims.length} flagged · select text in a response, then press U; click a highlight to remove it
          </span>
        </div>
      )}
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
              <Kbd keys={['arrowleft', 'arrowright']} /> or a response’s number selects it · <Kbd keys={['shift+arrowup', 'shift+arrowdown']} /> or{' '}
              <Kbd keys={['[', ']']} /> moves it
            </div>
          )}
          <ol className="rk-order">
            {order.map((r, pos) => (
              <li key={r} className={picked === r ? 'is-picked' : undefined} aria-current={picked === r || undefined}>
                <span>
                  Response {letter(r)} {!readOnly && r < 9 && <Kbd keys={String(r + 1)} />}
                </span>
                <button type="button" className="tk-btn" disabled={readOnly || pos === 0} aria-label={`Move ${letter(r)} up`} onClick={() => move(pos, -1)}>
                  ↑
                </button>
                <button type="button" className="tk-btn" disabled={readOnly || pos === order.length - 1} aria-label={`Move ${letter(r)} down`} onClick={() => move(pos, 1)}>
                  ↓
                </button>
              </li>
            ))}
          </ol>
          {!value.order && !readOnly && (
            <button type="button" className="tk-btn" onClick={() => onChange({ ...value, order, preferred: order[0] })}>
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
          placeholder="What makes the preferred response better?"
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
            : (prelabel.order ?? []).map(letter).join(' > ') || 'undecided'}
          {prelabel.claims.length > 0 && ` · ${prelabel.claims.length} flagged claim${prelabel.claims.length > 1 ? 's' : ''}`}
          {prelabel.reason && <div className="tk-muted">{prelabel.reason}</div>}
        </SuggestionBar>
      )}
    </div>
  );
}

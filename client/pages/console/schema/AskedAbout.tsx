import { useState } from 'react';
import { SCOPES, type Scope } from '@shared/tasks/scope';
import type { ShowIf } from '@shared/tasks/conditions';
import { taskModule } from '@shared/tasks/registry';
import { moduleOf } from '../../../tasks/registry';
import type { DraftQuestion, SchemaIssue } from './model';

// What a question is asked about (the whole row, each assistant turn, each response) and when it is asked
// at all (only when an earlier answer matches). The shared schema judges both on save; these fields only
// write them, and show its messages beside them.

/** The field a new scope starts on: the shape the chat APIs and most preference data sets use. */
const DEFAULT_FIELD: Record<Scope['each'], string> = { turn: 'messages', response: 'responses' };

type Asked = 'row' | Scope['each'];

function askedText(each: Asked, field: string): string {
  if (each === 'row') return 'the whole row';
  return each === 'turn' ? `each assistant turn of ${field}` : `each response of ${field}`;
}

/** "Asked about": only for a type that can judge one turn or response at a time (its module says so). */
export function ScopeFields({ q, prefix, issues, onChange }: { q: DraftQuestion; prefix: string; issues: SchemaIssue[]; onChange(next: DraftQuestion): void }) {
  if (!taskModule(q.type).scopable) return null;
  const err = issues.find((x) => x.path.startsWith('scope'))?.message;
  const asked: Asked = q.scope?.each ?? 'row';
  const set = (each: Asked, field?: string) => {
    const next = { ...q };
    if (each === 'row') delete next.scope;
    else next.scope = { each, field: field ?? q.scope?.field ?? DEFAULT_FIELD[each] };
    onChange(next);
  };
  return (
    <div className={err ? 'form-grid form-grid-3 has-error' : 'form-grid form-grid-3'}>
      <div className="field">
        <label className="field-label" htmlFor={`${prefix}-asked`}>Asked about</label>
        <select id={`${prefix}-asked`} className="input input-sm" value={asked} onChange={(e) => set(e.target.value as Asked)}>
          {(['row', ...SCOPES] as const).map((each) => (
            <option key={each} value={each}>{askedText(each, each === 'row' ? '' : q.scope?.field ?? DEFAULT_FIELD[each])}</option>
          ))}
        </select>
        {!err && <div className="field-hint">Per turn or response, the question is answered once for each; agreement, QA and exports follow.</div>}
      </div>
      {q.scope && (
        <div className={err ? 'field has-error' : 'field'}>
          <label className="field-label" htmlFor={`${prefix}-scope-field`}>{q.scope.each === 'turn' ? 'Conversation field' : 'Responses field'}</label>
          <input
            id={`${prefix}-scope-field`} className="input input-sm mono" value={q.scope.field} aria-invalid={err ? true : undefined}
            onChange={(e) => set(q.scope!.each, e.target.value)}
          />
          {err ? <div className="field-error">{err}</div> : (
            <div className="field-hint">
              {q.scope.each === 'turn' ? 'A list of {role, content} messages; its assistant turns are asked about.' : 'A list of responses; each is asked about.'}
            </div>
          )}
        </div>
      )}
    </div>
  );
}

/** The values a condition on `parent` can name: its labels when its type has a fixed list, else null (free text). */
function valuesOf(parent: DraftQuestion): string[] | null {
  const parsed = taskModule(parent.type).config.safeParse(parent.config);
  return parsed.success ? moduleOf(parent).filterValues(parsed.data) : null;
}

const asList = (equals: ShowIf['equals'] | undefined): string[] => (equals === undefined ? [] : Array.isArray(equals) ? equals : [equals]);

/** "Show only when <question> is <value>": for any question after the first, on an earlier one's answer. */
export function ConditionFields({ q, prefix, earlier, issues, onChange }: {
  q: DraftQuestion;
  prefix: string;
  earlier: readonly DraftQuestion[];
  issues: SchemaIssue[];
  onChange(next: DraftQuestion): void;
}) {
  if (earlier.length === 0) return null;
  const errQuestion = issues.find((x) => x.path === 'showIf.question' || x.path === 'showIf')?.message;
  const errValue = issues.find((x) => x.path.startsWith('showIf.equals'))?.message;
  const parent = q.showIf ? earlier.find((p) => p.id === q.showIf!.question) : undefined;
  const values = parent ? valuesOf(parent) : null;
  const chosen = asList(q.showIf?.equals);
  const write = (showIf: DraftQuestion['showIf'] | null) => {
    const next = { ...q };
    if (showIf) next.showIf = showIf;
    else delete next.showIf;
    onChange(next);
  };
  // None chosen is written as an empty value, which the shared schema names ("must not be empty").
  const setValues = (list: string[]) => write({ question: q.showIf!.question, equals: list.length === 0 ? '' : list.length === 1 ? list[0] : list });
  return (
    <div className="form-grid form-grid-3">
      <div className={errQuestion ? 'field has-error' : 'field'}>
        <label className="field-label" htmlFor={`${prefix}-show-if`}>Show only when</label>
        <select
          id={`${prefix}-show-if`} className="input input-sm" value={q.showIf?.question ?? ''} aria-invalid={errQuestion ? true : undefined}
          onChange={(e) => {
            const p = earlier.find((x) => x.id === e.target.value);
            // A new condition starts on the parent's first value (or an empty one to type), so it says what it needs.
            write(p ? { question: p.id, equals: valuesOf(p)?.[0] ?? '' } : null);
          }}
        >
          <option value="">always asked</option>
          {earlier.map((p) => <option key={p.id} value={p.id}>“{p.title || p.id}” is …</option>)}
          {q.showIf && !parent && <option value={q.showIf.question}>{q.showIf.question} (not an earlier question)</option>}
        </select>
        {errQuestion ? <div className="field-error">{errQuestion}</div> : <div className="field-hint">Hidden questions are not required and not exported.</div>}
      </div>
      {q.showIf && parent && (
        values ? (
          <fieldset className={errValue ? 'field has-error' : 'field'}>
            <legend className="field-label">is any of</legend>
            <div className="radios">
              {values.map((v) => (
                <label key={v} className="check">
                  <input type="checkbox" checked={chosen.includes(v)} onChange={(e) => setValues(e.target.checked ? [...chosen, v] : chosen.filter((x) => x !== v))} />
                  <span>{v}</span>
                </label>
              ))}
            </div>
            {errValue && <div className="field-error">{errValue}</div>}
          </fieldset>
        ) : (
          <FreeValue key={parent.id} id={`${prefix}-show-if-value`} initial={chosen} hint={moduleOf(parent).filterHint} error={errValue} onChange={setValues} />
        )
      )}
    </div>
  );
}

/** A typed condition value (several separated by |), kept as typed while the lead writes it. */
function FreeValue({ id, initial, hint, error, onChange }: { id: string; initial: string[]; hint: string | null; error?: string; onChange(values: string[]): void }) {
  const [text, setText] = useState(initial.join(' | '));
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label className="field-label" htmlFor={id}>is</label>
      <input
        id={id} className="input input-sm" value={text} aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.split('|').map((v) => v.trim()).filter((v) => v !== ''));
        }}
      />
      {error ? <div className="field-error">{error}</div> : <div className="field-hint">{hint ?? 'the answer'}; several: separate with |</div>}
    </div>
  );
}

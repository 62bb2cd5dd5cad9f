import type { ReactNode } from 'react';

/** Small controlled inputs of the builder's forms: each keeps `undefined` for "not set" so module defaults apply. */

export function TextField({ id, label, value, onChange, hint, placeholder, error, mono }: {
  id: string;
  label: ReactNode;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  hint?: ReactNode;
  placeholder?: string;
  error?: string;
  mono?: boolean;
}) {
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label className="field-label" htmlFor={id}>{label}</label>
      <input
        id={id} className={mono ? 'input input-sm mono' : 'input input-sm'} value={value ?? ''} placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      />
      {error ? <div className="field-error">{error}</div> : hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

export function NumberField({ id, label, value, onChange, min, max, step, hint, error }: {
  id: string;
  label: ReactNode;
  value: unknown;
  onChange: (v: number | undefined) => void;
  min?: number;
  max?: number;
  step?: number;
  hint?: ReactNode;
  error?: string;
}) {
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label className="field-label" htmlFor={id}>{label}</label>
      <input
        id={id} className="input input-sm" type="number" min={min} max={max} step={step ?? 'any'}
        value={typeof value === 'number' && Number.isFinite(value) ? value : ''}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
      />
      {error ? <div className="field-error">{error}</div> : hint ? <div className="field-hint">{hint}</div> : null}
    </div>
  );
}

export function CheckField({ id, label, checked, onChange, hint }: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange: (v: boolean) => void;
  hint?: ReactNode;
}) {
  return (
    <div className="field field-check">
      <label className="check" htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <span>{label}</span>
      </label>
      {hint && <div className="field-hint">{hint}</div>}
    </div>
  );
}

export function SelectField<T extends string>({ id, label, value, options, onChange }: {
  id: string;
  label: ReactNode;
  value: T;
  options: ReadonlyArray<{ value: T; label: string }>;
  onChange: (v: T) => void;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>{label}</label>
      <select id={id} className="input input-sm" value={value} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </div>
  );
}

/** Up / down / remove buttons of one item of an ordered list. */
export function ItemButtons({ index, count, onMove, onRemove, what }: {
  index: number;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
  what: string;
}) {
  return (
    <span className="item-buttons">
      <button type="button" className="btn btn-ghost btn-sm icon-btn" disabled={index === 0} onClick={() => onMove(index - 1)} aria-label={`Move ${what} up`} title="Move up">↑</button>
      <button type="button" className="btn btn-ghost btn-sm icon-btn" disabled={index === count - 1} onClick={() => onMove(index + 1)} aria-label={`Move ${what} down`} title="Move down">↓</button>
      <button type="button" className="btn btn-ghost btn-sm icon-btn danger" onClick={onRemove} aria-label={`Remove ${what}`} title="Remove">✕</button>
    </span>
  );
}

/**
 * An ordered list edited as a table: a row an item with its cells, then its move / remove buttons; the list
 * problem and the add buttons (`children`) below. Without `alwaysHead` an empty list shows no table.
 */
export function ItemTable<T>({ legend, columns, list, onChange, what, cells, issue, alwaysHead, children }: {
  legend: ReactNode;
  columns: readonly string[];
  list: readonly T[];
  onChange: (next: T[]) => void;
  /** How the move / remove buttons name the item. */
  what: (item: T, i: number) => string;
  cells: (item: T, i: number) => ReactNode;
  issue?: string;
  alwaysHead?: boolean;
  children?: ReactNode;
}) {
  return (
    <fieldset className="field labels-editor">
      <legend className="field-label">{legend}</legend>
      {(alwaysHead || list.length > 0) && (
        <table className="mini-table">
          <thead>
            <tr>{columns.map((c) => <th key={c}>{c}</th>)}<th><span className="sr-only">Order</span></th></tr>
          </thead>
          <tbody>
            {list.map((item, i) => (
              <tr key={i}>
                {cells(item, i)}
                <td>
                  <ItemButtons index={i} count={list.length} what={what(item, i)}
                    onMove={(to) => onChange(move(list, i, to))} onRemove={() => onChange(list.filter((_, k) => k !== i))} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {issue && <div className="field-error">{issue}</div>}
      {children}
    </fieldset>
  );
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const out = [...list];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x);
  return out;
}

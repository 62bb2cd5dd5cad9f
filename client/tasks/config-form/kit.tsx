import type { ReactNode } from 'react';
import { labelViews, PALETTE } from '../common/labels';
import type { ConfigEditorProps, ConfigIssue } from '../types';
import { CheckField, ItemTable, NumberField, TextField } from './fields';

export type Config = Record<string, unknown>;

/** A label as the builder holds it: only `value` is needed, the rest falls back to defaults. */
export interface DraftLabel {
  value: string;
  title?: string;
  hotkey?: string;
  color?: string;
  description?: string;
}

/** A label as the form shows it, whether the JSON wrote it as a bare string or as an object. */
export const labelOf = (l: unknown): DraftLabel => (typeof l === 'string' ? { value: l } : { ...(l as DraftLabel) });

/** Sets keys of the config, dropping those set to undefined so the module's defaults apply again. */
export function patched(config: Config, patch: Config): Config {
  const out = { ...config, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete out[k];
  return out;
}

export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown, dflt: boolean) => (typeof v === 'boolean' ? v : dflt);
/** A number input's value: empty while the key is unset. */
export const numValue = (v: unknown) => (typeof v === 'number' ? v : '');
/** An emptied number input unsets its key, so the module's default applies again. */
export const optionalNumber = (input: string) => (input === '' ? undefined : Number(input));
export const RANGE_KEYS = ['min', 'max', 'tolerance'] as const;
/** Bounds of a number input for a threshold in [0, 1], and for a count. */
export const UNIT = { min: 0, max: 1, step: 0.05 };
export const COUNT = { min: 0, step: 1 };

export function LabelsEditor({ prefix, labels, onChange, issues }: {
  prefix: string;
  labels: unknown;
  onChange: (next: DraftLabel[]) => void;
  issues: ConfigIssue[];
}) {
  const list = Array.isArray(labels) ? labels.map(labelOf) : [];
  // What the editor will bind and draw where the lead left hotkey or colour unset.
  const auto = labelViews(list.map((l) => ({ ...l, value: l.value ?? '' })));
  const set = (i: number, patch: Partial<DraftLabel>) =>
    onChange(list.map((l, k) => {
      if (k !== i) return l;
      const next: DraftLabel = { ...l, ...patch };
      for (const key of Object.keys(patch) as (keyof DraftLabel)[]) if (key !== 'value' && (next[key] === undefined || next[key] === '')) delete next[key];
      return next;
    }));
  const issueAt = (i: number, key: string) => issues.find((x) => x.path === `config.labels[${i}].${key}`)?.message;
  const listIssue = issues.find((x) => x.path === 'config.labels')?.message;
  function add() {
    const keys = new Set(list.map((l) => l.hotkey));
    const hotkey = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'].find((d) => !keys.has(d));
    let n = list.length + 1;
    while (list.some((l) => l.value === `label_${n}`)) n++;
    onChange([...list, { value: `label_${n}`, ...(hotkey ? { hotkey } : {}), color: PALETTE[list.length % PALETTE.length] }]);
  }
  return (
    <ItemTable
      legend="Labels" columns={['Value', 'Shown as', 'Colour', 'Hotkey']} list={list} onChange={onChange} issue={listIssue}
      what={(l, i) => `label ${l.value || i + 1}`}
      cells={(l, i) => (
        <>
          <td>
            <input
              className="input input-sm mono" aria-label={`Label ${i + 1} value`} value={l.value ?? ''}
              aria-invalid={issueAt(i, 'value') ? true : undefined} title={issueAt(i, 'value')}
              onChange={(e) => set(i, { value: e.target.value })}
            />
          </td>
          <td>
            <input className="input input-sm" aria-label={`Label ${i + 1} title`} value={l.title ?? ''} placeholder={l.value} onChange={(e) => set(i, { title: e.target.value })} />
          </td>
          <td>
            <input
              type="color" className="color-input" aria-label={`Label ${i + 1} colour`}
              value={/^#[0-9a-f]{6}$/i.test(l.color ?? '') ? l.color : auto[i].color}
              onChange={(e) => set(i, { color: e.target.value })}
            />
          </td>
          <td>
            <input
              className="input input-sm hotkey-input mono" aria-label={`Label ${i + 1} hotkey`} value={l.hotkey ?? ''} maxLength={20} placeholder={auto[i].hotkey}
              aria-invalid={issueAt(i, 'hotkey') ? true : undefined} title={issueAt(i, 'hotkey')}
              onChange={(e) => set(i, { hotkey: e.target.value })}
            />
          </td>
        </>
      )}
    >
      <div><button type="button" className="btn btn-secondary btn-sm" onClick={add}>+ Label</button></div>
    </ItemTable>
  );
}


/** The builder's field helpers bound to one question's config: inputs that write a key, and the layout. */
export function configKit<C>({ config, set, prefix, issues }: ConfigEditorProps<C>) {
  const cfg = config as Config;
  const put = set as (patch: Config) => void;
  const err = (k: string) => issues.find((x) => x.path === `config.${k}`)?.message;
  const field = (key: keyof C & string, label: string, hint: string, placeholder?: string) => (
    <TextField id={`${prefix}-${key}`} label={label} hint={hint} placeholder={placeholder} mono value={str(cfg[key])} error={err(key)} onChange={(v) => put({ [key]: v })} />
  );
  const num = (key: keyof C & string, label: string, hint: string, opts: { min?: number; max?: number; step?: number } = {}) => (
    <NumberField id={`${prefix}-${key}`} label={label} hint={hint} value={cfg[key]} error={err(key)} onChange={(v) => put({ [key]: v })} {...opts} />
  );
  const check = (key: keyof C & string, id: string, label: string, dflt: boolean) => (
    <CheckField id={`${prefix}-${id}`} label={label} checked={bool(cfg[key], dflt)} onChange={(v) => put({ [key]: v })} />
  );
  /** The type's scalar fields in the grid, then its list editors below. */
  const form = (grid: ReactNode, below?: ReactNode) => (
    <>
      <div className="form-grid form-grid-3">{grid}</div>
      {below}
    </>
  );
  const labels = <LabelsEditor prefix={prefix} labels={cfg.labels} issues={issues} onChange={(l) => put({ labels: l })} />;
  return { cfg, put, field, num, check, form, labels };
}

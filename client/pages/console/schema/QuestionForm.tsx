import type { ReactNode } from 'react';
import type { TaskType } from '@shared/tasks/types';
import { labelViews, PALETTE } from '../../../tasks/common/labels';
import { CheckField, ItemButtons, ItemTable, NumberField, SelectField, TextField } from './fields';
import { TEXT_MAX_LENGTH } from '@shared/tasks/text';
import { labelOf, TYPE_NAMES, type DraftLabel, type DraftQuestion, type SchemaIssue } from './model';

type Config = Record<string, unknown>;
type SetConfig = (patch: Config) => void;

/** Sets keys of the config, dropping those set to undefined so the module's defaults apply again. */
function patched(config: Config, patch: Config): Config {
  const out = { ...config, ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete out[k];
  return out;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown, dflt: boolean) => (typeof v === 'boolean' ? v : dflt);
/** A number input's value: empty while the key is unset. */
const numValue = (v: unknown) => (typeof v === 'number' ? v : '');
/** An emptied number input unsets its key, so the module's default applies again. */
const optionalNumber = (input: string) => (input === '' ? undefined : Number(input));
const RANGE_KEYS = ['min', 'max', 'tolerance'] as const;
/** Bounds of a number input for a threshold in [0, 1], and for a count. */
const UNIT = { min: 0, max: 1, step: 0.05 };
const COUNT = { min: 0, step: 1 };

function LabelsEditor({ prefix, labels, onChange, issues }: {
  prefix: string;
  labels: unknown;
  onChange: (next: DraftLabel[]) => void;
  issues: SchemaIssue[];
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

function CriteriaEditor({ prefix, criteria, onChange, issues }: { prefix: string; criteria: unknown; onChange: (next: Config[]) => void; issues: SchemaIssue[] }) {
  const list = Array.isArray(criteria) ? (criteria as Config[]) : [];
  const set = (i: number, patch: Config) => onChange(list.map((c, k) => (k === i ? patched(c, patch) : c)));
  const listIssue = issues.find((x) => x.path === 'config.criteria')?.message;
  return (
    <ItemTable
      legend="Rubric criteria" columns={['Id', 'Title', 'Min', 'Max', 'Tolerance']} list={list} onChange={onChange} issue={listIssue}
      what={(c, i) => `criterion ${str(c.id) ?? i + 1}`}
      cells={(c, i) => (
        <>
          <td><input className="input input-sm mono" aria-label={`Criterion ${i + 1} id`} value={str(c.id) ?? ''} onChange={(e) => set(i, { id: e.target.value })} /></td>
          <td><input className="input input-sm" aria-label={`Criterion ${i + 1} title`} value={str(c.title) ?? ''} onChange={(e) => set(i, { title: e.target.value })} /></td>
          {RANGE_KEYS.map((k) => (
            <td key={k}>
              <input
                className="input input-sm num-input" type="number" aria-label={`Criterion ${i + 1} ${k}`}
                value={numValue(c[k])} placeholder={k === 'min' ? '1' : k === 'max' ? '5' : '1'}
                onChange={(e) => set(i, { [k]: optionalNumber(e.target.value) })}
              />
            </td>
          ))}
        </>
      )}
    >
      <div>
        <button
          type="button" className="btn btn-secondary btn-sm" id={`${prefix}-add-criterion`}
          onClick={() => {
            let n = list.length + 1;
            while (list.some((c) => c.id === `criterion_${n}`)) n++;
            onChange([...list, { id: `criterion_${n}`, title: `Criterion ${n}`, min: 1, max: 5, tolerance: 1 }]);
          }}
        >
          + Criterion
        </button>
      </div>
    </ItemTable>
  );
}

function ScaleEditor({ scale, onChange }: { scale: unknown; onChange: (next: Config[] | undefined) => void }) {
  const list = Array.isArray(scale) ? (scale as Config[]) : null;
  if (!list)
    return (
      <div className="field">
        <span className="field-label">Strength scale</span>
        <div className="field-hint">
          The default 7-step scale (A much better … Tie … B much better).{' '}
          <button type="button" className="btn btn-link" onClick={() => onChange([
            { value: -2, title: 'A better' }, { value: -1, title: 'A slightly better' }, { value: 0, title: 'Tie' },
            { value: 1, title: 'B slightly better' }, { value: 2, title: 'B better' },
          ])}>Customize</button>
        </div>
      </div>
    );
  const set = (i: number, patch: Config) => onChange(list.map((c, k) => (k === i ? { ...c, ...patch } : c)));
  return (
    <ItemTable
      legend={<>Strength scale <span className="muted">(negative favours A, positive B, 0 a tie)</span></>}
      columns={['Value', 'Title']} list={list} onChange={onChange} alwaysHead what={(_, i) => `scale step ${i + 1}`}
      cells={(s, i) => (
        <>
          <td><input className="input input-sm num-input" type="number" aria-label={`Scale step ${i + 1} value`} value={numValue(s.value)} onChange={(e) => set(i, { value: Number(e.target.value) })} /></td>
          <td><input className="input input-sm" aria-label={`Scale step ${i + 1} title`} value={str(s.title) ?? ''} onChange={(e) => set(i, { title: e.target.value })} /></td>
        </>
      )}
    >
      <div className="actions">
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => onChange([...list, { value: list.length, title: `Step ${list.length + 1}` }])}>+ Step</button>
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange(undefined)}>Use the default scale</button>
      </div>
    </ItemTable>
  );
}

function ClipQuestionsEditor({ list: raw, onChange }: { list: unknown; onChange: (next: Config[]) => void }) {
  const list = Array.isArray(raw) ? (raw as Config[]) : [];
  const set = (i: number, patch: Config) => onChange(list.map((c, k) => (k === i ? patched(c, patch) : c)));
  return (
    <ItemTable
      legend={<>Clip questions <span className="muted">(asked once per recording)</span></>}
      columns={['Id', 'Title', 'Kind', 'Options / range']} list={list} onChange={onChange} what={(_, i) => `clip question ${i + 1}`}
      cells={(c, i) => (
        <>
          <td><input className="input input-sm mono" aria-label={`Clip question ${i + 1} id`} value={str(c.id) ?? ''} onChange={(e) => set(i, { id: e.target.value })} /></td>
          <td><input className="input input-sm" aria-label={`Clip question ${i + 1} title`} value={str(c.title) ?? ''} onChange={(e) => set(i, { title: e.target.value })} /></td>
          <td>
            <select className="input input-sm" aria-label={`Clip question ${i + 1} kind`} value={str(c.kind) ?? 'choice'}
              onChange={(e) => set(i, e.target.value === 'choice'
                ? { kind: 'choice', options: ['yes', 'no'], min: undefined, max: undefined, tolerance: undefined }
                : { kind: 'scale', options: undefined, min: 1, max: 5, tolerance: 1 })}>
              <option value="choice">choice</option>
              <option value="scale">scale</option>
            </select>
          </td>
          <td>
            {c.kind === 'scale' ? (
              <span className="inline-nums">
                {RANGE_KEYS.map((k) => (
                  <input key={k} className="input input-sm num-input" type="number" aria-label={`Clip question ${i + 1} ${k}`} placeholder={k}
                    value={numValue(c[k])} onChange={(e) => set(i, { [k]: optionalNumber(e.target.value) })} />
                ))}
              </span>
            ) : (
              <input className="input input-sm" aria-label={`Clip question ${i + 1} options`} placeholder="comma separated"
                value={Array.isArray(c.options) ? (c.options as string[]).join(', ') : ''}
                onChange={(e) => set(i, { options: e.target.value.split(',').map((s) => s.trim()).filter(Boolean) })} />
            )}
          </td>
        </>
      )}
    >
      <div>
        <button type="button" className="btn btn-secondary btn-sm"
          onClick={() => onChange([...list, { id: `clip_${list.length + 1}`, title: 'Background noise?', kind: 'choice', options: ['none', 'some', 'heavy'] }])}>
          + Clip question
        </button>
      </div>
    </ItemTable>
  );
}

/** The config fields of one task type. */
function ConfigForm({ type, config, set, prefix, issues }: { type: TaskType; config: Config; set: SetConfig; prefix: string; issues: SchemaIssue[] }) {
  const err = (k: string) => issues.find((x) => x.path === `config.${k}`)?.message;
  const field = (key: string, label: string, hint: string, placeholder?: string) => (
    <TextField id={`${prefix}-${key}`} label={label} hint={hint} placeholder={placeholder} mono value={str(config[key])} error={err(key)} onChange={(v) => set({ [key]: v })} />
  );
  const num = (key: string, label: string, hint: string, opts: { min?: number; max?: number; step?: number } = {}) => (
    <NumberField id={`${prefix}-${key}`} label={label} hint={hint} value={config[key]} error={err(key)} onChange={(v) => set({ [key]: v })} {...opts} />
  );
  const check = (key: string, id: string, label: string, dflt: boolean) => (
    <CheckField id={`${prefix}-${id}`} label={label} checked={bool(config[key], dflt)} onChange={(v) => set({ [key]: v })} />
  );
  /** The type's scalar fields in the grid, then its list editors below. */
  const form = (grid: ReactNode, below?: ReactNode) => (
    <>
      <div className="form-grid form-grid-3">{grid}</div>
      {below}
    </>
  );
  const labels = <LabelsEditor prefix={prefix} labels={config.labels} issues={issues} onChange={(l) => set({ labels: l })} />;
  switch (type) {
    case 'classification':
      return form(
        <>
          {field('field', 'Data field shown', 'The row field the labeler reads (optional).', 'text')}
          {check('multiple', 'multiple', 'Several labels per row', false)}
          {config.multiple === true && num('threshold', 'Agreement threshold', 'Jaccard index at or above which two answers agree (1 = identical).', UNIT)}
        </>,
        labels,
      );
    case 'ner':
      return form(
        <>
          {field('field', 'Text field', 'The row field whose text is tagged.', 'text')}
          {num('threshold', 'Agreement threshold', 'Span F1 at or above which two answers agree (default 0.8).', UNIT)}
          <div>
            {check('allowOverlap', 'overlap', 'Spans may overlap', false)}
            {check('snapToWords', 'snap', 'Snap selections to whole words', true)}
          </div>
        </>,
        labels,
      );
    case 'bbox':
      return form(
        <>
          {field('field', 'Image field', 'The row field holding the image URL or media id.', 'image')}
          {num('iouThreshold', 'Box IoU threshold', 'Two boxes of one label match at or above this IoU (default 0.5).', UNIT)}
          {num('f1Threshold', 'Agreement threshold', 'Match F1 at or above which two answers agree (default 0.8).', UNIT)}
        </>,
        labels,
      );
    case 'audio':
      return form(
        <>
          {field('field', 'Audio field', 'The row field holding the audio URL or media id.', 'audio')}
          {check('transcribe', 'transcribe', 'Transcribe each segment', true)}
          {num('iouThreshold', 'Segment IoU threshold', 'Temporal IoU at which two segments match (default 0.5).', UNIT)}
          {num('werThreshold', 'Max word error rate', 'Largest WER between matched transcripts that agrees (default 0.2).', { min: 0, step: 0.05 })}
          {num('f1Threshold', 'Agreement threshold', 'Segment match F1 at which two answers agree (default 0.8).', UNIT)}
        </>,
        <>
          {labels}
          <ClipQuestionsEditor list={config.clipQuestions} onChange={(l) => set({ clipQuestions: l })} />
        </>,
      );
    case 'ranking':
      return form(
        <>
          {field('promptField', 'Prompt field', 'The row field with the prompt.', 'prompt')}
          {field('responsesField', 'Responses field', 'A row field holding an array of response strings.', 'responses')}
          <SelectField id={`${prefix}-mode`} label="Mode" value={(str(config.mode) ?? 'pairwise') as 'pairwise' | 'order'}
            options={[{ value: 'pairwise', label: 'Pairwise: A or B, with strength' }, { value: 'order', label: 'Order: rank every response' }]}
            onChange={(v) => set({ mode: v })} />
          {num('reasonMinLength', 'Reason: minimum length', 'Characters the reason needs (0 = optional).', COUNT)}
          {config.mode === 'order' && num('tauThreshold', 'Agreement threshold (Kendall τ)', 'τ-b at or above which two orders agree (default 0.5).', { min: -1, max: 1, step: 0.05 })}
          <div>
            {check('allowTie', 'tie', 'Allow a tie', true)}
            {check('flagClaims', 'claims', 'Flag unsupported claims', true)}
          </div>
        </>,
        config.mode !== 'order' && <ScaleEditor scale={config.scale} onChange={(s) => set({ scale: s })} />,
      );
    case 'rating':
      return form(
        <>
          {field('field', 'Data field shown', 'The row field being rated (optional).', 'response')}
          {num('rationaleMinLength', 'Rationale: minimum length', 'Characters the rationale needs (0 = optional).', COUNT)}
        </>,
        <CriteriaEditor prefix={prefix} criteria={config.criteria} issues={issues} onChange={(c) => set({ criteria: c })} />,
      );
    case 'text':
      return form(
        <>
          {field('field', 'Prompt field', 'The row field shown as the prompt (optional).', 'prompt')}
          {field('sourceField', 'Source field (rewrite)', 'The labeler starts from this field’s text (optional).', 'draft')}
          {num('minLength', 'Minimum length', 'Characters a submittable answer needs (default 1).', COUNT)}
          {num('maxLength', 'Maximum length', `Longest answer in characters (default ${TEXT_MAX_LENGTH.default.toLocaleString('en')}, at most ${TEXT_MAX_LENGTH.ceiling.toLocaleString('en')}).`, { min: 1, max: TEXT_MAX_LENGTH.ceiling, step: 1 })}
          {num('threshold', 'Agreement threshold', 'Edit similarity at or above which two texts agree (default 0.9).', UNIT)}
        </>,
      );
  }
}

export function QuestionForm({ q, index, count, issues, onChange, onMove, onRemove, dragHandle }: {
  q: DraftQuestion;
  index: number;
  count: number;
  issues: SchemaIssue[];
  onChange: (next: DraftQuestion) => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  dragHandle?: ReactNode;
}) {
  const prefix = `q${index}`;
  const config = (q.config && typeof q.config === 'object' ? q.config : {}) as Config;
  const err = (k: string) => issues.find((x) => x.path === k)?.message;
  return (
    <section className={issues.length ? 'card question-card has-issues' : 'card question-card'} aria-label={`Question ${index + 1}`}>
      <header className="question-card-head">
        {dragHandle}
        <span className="question-num">{index + 1}</span>
        <strong className="question-card-title">{q.title || <span className="muted">untitled</span>}</strong>
        <span className="badge badge-neutral">{TYPE_NAMES[q.type] ?? q.type}</span>
        <span className="grow" />
        <ItemButtons index={index} count={count} what={`question ${q.id}`} onMove={onMove} onRemove={onRemove} />
      </header>
      <div className="form-grid form-grid-3">
        <TextField id={`${prefix}-id`} label="Id" mono value={q.id} error={err('id')} hint="Key of the answer in exports." onChange={(v) => onChange({ ...q, id: v ?? '' })} />
        <TextField id={`${prefix}-title`} label="Title" value={q.title} error={err('title')} onChange={(v) => onChange({ ...q, title: v ?? '' })} />
        <CheckField id={`${prefix}-required`} label="Required" checked={q.required !== false} hint="Optional questions may be left empty."
          onChange={(v) => {
            const next = { ...q };
            if (v) delete next.required;
            else next.required = false;
            onChange(next);
          }} />
      </div>
      <TextField id={`${prefix}-desc`} label="Instructions" value={q.description} placeholder="Shown under the title (optional)"
        onChange={(v) => {
          const next = { ...q };
          if (v === undefined) delete next.description;
          else next.description = v;
          onChange(next);
        }} />
      <ConfigForm type={q.type} config={config} prefix={prefix} issues={issues} set={(patch) => onChange({ ...q, config: patched(config, patch) })} />
      {issues.length > 0 && (
        <ul className="issue-list" aria-label={`Problems in question ${index + 1}`}>
          {issues.map((i, k) => (
            <li key={k}><code>{i.fullPath || '(schema)'}</code> {i.message}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

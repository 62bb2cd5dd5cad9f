import type { ComponentType, ReactNode } from 'react';
import { CheckField, ItemButtons, TextField } from '../../../tasks/config-form/fields';
import { patched, type Config } from '../../../tasks/config-form/kit';
import { moduleOf } from '../../../tasks/registry';
import type { ConfigEditorProps } from '../../../tasks/types';
import { ConditionFields, ScopeFields } from './AskedAbout';
import { TYPE_NAMES, type DraftQuestion, type SchemaIssue } from './model';

/** One question of the schema builder: id, title, whether it is required, and its type's config form. */
export function QuestionForm({ q, index, count, issues, onChange, onMove, onRemove, dragHandle, earlier = [] }: {
  q: DraftQuestion;
  /** The questions before this one: what a condition may depend on. */
  earlier?: readonly DraftQuestion[];
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
  const ConfigEditor = moduleOf(q).ConfigEditor as ComponentType<ConfigEditorProps<Config>>;
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
      <ScopeFields q={q} prefix={prefix} issues={issues} onChange={onChange} />
      <ConditionFields q={q} prefix={prefix} earlier={earlier} issues={issues} onChange={onChange} />
      <ConfigEditor config={config} prefix={prefix} issues={issues} set={(patch: Config) => onChange({ ...q, config: patched(config, patch) })} />
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

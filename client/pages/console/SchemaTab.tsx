import { useEffect, useMemo, useRef, useState } from 'react';
import { RequirementsFields } from './RequirementsFields';
import { ReviewReasonsField, reasonProblems } from './ReviewReasonsField';
import type { ProjectDto } from '@shared/api/projects';
import type { ExpertiseRule, ProjectSettings } from '@shared/project';
import { TASK_TYPES, type TaskType } from '@shared/tasks/types';
import type { ProjectSchema } from '@shared/tasks/question';
import { consoleApi } from '../../api/console';
import { errorFields, messageOf } from '../../api/client';
import { InlineError } from '../../components/Form';
import { useStore } from '../../store';
import { QuestionForm } from './schema/QuestionForm';
import { Preview } from './schema/Preview';
import { useFitSticky } from './schema/useFitSticky';
import {
  asSchemaInput, move, newQuestion, parseSchemaJson, sampleRow, schemaJson, TYPE_NAMES, validateSchema,
  type DraftQuestion, type JsonParse,
} from './schema/model';

function SettingsForm({ settings, onChange }: { settings: ProjectSettings; onChange: (s: ProjectSettings) => void }) {
  const rules = settings.expertiseRules;
  const setRule = (i: number, patch: Partial<ExpertiseRule>) => onChange({ ...settings, expertiseRules: rules.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  return (
    <section className="card section" aria-labelledby="settings-title">
      <h2 id="settings-title">Workflow settings</h2>
      <div className="form-grid form-grid-3">
        <fieldset className="field">
          <legend className="field-label">QA policy</legend>
          <div className="radios">
            <label className="check"><input type="radio" name="qa" checked={settings.qa === 'all'} onChange={() => onChange({ ...settings, qa: 'all' })} /><span>Review every row</span></label>
            <label className="check"><input type="radio" name="qa" checked={settings.qa === 'disagreements'} onChange={() => onChange({ ...settings, qa: 'disagreements' })} /><span>Review only disagreements</span></label>
          </div>
        </fieldset>
        <div className="field">
          <label className="field-label" htmlFor="s-lease">Lease (minutes)</label>
          <input id="s-lease" className="input input-sm" type="number" min={1} max={1440} value={Number.isFinite(settings.leaseMinutes) ? settings.leaseMinutes : ''}
            onChange={(e) => onChange({ ...settings, leaseMinutes: e.target.value === '' ? Number.NaN : Number(e.target.value) })} />
          <div className="field-hint">A claim without a heartbeat for this long returns to the pool.</div>
        </div>
        <div className="field field-check">
          <label className="check" htmlFor="s-prelabels">
            <input id="s-prelabels" type="checkbox" checked={settings.showPrelabels} onChange={(e) => onChange({ ...settings, showPrelabels: e.target.checked })} />
            <span>Show prelabels to labelers</span>
          </label>
          <div className="field-hint">Hide them to avoid anchoring on the model’s answer.</div>
        </div>
      </div>
      <fieldset className="field labels-editor">
        <legend className="field-label">Required expertise</legend>
        <p className="field-hint">Rows whose data field equals a value need an expert of that domain among their labelers and QA.</p>
        {rules.length > 0 && (
          <table className="mini-table">
            <thead><tr><th>Data field</th><th>Equals</th><th>Needs a domain expert in</th><th><span className="sr-only">Remove</span></th></tr></thead>
            <tbody>
              {rules.map((r, i) => (
                <tr key={i}>
                  <td><input className="input input-sm mono" aria-label={`Rule ${i + 1} field`} value={r.field} onChange={(e) => setRule(i, { field: e.target.value })} /></td>
                  <td><input className="input input-sm" aria-label={`Rule ${i + 1} value`} value={r.equals} onChange={(e) => setRule(i, { equals: e.target.value })} /></td>
                  <td><input className="input input-sm" aria-label={`Rule ${i + 1} domain`} value={r.domain} onChange={(e) => setRule(i, { domain: e.target.value })} /></td>
                  <td>
                    <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove rule ${i + 1}`}
                      onClick={() => onChange({ ...settings, expertiseRules: rules.filter((_, k) => k !== i) })}>✕</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div>
          <button type="button" className="btn btn-secondary btn-sm"
            onClick={() => onChange({ ...settings, expertiseRules: [...rules, { field: 'domain', equals: 'finance', domain: 'finance' }] })}>
            + Rule
          </button>
        </div>
      </fieldset>
      <RequirementsFields settings={settings} onChange={onChange} />
      <ReviewReasonsField reasons={settings.reviewReasons} onChange={(reviewReasons) => onChange({ ...settings, reviewReasons })} />
    </section>
  );
}

function JsonError({ parsed }: { parsed: Exclude<JsonParse, { ok: true }> }) {
  if (parsed.kind === 'syntax')
    return (
      <div className="inline-error" role="alert">
        Invalid JSON{parsed.line !== null ? ` at line ${parsed.line}, column ${parsed.column}` : ''}: {parsed.message}
      </div>
    );
  return (
    <div className="inline-error" role="alert">
      The schema is not valid (the form keeps the last valid version):
      <ul className="issue-list">
        {parsed.issues.map((i, k) => <li key={k}><code>{i.fullPath || '(schema)'}</code> {i.message}</li>)}
      </ul>
    </div>
  );
}

/** Sample data for the preview: the project's first row if it has one, else values made up from the fields. */
function useSampleRow(projectId: number, schema: ProjectSchema | null) {
  const [row, setRow] = useState<{ data: Record<string, unknown>; prelabels: Record<string, unknown> | null; label: string } | null | 'none'>(null);
  useEffect(() => {
    let live = true;
    consoleApi
      .rows(projectId, { limit: 1 })
      .then(async ({ rows }) => {
        if (!rows.length) return 'none' as const;
        const { row: r } = await consoleApi.row(projectId, rows[0].id);
        // Leads get the row's prelabels; the console is theirs, so the labeler's narrower view never comes back.
        return { data: r.data, prelabels: 'prelabels' in r ? r.prelabels : null, label: `First row of the project (${r.externalId ?? `#${r.id}`})` };
      })
      .then((r) => live && setRow(r), () => live && setRow('none'));
    return () => {
      live = false;
    };
  }, [projectId]);
  return useMemo(() => {
    if (row === null || !schema) return null;
    if (row !== 'none') return row;
    return { data: sampleRow(schema), prelabels: null, label: 'Sample row made up from the fields (the project has no rows yet)' };
  }, [row, schema]);
}

export default function SchemaTab({ project, onSaved }: { project: ProjectDto; onSaved: (p: ProjectDto) => void }) {
  const toast = useStore((s) => s.toast);
  const [questions, setQuestions] = useState<DraftQuestion[]>(() => project.schema as unknown as DraftQuestion[]);
  const [settings, setSettings] = useState<ProjectSettings>(project.settings);
  const [view, setView] = useState<'form' | 'json'>('form');
  const [jsonText, setJsonText] = useState('');
  const [jsonParse, setJsonParse] = useState<JsonParse | null>(null);
  const [addType, setAddType] = useState<TaskType>('classification');
  const [saveError, setSaveError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const dragFrom = useRef<number | null>(null);
  const previewPane = useFitSticky<HTMLElement>();

  const validation = useMemo(() => validateSchema(questions), [questions]);
  // The preview keeps showing the last schema that parsed while the lead is midway through an edit.
  const lastValid = useRef<ProjectSchema | null>(validation.ok ? validation.schema : null);
  if (validation.ok) lastValid.current = validation.schema;
  const previewSchema = lastValid.current;
  const sample = useSampleRow(project.id, previewSchema);
  const dirty = JSON.stringify(questions) !== JSON.stringify(project.schema) || JSON.stringify(settings) !== JSON.stringify(project.settings);

  function update(next: DraftQuestion[]) {
    setQuestions(next);
    setSaveError(null);
  }
  function showJson() {
    setJsonText(schemaJson(questions));
    setJsonParse(null);
    setView('json');
  }
  function editJson(text: string) {
    setJsonText(text);
    const p = parseSchemaJson(text);
    setJsonParse(p);
    if (p.ok) update(p.questions);
  }

  async function save() {
    const reasons = reasonProblems(settings.reviewReasons);
    if (reasons.byIndex.size || reasons.list) {
      setSaveError(new Error('Review reasons: fix the reasons marked below before saving.'));
      return;
    }
    setBusy(true);
    setSaveError(null);
    try {
      const { project: saved } = await consoleApi.saveSchema(project.id, { schema: asSchemaInput(questions), settings });
      // The builder now shows what the server stored (defaults filled in), so nothing reads as unsaved.
      setQuestions(saved.schema as unknown as DraftQuestion[]);
      setSettings(saved.settings);
      if (view === 'json') setJsonText(schemaJson(saved.schema as unknown as DraftQuestion[]));
      onSaved(saved);
      toast('success', 'Schema and settings saved');
    } catch (e) {
      setSaveError(e);
    } finally {
      setBusy(false);
    }
  }
  const serverFields = Object.entries(errorFields(saveError));
  const saveBar = (
    <div className="actions">
      {dirty && <span className="muted">Unsaved changes</span>}
      <button type="button" className="btn btn-ghost" disabled={!dirty || busy}
        onClick={() => { setQuestions(project.schema as unknown as DraftQuestion[]); setSettings(project.settings); setSaveError(null); setView('form'); }}>
        Discard
      </button>
      <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void save()}>{busy ? 'Saving…' : 'Save schema'}</button>
    </div>
  );

  return (
    <div className="schema-tab">
      <div className="schema-builder">
        <div className="section-head builder-head">
          <div className="segmented" role="group" aria-label="Schema view">
            <button type="button" className={view === 'form' ? 'seg active' : 'seg'} aria-pressed={view === 'form'} onClick={() => setView('form')}>Form</button>
            <button type="button" className={view === 'json' ? 'seg active' : 'seg'} aria-pressed={view === 'json'} onClick={showJson}>JSON</button>
          </div>
          <span className="muted grow">
            {questions.length} question{questions.length === 1 ? '' : 's'} ·{' '}
            {validation.ok ? <span className="ok-text">valid</span> : <span className="err-text">{validation.issues.length} problem{validation.issues.length === 1 ? '' : 's'}</span>}
          </span>
          {saveBar}
        </div>
        {saveError !== null && (
          <div className="inline-error" role="alert">
            {messageOf(saveError)}
            {serverFields.length > 1 && <ul className="issue-list">{serverFields.map(([p, m]) => <li key={p}><code>{p}</code> {m}</li>)}</ul>}
          </div>
        )}

        {view === 'form' ? (
          <>
            {questions.map((q, i) => (
              <div
                key={i} className="question-drop"
                onDragOver={(e) => { if (dragFrom.current !== null) e.preventDefault(); }}
                onDrop={(e) => {
                  e.preventDefault();
                  if (dragFrom.current !== null) update(move(questions, dragFrom.current, i));
                  dragFrom.current = null;
                }}
              >
                <QuestionForm
                  q={q} index={i} count={questions.length} earlier={questions.slice(0, i)}
                  issues={validation.issues.filter((x) => x.index === i)}
                  onChange={(next) => update(questions.map((x, k) => (k === i ? next : x)))}
                  onMove={(to) => update(move(questions, i, to))}
                  onRemove={() => update(questions.filter((_, k) => k !== i))}
                  dragHandle={
                    <span className="drag-handle" draggable title="Drag to reorder" aria-hidden="true"
                      onDragStart={(e) => { dragFrom.current = i; e.dataTransfer.effectAllowed = 'move'; }}
                      onDragEnd={() => { dragFrom.current = null; }}>⋮⋮</span>
                  }
                />
              </div>
            ))}
            {validation.issues.filter((x) => x.index === null).map((x, k) => <InlineError key={k}>{x.message}</InlineError>)}
            <div className="add-question card">
              <label className="field-label" htmlFor="add-type">Add a question</label>
              <select id="add-type" className="input input-sm" value={addType} onChange={(e) => setAddType(e.target.value as TaskType)}>
                {TASK_TYPES.map((t) => <option key={t} value={t}>{TYPE_NAMES[t]}</option>)}
              </select>
              <button type="button" className="btn btn-secondary" onClick={() => update([...questions, newQuestion(addType, questions.map((q) => q.id))])}>
                Add question
              </button>
            </div>
          </>
        ) : (
          <div className="json-view">
            <label className="field-label" htmlFor="schema-json">Schema JSON <span className="muted">(edits apply to the form as soon as they are valid)</span></label>
            <textarea id="schema-json" className="input mono json-text" spellCheck={false} rows={28} value={jsonText} onChange={(e) => editJson(e.target.value)}
              aria-invalid={jsonParse && !jsonParse.ok ? true : undefined} />
            {jsonParse && !jsonParse.ok && <JsonError parsed={jsonParse} />}
          </div>
        )}

        <SettingsForm settings={settings} onChange={(s) => { setSettings(s); setSaveError(null); }} />

      </div>

      <aside ref={previewPane} className="schema-preview-pane card" aria-labelledby="preview-title">
        <h2 id="preview-title">Annotator preview</h2>
        {!previewSchema ? (
          <p className="muted">The preview appears once the schema is valid.</p>
        ) : !sample ? (
          <p className="muted">Loading a sample row…</p>
        ) : (
          <Preview schema={previewSchema} data={sample.data} prelabels={settings.showPrelabels ? sample.prelabels : null} source={sample.label} />
        )}
      </aside>
    </div>
  );
}

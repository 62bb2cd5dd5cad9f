import { useEffect, useState } from 'react';
import { EXPORT_FORMATS, EXPORT_STATES, type ExportFormat, type ExportPreviewDto } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import type { TaskType } from '@shared/tasks/types';
import { exportPreview, exportUrl, type ExportParams } from '../../api/console';
import ExportFilters, { describeFilters, filterParams, NO_FILTERS, type ExportFilterValues } from './ExportFilters';

/** What each format is, and which question type a per-type format needs (those export finals only). */
/** `perItem`: the format writes questions asked per turn or per response, and needs one. */
const FORMATS: Record<ExportFormat, { name: string; text: string; type?: TaskType; perItem?: boolean; finalsOnly?: boolean; raw?: boolean }> = {
  jsonl: { name: 'JSONL', text: 'Row id and data, final answer, per-question agreement, provenance (labelers, QA, experts, guideline version, times).', raw: true },
  csv: { name: 'CSV', text: 'The same as JSONL, one row per line, nested values as JSON.', raw: true },
  coco: { name: 'COCO', text: 'Boxes as COCO annotations with categories and image sizes.', type: 'bbox', finalsOnly: true },
  yolo: { name: 'YOLO', text: 'A zip of one label file per image plus the class list.', type: 'bbox', finalsOnly: true },
  conll: { name: 'CoNLL-2003 BIO', text: 'One token per line with its BIO tag; blank lines between rows.', type: 'ner', finalsOnly: true },
  preferences: { name: 'Preference pairs', text: 'JSONL of {prompt, chosen, rejected} texts with margin, strength or ranks, for reward models / DPO.', type: 'ranking', finalsOnly: true },
  'preferences-messages': { name: 'Preference pairs as messages', text: 'JSONL of {chosen, rejected, margin}: the conversation (or the prompt as a user message) then each reply, as TRL’s DPOTrainer and RewardTrainer read them.', type: 'ranking', finalsOnly: true },
  sft: { name: 'SFT JSONL', text: 'JSONL of {prompt, response} for supervised fine-tuning.', type: 'text', finalsOnly: true },
  'sft-messages': { name: 'SFT messages', text: 'JSONL of {messages} (the conversation, or the prompt as a user message, then the final text as the assistant reply): TRL SFTTrainer’s conversational format.', type: 'text', finalsOnly: true },
  items: { name: 'Per turn / per response (JSONL)', text: 'One line per assistant turn or response judged by a question asked per item: row and item, the turn’s role and text (or the response), the final answer and the labelers’ agreement on it.', perItem: true, finalsOnly: true },
  'items-csv': { name: 'Per turn / per response (CSV)', text: 'The same lines as a spreadsheet: one row per turn or response, the type’s answer columns, the answer as JSON.', perItem: true, finalsOnly: true },
  labelstudio: { name: 'Label Studio JSON', text: 'Tasks with annotations (from_name / to_name / type / value; boxes in percent), to take the data back to Label Studio.' },
  sagemaker: { name: 'SageMaker Ground Truth manifest', text: 'An output manifest as Ground Truth writes it: <question> and <question>-metadata; confidence is the labelers’ agreement.', finalsOnly: true },
  workreport: { name: 'Work report', text: 'Per person: rows labeled, rows kept by QA, active hours, for hourly or per-task pay.' },
};

const STATE_NAMES: Record<(typeof EXPORT_STATES)[number], string> = {
  final: 'Finalized rows (default)', all: 'All rows', labeling: 'Rows in labeling', qa: 'Rows waiting for or in QA', escalated: 'Escalated rows',
};

export default function ExportTab({ project }: { project: ProjectDto }) {
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [state, setState] = useState<(typeof EXPORT_STATES)[number]>('final');
  const [raw, setRaw] = useState(false);
  const f = FORMATS[format];
  const questions = f.type ? project.schema.filter((q) => q.type === f.type) : [];
  const [question, setQuestion] = useState<string>('');
  const qid = questions.some((q) => q.id === question) ? question : questions[0]?.id;
  const hasScoped = project.schema.some((q) => q.scope !== undefined);
  const lacking = (info: (typeof FORMATS)[ExportFormat]) =>
    (info.type !== undefined && !project.schema.some((q) => q.type === info.type)) || (!!info.perItem && !hasScoped);
  const unavailable = lacking(f);
  const [filters, setFilters] = useState<ExportFilterValues>(NO_FILTERS);
  const filtered = format !== 'workreport';
  const params: ExportParams = {
    format, state: f.finalsOnly ? 'final' : state, raw: !!f.raw && raw, question: f.type ? qid : undefined, ...(filtered ? filterParams(filters) : {}),
  };
  const href = exportUrl(project.id, params);
  const preview = usePreview(project.id, params, filtered && !unavailable);
  const described = filtered ? describeFilters(filters, project.schema) : [];
  const counts = project.counts;

  return (
    <section className="card section" aria-labelledby="export-title">
      <h2 id="export-title">Export labels</h2>
      <p className="muted section-intro">The file is streamed by the server, so large projects download without waiting.</p>
      <fieldset className="field">
        <legend className="field-label">Format</legend>
        <div className="format-grid">
          {EXPORT_FORMATS.map((x) => {
            const info = FORMATS[x];
            const off = lacking(info);
            return (
              <label key={x} className={`type-option${x === format ? ' selected' : ''}${off ? ' disabled' : ''}`}>
                <input type="radio" name="export-format" value={x} checked={x === format} onChange={() => setFormat(x)} />
                <span className="type-name">{info.name}{info.type && <span className="muted"> · {info.type}</span>}</span>
                <span className="type-blurb">{info.text}</span>
              </label>
            );
          })}
        </div>
      </fieldset>
      <div className="form-grid form-grid-3">
        <div className="field">
          <label className="field-label" htmlFor="export-state">Which rows</label>
          <select id="export-state" className="input" value={f.finalsOnly ? 'final' : state} disabled={f.finalsOnly}
            onChange={(e) => setState(e.target.value as (typeof EXPORT_STATES)[number])}>
            {EXPORT_STATES.map((s) => <option key={s} value={s}>{STATE_NAMES[s]}</option>)}
          </select>
          {f.finalsOnly && <div className="field-hint">This format holds agreed labels only: finalized rows.</div>}
        </div>
        {f.type && questions.length > 1 && (
          <div className="field">
            <label className="field-label" htmlFor="export-question">Question</label>
            <select id="export-question" className="input" value={qid} onChange={(e) => setQuestion(e.target.value)}>
              {questions.map((q) => <option key={q.id} value={q.id}>{q.title} ({q.id})</option>)}
            </select>
          </div>
        )}
        {f.raw && (
          <div className="field field-check">
            <label className="check" htmlFor="export-raw">
              <input id="export-raw" type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} />
              <span>Include both raw labels</span>
            </label>
            <div className="field-hint">Each labeler’s answer of the final round, next to the final.</div>
          </div>
        )}
      </div>
      {filtered && <ExportFilters schema={project.schema} value={filters} onChange={setFilters} />}
      {counts && <p className="muted">{counts.final.toLocaleString()} of {counts.rows.toLocaleString()} rows are final.</p>}
      {filtered && !unavailable && (
        <p aria-live="polite">
          {preview.error ? <span className="inline-error" role="alert">{preview.error}</span>
            : preview.data ? (
              <>
                <strong>{preview.data.rows.toLocaleString()} {preview.data.rows === 1 ? 'row' : 'rows'}</strong> will be exported
                {described.length > 0 && <>: {described.join(', ')}</>}
                {preview.data.sample.length > 0 && <span className="muted"> (first: {preview.data.sample.map((r) => r.externalId ?? `#${r.id}`).join(', ')})</span>}
              </>
            ) : <span className="muted">Counting rows…</span>}
        </p>
      )}
      <div className="form-actions">
        {unavailable ? (
          <span className="muted">{f.perItem ? 'This project has no question asked per turn or per response to export in this format.' : `This project has no ${f.type} question to export in this format.`}</span>
        ) : preview.error ? (
          <span className="muted">Fix the filters to download.</span>
        ) : (
          <>
            <code className="export-url">{href}</code>
            <a className="btn btn-primary" href={href} download>Download {f.name}</a>
          </>
        )}
      </div>
    </section>
  );
}

/**
 * The server's count of what `params` exports, asked again (after a pause in typing) whenever they change;
 * a refused filter comes back as the server's message.
 */
function usePreview(projectId: number, params: ExportParams, enabled: boolean): { data: ExportPreviewDto | null; error: string | null } {
  const [state, setState] = useState<{ key: string; data: ExportPreviewDto | null; error: string | null }>({ key: '', data: null, error: null });
  const key = JSON.stringify(params);
  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    const t = setTimeout(() => {
      exportPreview(projectId, JSON.parse(key) as ExportParams, ctl.signal)
        .then((data) => setState({ key, data, error: null }))
        .catch((e: Error) => { if (!ctl.signal.aborted) setState({ key, data: null, error: e.message }); });
    }, 300);
    return () => { clearTimeout(t); ctl.abort(); };
  }, [projectId, key, enabled]);
  return state.key === key ? state : { data: null, error: null };
}

import { useState, type FormEvent } from 'react';
import { IMPORT_FORMATS, type ImportFormat, type ImportReport as Report } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import { ApiError, messageOf } from '../../api/client';
import { consoleApi, type UploadProgress } from '../../api/console';
import { InlineError } from '../../components/Form';
import { ImportReport } from './ImportReport';

const FORMAT_NAMES: Record<ImportFormat, string> = {
  jsonl: 'JSON Lines (one row per line)',
  json: 'JSON array',
  csv: 'CSV (header row)',
  labelstudio: 'Label Studio tasks (data + predictions)',
};

/** The format a file most likely is: by extension, and a .json that looks like Label Studio tasks is one. */
export async function guessFormat(file: File): Promise<ImportFormat> {
  const name = file.name.toLowerCase();
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.csv') || name.endsWith('.tsv')) return 'csv';
  if (name.endsWith('.json')) {
    const head = await file.slice(0, 8192).text().catch(() => '');
    return /"data"\s*:/.test(head) && /"(predictions|annotations)"\s*:/.test(head) ? 'labelstudio' : 'json';
  }
  return 'jsonl';
}

export const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} kB` : n < 1073741824 ? `${(n / 1048576).toFixed(1)} MB` : `${(n / 1073741824).toFixed(2)} GB`;

/** A report the server sent, on success or inside the details of an all-or-nothing 400. */
function reportOf(err: unknown): Report | null {
  if (!(err instanceof ApiError)) return null;
  const d = err.details as Partial<Report> | undefined;
  return d && typeof d === 'object' && Array.isArray(d.errors) && typeof d.total === 'number' ? (d as Report) : null;
}

export default function ImportTab({ project, onImported }: { project: ProjectDto; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat>('jsonl');
  const [mode, setMode] = useState<'all' | 'valid'>('all');
  const [annotations, setAnnotations] = useState<'prelabels' | 'ignore'>('prelabels');
  const [modelVersion, setModelVersion] = useState('');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function pick(f: File | null) {
    setFile(f);
    setError(null);
    setProgress(null);
    if (f) setFormat(await guessFormat(f));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    setReport(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      // Predictions are read only when annotations are left out, so the model version rides only then.
      const ls = format !== 'labelstudio' ? {} : { annotations, model_version: annotations === 'ignore' ? modelVersion.trim() || undefined : undefined };
      const { report: r } = await consoleApi.importFile(project.id, file, { format, mode, ...ls }, setProgress);
      setReport(r);
      onImported();
    } catch (err) {
      const r = reportOf(err);
      if (r) setReport(r);
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const pct = progress && progress.total > 0 ? Math.min(100, Math.round((progress.loaded / progress.total) * 100)) : 0;
  return (
    <>
      <form className="card section" onSubmit={submit} aria-label="Import rows" noValidate>
        <h2>Import rows</h2>
        <p className="muted section-intro">
          Each line is checked against the schema (fields, types, media references, prelabel shapes). Rows with an external id
          already in the project are updated only if nobody has started them; importing the same file twice changes nothing.
        </p>
        <div className="form-grid form-grid-3">
          <div className="field">
            <label className="field-label" htmlFor="import-file">File</label>
            <input id="import-file" className="input file-input" type="file" accept=".jsonl,.ndjson,.json,.csv,.tsv,application/json,text/csv"
              onChange={(e) => void pick(e.target.files?.[0] ?? null)} />
            {file && <div className="field-hint">{file.name} · {formatBytes(file.size)}</div>}
          </div>
          <div className="field">
            <label className="field-label" htmlFor="import-format">Format</label>
            <select id="import-format" className="input" value={format} onChange={(e) => setFormat(e.target.value as ImportFormat)}>
              {IMPORT_FORMATS.map((f) => <option key={f} value={f}>{FORMAT_NAMES[f]}</option>)}
            </select>
            <div className="field-hint">Guessed from the file; change it if the guess is wrong.</div>
          </div>
          <fieldset className="field">
            <legend className="field-label">If some lines are bad</legend>
            <div className="radios">
              <label className="check"><input type="radio" name="import-mode" checked={mode === 'all'} onChange={() => setMode('all')} /><span>Import nothing (all or nothing)</span></label>
              <label className="check"><input type="radio" name="import-mode" checked={mode === 'valid'} onChange={() => setMode('valid')} /><span>Import the valid lines only</span></label>
            </div>
          </fieldset>
        </div>
        {format === 'labelstudio' && (
          <div className="form-grid form-grid-3">
            <fieldset className="field">
              <legend className="field-label">Annotations in the file</legend>
              <div className="radios">
                <label className="check"><input type="radio" name="import-annotations" checked={annotations === 'prelabels'} onChange={() => setAnnotations('prelabels')} /><span>Offer the newest as prelabels</span></label>
                <label className="check"><input type="radio" name="import-annotations" checked={annotations === 'ignore'} onChange={() => setAnnotations('ignore')} /><span>Leave them out and use a prediction</span></label>
              </div>
            </fieldset>
            {annotations === 'ignore' && (
              <div className="field">
                <label className="field-label" htmlFor="import-model-version">Model version</label>
                <input id="import-model-version" className="input" value={modelVersion} maxLength={200} onChange={(e) => setModelVersion(e.target.value)} />
                <div className="field-hint">The prediction of this model_version; empty takes the one with the highest score.</div>
              </div>
            )}
          </div>
        )}
        {progress && (
          <div className="upload-progress">
            <div className="progress-bar" role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
              <span style={{ width: `${pct}%` }} />
            </div>
            <span className="muted">
              {busy && pct >= 100 ? 'Uploaded; checking every line…' : `${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} (${pct}%)`}
            </span>
          </div>
        )}
        <InlineError>{error}</InlineError>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!file || busy}>{busy ? 'Importing…' : report ? 'Import again' : 'Import'}</button>
        </div>
      </form>
      {report && <ImportReport report={report} />}
      <section className="card section">
        <h2>What a line looks like</h2>
        <p className="muted section-intro">Fields the schema reads go under <code>data</code>; <code>prelabels</code> (question id → answer) and <code>expertise</code> are optional.</p>
        <pre className="code-sample">{`{"id": "row-1", "data": {${sampleFields(project)}}, "expertise": []}`}</pre>
      </section>
    </>
  );
}

function sampleFields(project: ProjectDto): string {
  const names = new Set<string>();
  for (const q of project.schema) {
    const c = q.config as Record<string, unknown>;
    for (const k of ['field', 'promptField', 'responsesField', 'sourceField']) if (typeof c[k] === 'string') names.add(c[k] as string);
  }
  return [...names].map((n) => `"${n}": ${n === 'responses' ? '["…", "…"]' : '"…"'}`).join(', ');
}

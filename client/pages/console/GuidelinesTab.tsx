import { useCallback, useEffect, useState } from 'react';
import Markdown from 'react-markdown';
import remarkGfm from 'remark-gfm';
import rehypeSanitize from 'rehype-sanitize';
import type { GuidelineDiffDto, GuidelineDto, GuidelinesDto } from '@shared/api/console';
import type { ProjectDto } from '@shared/api/projects';
import { messageOf } from '../../api/client';
import { consoleApi } from '../../api/console';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { useStore } from '../../store';
import { GuidelineAcks } from './GuidelineAcks';

const when = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function MarkdownView({ text }: { text: string }) {
  return (
    <div className="markdown">
      <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]}>{text}</Markdown>
    </div>
  );
}

/** A line diff: removed lines red with "−", added green with "+", unchanged runs folded to their edges. */
export function DiffView({ diff }: { diff: GuidelineDiffDto }) {
  const lines: Array<{ op: 'same' | 'added' | 'removed' | 'fold'; text: string }> = [];
  diff.parts.forEach((p, i) => {
    const ls = p.text.replace(/\n$/, '').split('\n');
    if (p.op !== 'same') {
      for (const t of ls) lines.push({ op: p.op, text: t });
      return;
    }
    const context = 2;
    const first = i === 0;
    const last = i === diff.parts.length - 1;
    const head = first ? [] : ls.slice(0, context);
    const tail = last ? [] : ls.slice(-context);
    if (ls.length <= head.length + tail.length + 1) {
      for (const t of ls) lines.push({ op: 'same', text: t });
      return;
    }
    for (const t of head) lines.push({ op: 'same', text: t });
    lines.push({ op: 'fold', text: `${ls.length - head.length - tail.length} unchanged lines` });
    for (const t of tail) lines.push({ op: 'same', text: t });
  });
  return (
    <div className="diff" aria-label={`Changes from version ${diff.from} to ${diff.to}`}>
      <div className="diff-head">
        Version {diff.from} → {diff.to}: <span className="diff-added-count">+{diff.added}</span> <span className="diff-removed-count">−{diff.removed}</span> lines
      </div>
      {diff.added === 0 && diff.removed === 0 ? (
        <p className="muted">The two versions are identical.</p>
      ) : (
        <pre className="diff-body">
          {lines.map((l, i) => (
            <div key={i} className={`diff-line diff-${l.op}`} data-op={l.op}>
              <span className="diff-sign" aria-hidden="true">{l.op === 'added' ? '+' : l.op === 'removed' ? '−' : l.op === 'fold' ? '⋯' : ' '}</span>
              <span className="sr-only">{l.op === 'added' ? 'added: ' : l.op === 'removed' ? 'removed: ' : ''}</span>
              {l.text || ' '}
            </div>
          ))}
        </pre>
      )}
    </div>
  );
}

export default function GuidelinesTab({ project }: { project: ProjectDto }) {
  const toast = useStore((s) => s.toast);
  const [data, setData] = useState<GuidelinesDto | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [body, setBody] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [publishError, setPublishError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const [diff, setDiff] = useState<GuidelineDiffDto | null>(null);
  const [diffError, setDiffError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<GuidelineDto | null>(null);

  const load = useCallback(async () => {
    try {
      const g = await consoleApi.guidelines(project.id);
      setData(g);
      setBody((b) => b ?? g.current?.body ?? '');
      const vs = g.versions.map((v) => v.version).sort((a, b) => a - b);
      setTo(vs[vs.length - 1] ?? null);
      setFrom(vs.length > 1 ? vs[vs.length - 2] : (vs[0] ?? null));
    } catch (e) {
      setLoadError(messageOf(e));
    }
  }, [project.id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function publish() {
    if (body === null) return;
    setBusy(true);
    setPublishError(null);
    try {
      const g = await consoleApi.publishGuideline(project.id, body, note);
      toast('success', `Guideline version ${g.version} published`);
      setNote('');
      setDiff(null);
      await load();
    } catch (e) {
      setPublishError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function compare() {
    if (from === null || to === null) return;
    setDiffError(null);
    try {
      setDiff(await consoleApi.guidelineDiff(project.id, from, to));
    } catch (e) {
      setDiff(null);
      setDiffError(messageOf(e));
    }
  }

  if (loadError) return <InlineError>{loadError}</InlineError>;
  if (!data || body === null) return <Loading label="Loading guidelines" />;
  const current = data.current;
  const changed = body !== (current?.body ?? '');
  const versions = [...data.versions].sort((a, b) => b.version - a.version);

  return (
    <>
      <section className="card section" aria-labelledby="gl-edit-title">
        <div className="section-head">
          <h2 id="gl-edit-title">Write the guideline</h2>
          <span className="muted">{current ? `Current: version ${current.version}` : 'Nothing published yet'}</span>
        </div>
        <div className="gl-editor">
          <div className="field">
            <div className="gl-editor-label">
              <label className="field-label" htmlFor="gl-body">Guideline text (markdown)</label>
              <label className="btn btn-ghost btn-sm file-btn">
                Load a .md file
                <input type="file" accept=".md,.markdown,.txt,text/markdown,text/plain" className="sr-only" aria-label="Load a markdown file"
                  onChange={async (e) => {
                    const f = e.target.files?.[0];
                    if (f) setBody(await f.text());
                    e.target.value = '';
                  }} />
              </label>
            </div>
            <textarea id="gl-body" className="input mono gl-text" rows={22} value={body} onChange={(e) => setBody(e.target.value)} spellCheck />
          </div>
          <div className="field">
            <span className="field-label">Preview</span>
            <div className="gl-preview" aria-label="Guideline preview"><MarkdownView text={body} /></div>
          </div>
        </div>
        <div className="gl-publish">
          <div className="field grow">
            <label className="field-label" htmlFor="gl-note">Note for this version</label>
            <input id="gl-note" className="input" value={note} maxLength={2000} placeholder="What changed, e.g. “sarcasm counts as negative”" onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="button" className="btn btn-primary" disabled={busy || !changed || !body.trim()} onClick={() => void publish()}>
            {busy ? 'Publishing…' : 'Publish new version'}
          </button>
        </div>
        <p className="field-hint">
          A published version never changes. Annotators are asked to acknowledge the new version, and every label records the version it
          was made under (see a row’s history under Rows).
        </p>
        <InlineError>{publishError}</InlineError>
      </section>

      <div className="two-col">
        <section className="card section" aria-labelledby="gl-versions-title">
          <h2 id="gl-versions-title">Versions</h2>
          {versions.length === 0 ? (
            <p className="muted">No version yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="table" aria-label="Guideline versions">
                <thead><tr><th scope="col">Version</th><th scope="col">Note</th><th scope="col">Published</th><th scope="col"><span className="sr-only">View</span></th></tr></thead>
                <tbody>
                  {versions.map((v) => (
                    <tr key={v.version}>
                      <td className="num">v{v.version}{current?.version === v.version && <span className="badge badge-success badge-inline">current</span>}</td>
                      <td>{v.note || <span className="muted">—</span>}</td>
                      <td className="cell-secondary">{when(v.createdAt)}{v.createdByName ? ` · ${v.createdByName}` : ''}</td>
                      <td className="cell-actions">
                        <button type="button" className="btn btn-ghost btn-sm" aria-label={`View version ${v.version}`}
                          onClick={() => void consoleApi.guideline(project.id, v.version).then(setViewing, (e) => setDiffError(messageOf(e)))}>View</button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section className="card section" aria-labelledby="gl-compare-title">
          <h2 id="gl-compare-title">Compare versions</h2>
          {versions.length < 2 ? (
            <p className="muted">Publish a second version to compare.</p>
          ) : (
            <div className="inline-form compare-form">
              <label className="field-label" htmlFor="gl-from">From</label>
              <select id="gl-from" className="input input-sm" value={from ?? ''} onChange={(e) => setFrom(Number(e.target.value))}>
                {versions.map((v) => <option key={v.version} value={v.version}>v{v.version}</option>)}
              </select>
              <label className="field-label" htmlFor="gl-to">To</label>
              <select id="gl-to" className="input input-sm" value={to ?? ''} onChange={(e) => setTo(Number(e.target.value))}>
                {versions.map((v) => <option key={v.version} value={v.version}>v{v.version}</option>)}
              </select>
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => void compare()}>Compare</button>
            </div>
          )}
          <InlineError>{diffError}</InlineError>
          {diff && <DiffView diff={diff} />}
        </section>
      </div>

      {current && <GuidelineAcks projectId={project.id} current={current.version} />}

      {viewing && (
        <section className="card section" aria-label={`Guideline version ${viewing.version}`}>
          <div className="section-head">
            <h2>Version {viewing.version}{viewing.note ? `: ${viewing.note}` : ''}</h2>
            <div className="actions">
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setBody(viewing.body)}>Start editing from this version</button>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setViewing(null)}>Close</button>
            </div>
          </div>
          <MarkdownView text={viewing.body} />
        </section>
      )}
    </>
  );
}

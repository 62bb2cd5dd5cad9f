import { useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { MemberDto, ProjectDto } from '@shared/api/projects';
import { messageOf } from '../../api/client';
import { qualityApi } from '../../api/quality';
import { consoleApi, type RowFilters, type RowHistory, type RowListItem } from '../../api/console';
import { membersApi } from '../../api/endpoints';
import { Badge, type BadgeTone } from '../../components/Badges';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { useStore } from '../../store';
import { when } from './format';

const PAGE = 200;
const ROW_H = 46;

export const STATE_TONE: Record<RowListItem['state'], BadgeTone> = { labeling: 'neutral', qa: 'info', escalated: 'warning', final: 'success', gold: 'warning' };

const WAITING: Record<string, string> = {
  waiting_for_labelers: 'waiting for labelers', labeling_in_progress: 'being labeled', no_eligible_labeler: 'no eligible labeler left',
  waiting_for_qa: 'waiting for QA', qa_in_progress: 'in QA', waiting_for_expert: 'waiting for an expert', no_eligible_reviewer: 'no eligible reviewer left',
  waiting_for_lead: 'waiting for a lead',
};

function Filters({ value, onChange, members }: { value: RowFilters; onChange: (f: RowFilters) => void; members: MemberDto[] }) {
  const [expertise, setExpertise] = useState(value.expertise ?? '');
  return (
    <form className="filters" aria-label="Row filters" onSubmit={(e) => { e.preventDefault(); onChange({ ...value, expertise: expertise.trim().toLowerCase() || undefined }); }}>
      <label className="filter">
        <span>State</span>
        <select className="input input-sm" value={value.state ?? ''} onChange={(e) => onChange({ ...value, state: (e.target.value || undefined) as RowFilters['state'] })}>
          <option value="">any</option>
          <option value="labeling">labeling</option>
          <option value="qa">QA</option>
          <option value="escalated">escalated</option>
          <option value="final">final</option>
        </select>
      </label>
      <label className="filter">
        <span>Agreement</span>
        <select className="input input-sm" value={value.agree ?? ''} onChange={(e) => onChange({ ...value, agree: (e.target.value || undefined) as RowFilters['agree'] })}>
          <option value="">any</option>
          <option value="true">labels agree</option>
          <option value="false">labels disagree</option>
        </select>
      </label>
      <label className="filter">
        <span>Labeler</span>
        <select className="input input-sm" value={value.labeler ?? ''} onChange={(e) => onChange({ ...value, labeler: e.target.value ? Number(e.target.value) : undefined })}>
          <option value="">anyone</option>
          {members.map((m) => <option key={m.userId} value={m.userId}>{m.name}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>Needs expertise</span>
        <input className="input input-sm" value={expertise} placeholder="e.g. finance" onChange={(e) => setExpertise(e.target.value)}
          onBlur={() => onChange({ ...value, expertise: expertise.trim().toLowerCase() || undefined })} />
      </label>
      <label className="check filter-check">
        <input type="checkbox" checked={value.waiting === 'expert'} onChange={(e) => onChange({ ...value, waiting: e.target.checked ? 'expert' : undefined })} />
        <span>Waiting for an expert</span>
      </label>
    </form>
  );
}

function History({ project, rowId, onClose, onChanged }: { project: ProjectDto; rowId: number; onClose: () => void; onChanged: () => void }) {
  const toast = useStore((s) => s.toast);
  const [h, setH] = useState<RowHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [to, setTo] = useState<'qa' | 'labeling'>('qa');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    setError(null);
    consoleApi.history(project.id, rowId).then(setH, (e) => setError(messageOf(e)));
  }, [project.id, rowId]);
  useEffect(() => {
    setH(null);
    load();
  }, [load]);
  const names = new Map(h?.assignments.map((a) => [a.userId, a.userName ?? `user ${a.userId}`]) ?? []);

  async function promote() {
    setBusy(true);
    setError(null);
    try {
      await qualityApi.promote(project.id, rowId);
      toast('success', `Row ${h?.row.externalId ?? rowId} is now a gold row: its final is the reference answer`);
      load();
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  async function reopen() {
    setBusy(true);
    setError(null);
    try {
      await consoleApi.reopen(project.id, rowId, to, note.trim() || undefined);
      toast('success', `Row ${h?.row.externalId ?? rowId} reopened to ${to === 'qa' ? 'QA' : 'labeling'}`);
      setNote('');
      load();
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <aside className="card row-history" aria-label="Row history">
      <div className="section-head">
        <h2>Row {h?.row.externalId ?? `#${rowId}`}</h2>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} aria-label="Close the history">✕</button>
      </div>
      <InlineError>{error}</InlineError>
      {!h ? (
        !error && <Loading label="Loading the history" />
      ) : (
        <>
          <div className="header-meta">
            <Badge tone={STATE_TONE[h.row.state]}>{h.row.state}</Badge>
            <span className="muted">round {h.row.round}</span>
            {h.row.expertise.length > 0 && <span className="muted">needs {h.row.expertise.join(', ')}</span>}
            {h.row.agree !== null && <Badge tone={h.row.agree ? 'success' : 'danger'}>{h.row.agree ? 'labels agree' : 'labels disagree'}</Badge>}
          </div>
          {h.row.state === 'final' && (
            <div className="reopen">
              <h3 className="subhead">Reopen</h3>
              <div className="inline-form">
                <select className="input input-sm" aria-label="Reopen to" value={to} onChange={(e) => setTo(e.target.value as 'qa' | 'labeling')}>
                  <option value="qa">QA again</option>
                  <option value="labeling">a new labeling round</option>
                </select>
                <input className="input input-sm" aria-label="Reopen note" placeholder="Why (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
                <button type="button" className="btn btn-secondary btn-sm" disabled={busy} onClick={() => void reopen()}>Reopen</button>
              </div>
              <h3 className="subhead">Gold</h3>
              <p className="muted">Serve this row to labelers who never held it, scored against its final answer.</p>
              <button type="button" className="btn btn-secondary btn-sm" disabled={busy} onClick={() => void promote()}>Make gold row</button>
            </div>
          )}
          <h3 className="subhead">Data</h3>
          <pre className="history-json">{JSON.stringify(h.row.data, null, 2)}</pre>
          <h3 className="subhead">Timeline</h3>
          <ol className="timeline">
            {h.assignments.map((a) => (
              <li key={`a${a.id}`}>
                <span className="timeline-when">{when(a.claimedAt)}</span>
                <span><strong>{a.userName ?? `user ${a.userId}`}</strong> {a.kind === 'qa' ? 'QA' : 'label'} slot, round {a.round}: {a.status}{a.releaseReason ? ` (${a.releaseReason})` : ''}</span>
              </li>
            ))}
            {h.answers.map((a) => (
              <li key={`s${a.id}`}>
                <span className="timeline-when">{when(a.createdAt)}</span>
                <span>
                  <strong>{names.get(a.userId) ?? `user ${a.userId}`}</strong> submitted {a.kind === 'qa' ? 'a QA answer' : 'a label'} (round {a.round}) under guideline <strong>{a.guidelineVersion === null ? 'none' : `v${a.guidelineVersion}`}</strong>
                  {a.bestEffort && <Badge tone="warning">best effort</Badge>} · {(a.activeMs / 60000).toFixed(1)} min active
                  <details><summary>answer</summary><pre className="history-json">{JSON.stringify(a.answer, null, 2)}</pre></details>
                </span>
              </li>
            ))}
            {h.finals.map((f) => (
              <li key={`f${f.id}`}>
                <span className="timeline-when">{when(f.createdAt)}</span>
                <span>
                  Final (round {f.round}, {f.source}) under guideline <strong>{f.guidelineVersion === null ? 'none' : `v${f.guidelineVersion}`}</strong>
                  <details><summary>final answer</summary><pre className="history-json">{JSON.stringify(f.answer, null, 2)}</pre></details>
                </span>
              </li>
            ))}
            {h.escalations.map((e) => (
              <li key={`e${e.id}`}>
                <span className="timeline-when">{when(e.createdAt)}</span>
                <span>Escalated: “{e.question}”{e.answer ? ` → answered: “${e.answer}”` : ' (open)'}</span>
              </li>
            ))}
          </ol>
          {h.assignments.length === 0 && <p className="muted">Nobody has worked on this row yet.</p>}
        </>
      )}
    </aside>
  );
}

/** Every row of the project, filterable, in a virtualized list that pages in as it scrolls. */
export default function RowsTab({ project }: { project: ProjectDto }) {
  const [filters, setFilters] = useState<RowFilters>({});
  const [rows, setRows] = useState<RowListItem[]>([]);
  const [cursor, setCursor] = useState<number | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [members, setMembers] = useState<MemberDto[]>([]);
  const generation = useRef(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    membersApi.list(project.id).then(({ members: m }) => setMembers(m.filter((x) => x.roles.includes('annotator') || x.roles.includes('reviewer'))), () => {});
  }, [project.id]);

  const loadPage = useCallback(async (f: RowFilters, from: number | undefined, reset: boolean) => {
    const gen = reset ? ++generation.current : generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await consoleApi.rows(project.id, { ...f, cursor: from, limit: PAGE });
      if (gen !== generation.current) return;
      setRows((r) => (reset ? page.rows : [...r, ...page.rows]));
      setCursor(page.nextCursor);
    } catch (e) {
      if (gen === generation.current) setError(messageOf(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [project.id]);

  useEffect(() => {
    setRows([]);
    setCursor(undefined);
    void loadPage(filters, undefined, true);
  }, [filters, loadPage]);

  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_H, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;
  useEffect(() => {
    if (!loading && typeof cursor === 'number' && lastIndex >= rows.length - 20) void loadPage(filters, cursor, false);
  }, [lastIndex, rows.length, cursor, loading, filters, loadPage]);

  return (
    <div className={selected === null ? 'rows-tab' : 'rows-tab with-history'}>
      <section className="card rows-list">
        <Filters value={filters} onChange={setFilters} members={members} />
        <InlineError>{error}</InlineError>
        <div className="rows-head" role="row">
          <span>Row</span><span>State</span><span>Agreement</span><span>Expertise</span><span>Status</span>
        </div>
        <div className="rows-scroll" ref={scrollRef} role="list" aria-label="Rows" aria-busy={loading}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((v) => {
              const r = rows[v.index];
              return (
                <button
                  key={r.id} type="button" role="listitem"
                  className={r.id === selected ? 'rows-item selected' : 'rows-item'}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_H, transform: `translateY(${v.start}px)` }}
                  onClick={() => setSelected(r.id)} aria-label={`Row ${r.externalId ?? r.id}`}
                >
                  <span className="mono ellipsis">{r.externalId ?? `#${r.id}`}</span>
                  <span><Badge tone={STATE_TONE[r.state]}>{r.state}</Badge>{r.round > 1 && <span className="muted"> r{r.round}</span>}</span>
                  <span>{r.agree === null ? <span className="muted">—</span> : r.agree ? <span className="ok-text">agree</span> : <span className="err-text">disagree</span>}</span>
                  <span className="ellipsis">{r.expertise.length ? r.expertise.join(', ') : <span className="muted">—</span>}</span>
                  <span className={r.waiting === 'waiting_for_expert' ? 'warn-text ellipsis' : 'muted ellipsis'}>
                    {r.waiting ? (WAITING[r.waiting] ?? r.waiting) : 'done'}{r.needs.length > 0 && ` (${r.needs.join(', ')})`}
                  </span>
                </button>
              );
            })}
          </div>
          {!loading && rows.length === 0 && !error && <p className="muted empty-rows">No rows match.</p>}
        </div>
        <div className="rows-foot muted">
          {rows.length.toLocaleString()} row{rows.length === 1 ? '' : 's'} loaded{typeof cursor === 'number' ? ' (more as you scroll)' : ''}
          {loading && ' · loading…'}
        </div>
      </section>
      {selected !== null && (
        <History project={project} rowId={selected} onClose={() => setSelected(null)} onChanged={() => void loadPage(filters, undefined, true)} />
      )}
    </div>
  );
}

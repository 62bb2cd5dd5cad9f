import { useCallback, useEffect, useState } from 'react';
import type { ProjectDto } from '@shared/api/projects';
import { messageOf } from '../../../api/client';
import { consoleApi, type RowHistory } from '../../../api/console';
import { qualityApi } from '../../../api/quality';
import { Badge } from '../../../components/Badges';
import { InlineError } from '../../../components/Form';
import { Loading } from '../../../components/Loading';
import { useStore } from '../../../store';
import { RowData } from '../../review/RowData';
import { when } from '../format';
import { RowAnswers } from './RowAnswers';
import { RowTimeline } from './RowTimeline';
import { STATE_TONE, coverageText } from './format';

/** A claim whose holder sent no heartbeat for this long is called stuck (the lease may be far longer). */
const QUIET_MS = 5 * 60_000;

/**
 * One row for its lead: state, the domains it requires and who covers them, its priority (editable), the
 * claims held on it (each releasable), reopen or make gold for a final row, the latest round's answers side by side,
 * the data, and the timeline of everything that happened to it.
 */
export function RowDetail({ project, rowId, onClose, onChanged }: { project: ProjectDto; rowId: number; onClose(): void; onChanged(): void }) {
  const toast = useStore((s) => s.toast);
  const [h, setH] = useState<RowHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [priority, setPriority] = useState('');
  const [to, setTo] = useState<'qa' | 'labeling'>('qa');
  const [note, setNote] = useState('');
  const load = useCallback(() => {
    setError(null);
    consoleApi.history(project.id, rowId).then((x) => {
      setH(x);
      setPriority(String(x.row.priority));
    }, (e) => setError(messageOf(e)));
  }, [project.id, rowId]);
  useEffect(() => {
    setH(null);
    load();
  }, [load]);

  async function act(what: () => Promise<unknown>, done: string) {
    setBusy(true);
    setError(null);
    try {
      await what();
      toast('success', done);
      load();
      onChanged();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  const name = h?.row.externalId ?? `#${rowId}`;
  const wanted = Number(priority);
  const priorityValid = priority.trim() !== '' && Number.isInteger(wanted) && Math.abs(wanted) <= 1_000_000;
  const now = Date.now();
  const active = h?.assignments.filter((a) => a.status === 'active') ?? [];

  return (
    <aside className="card row-detail" aria-label={`Row ${name}`}>
      <div className="section-head">
        <h2>Row {name}</h2>
        <button type="button" className="btn btn-ghost btn-sm" onClick={onClose} aria-label="Close the row">✕</button>
      </div>
      <InlineError>{error}</InlineError>
      {!h ? (
        !error && <Loading label="Loading the row" />
      ) : (
        <>
          <div className="header-meta">
            <Badge tone={STATE_TONE[h.row.state]}>{h.row.state}</Badge>
            <span className="muted">round {h.row.round}</span>
            {h.row.agree !== null && <Badge tone={h.row.agree ? 'success' : 'danger'}>{h.row.agree ? 'labels agree' : 'labels disagree'}</Badge>}
            {h.row.coverage.map((c) => (
              <span key={c.domain} className={c.coveredBy ? 'ok-text' : 'warn-text'}>{coverageText(c)}</span>
            ))}
          </div>

          <form className="inline-form row-priority" onSubmit={(e) => {
            e.preventDefault();
            if (priorityValid) void act(() => consoleApi.setPriority(project.id, rowId, wanted), `Row ${name}: priority ${wanted}`);
          }}>
            <label htmlFor="row-priority">Priority</label>
            <input id="row-priority" className="input input-sm" inputMode="numeric" value={priority} onChange={(e) => setPriority(e.target.value)}
              aria-invalid={!priorityValid} aria-describedby="row-priority-hint" />
            <button type="submit" className="btn btn-secondary btn-sm" disabled={busy || !priorityValid || wanted === h.row.priority}>Set priority</button>
            <span id="row-priority-hint" className="muted">{priorityValid ? 'higher is handed out first' : 'a whole number from -1,000,000 to 1,000,000'}</span>
          </form>

          {active.length > 0 && (
            <div className="row-claims">
              <h3 className="subhead">Claims held</h3>
              <ul>
                {active.map((a) => {
                  const quiet = now - a.heartbeatAt > QUIET_MS;
                  return (
                    <li key={a.id}>
                      <span>
                        <strong>{a.userName ?? `user ${a.userId}`}</strong> holds {a.kind === 'qa' ? 'the QA slot' : 'a label slot'} since {when(a.claimedAt)}
                        {quiet && <> · <span className="warn-text">stuck: no sign of work since {when(a.heartbeatAt)}</span></>}
                        <span className="muted"> · lease ends {when(a.expiresAt)}</span>
                      </span>
                      <button type="button" className="btn btn-secondary btn-sm" disabled={busy}
                        onClick={() => void act(() => consoleApi.releaseClaim(project.id, a.id), `Released ${a.userName ? `${a.userName}'s` : 'the'} claim on row ${name}; the slot is open again`)}>
                        Release claim
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          )}

          {h.row.state === 'final' && (
            <div className="reopen">
              <h3 className="subhead">Reopen</h3>
              <div className="inline-form">
                <select className="input input-sm" aria-label="Reopen to" value={to} onChange={(e) => setTo(e.target.value as 'qa' | 'labeling')}>
                  <option value="qa">QA again</option>
                  <option value="labeling">a new labeling round</option>
                </select>
                <input className="input input-sm" aria-label="Reopen note" placeholder="Why (optional)" value={note} onChange={(e) => setNote(e.target.value)} />
                <button type="button" className="btn btn-secondary btn-sm" disabled={busy}
                  onClick={() => void act(() => consoleApi.reopen(project.id, rowId, to, note.trim() || undefined).then(() => setNote('')), `Row ${name} reopened to ${to === 'qa' ? 'QA' : 'labeling'}`)}>
                  Reopen
                </button>
              </div>
              <h3 className="subhead">Gold</h3>
              <p className="muted">Serve this row to labelers who never held it, scored against its final answer.</p>
              <button type="button" className="btn btn-secondary btn-sm" disabled={busy}
                onClick={() => void act(() => qualityApi.promote(project.id, rowId), `Row ${name} is now a gold row: its final is the reference answer`)}>
                Make gold row
              </button>
            </div>
          )}

          <h3 className="subhead">Answers</h3>
          <RowAnswers history={h} schema={project.schema} />
          <h3 className="subhead">Data</h3>
          <RowData data={h.row.data as Record<string, unknown>} />
          <h3 className="subhead">Timeline</h3>
          <RowTimeline history={h} />
        </>
      )}
    </aside>
  );
}

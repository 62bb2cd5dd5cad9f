import { useCallback, useEffect, useState } from 'react';
import type { ProjectDto } from '@shared/api/projects';
import { SIGNAL_KINDS, SIGNAL_LABELS, type PersonSignals, type SignalDto, type SignalKind } from '@shared/api/integrity';
import { integrityApi } from '../../api/people';
import { messageOf } from '../../api/client';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';

/** One signal's facts in words: what was pasted, how fast against the norm, how long the streak. */
function detailText(s: SignalDto): string {
  const d = s.details as Record<string, number | undefined> & { pastes?: { question: string; chars: number }[] };
  const sec = (ms?: number) => `${((ms ?? 0) / 1000).toFixed(1)} s`;
  switch (s.kind) {
    case 'paste': return (d.pastes ?? []).map((p) => `${p.chars} characters into ${p.question}`).join(', ');
    case 'fast': return `${sec(d.activeMs)} of work; the project's median is ${sec(d.medianMs)}`;
    case 'streak': return `the same answer ${d.length} times running`;
    case 'early': return d.loadMs !== undefined ? `${sec(d.activeMs)} of work; the row took ${sec(d.loadMs)} to show`
      : d.shownMs !== undefined ? `submitted ${sec(d.shownMs)} after the row showed` : `submitted ${sec(d.sinceClaimMs)} after it was handed out`;
  }
}

/**
 * Integrity signals (issue 16): facts about how answers were made, per person and per row. They are
 * hints for a lead to look into, never a verdict, and they never stopped anyone's submission.
 */
export default function IntegrityTab({ project }: { project: ProjectDto }) {
  const [people, setPeople] = useState<PersonSignals[] | null>(null);
  const [signals, setSignals] = useState<SignalDto[] | null>(null);
  const [userId, setUserId] = useState<number | undefined>();
  const [rowId, setRowId] = useState('');
  const [kind, setKind] = useState<SignalKind | ''>('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => { integrityApi.people(project.id).then((r) => setPeople(r.people), (e) => setError(messageOf(e))); }, [project.id]);
  const load = useCallback(async () => {
    try {
      const row = Number(rowId);
      setSignals((await integrityApi.signals(project.id, { userId, kind: kind || undefined, rowId: Number.isInteger(row) && row > 0 ? row : undefined })).signals);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [project.id, userId, kind, rowId]);
  useEffect(() => { void load(); }, [load]);

  return (
    <div className="stack">
      <section className="card section" aria-labelledby="int-people">
        <h2 id="int-people">Integrity signals per person</h2>
        <p className="muted">Recorded with each label: large pastes, work far faster than the project's median, the same answer many times running, and answers sent before the row could be read. Hints to look into; they never refuse a submission.</p>
        <InlineError>{error}</InlineError>
        {!people && !error && <Loading label="Loading signals" />}
        {people && people.length === 0 && <p className="empty-state">No labels yet.</p>}
        {people && people.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Person</th><th>Labels</th>{SIGNAL_KINDS.map((k) => <th key={k}>{SIGNAL_LABELS[k]}</th>)}<th /></tr></thead>
              <tbody>
                {people.map((p) => (
                  <tr key={p.userId}>
                    <td className="cell-primary">{p.name}</td>
                    <td>{p.answers}</td>
                    {SIGNAL_KINDS.map((k) => <td key={k}>{p.counts[k] || '·'}</td>)}
                    <td className="cell-actions">
                      <button type="button" className="btn btn-sm btn-ghost" aria-pressed={userId === p.userId} onClick={() => setUserId(userId === p.userId ? undefined : p.userId)}>
                        {userId === p.userId ? 'Show everyone' : 'Show signals'}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card section" aria-labelledby="int-list">
        <h2 id="int-list">Signals{userId !== undefined && people ? ` of ${people.find((p) => p.userId === userId)?.name ?? ''}` : ''}</h2>
        <div className="inline-form">
          <select className="input input-sm" aria-label="Kind of signal" value={kind} onChange={(e) => setKind(e.target.value as SignalKind | '')}>
            <option value="">Every kind</option>
            {SIGNAL_KINDS.map((k) => <option key={k} value={k}>{SIGNAL_LABELS[k]}</option>)}
          </select>
          <input className="input input-sm" aria-label="Row id" placeholder="Row id" inputMode="numeric" value={rowId} onChange={(e) => setRowId(e.target.value.replace(/\D/g, ''))} />
        </div>
        {signals && signals.length === 0 && <p className="empty-state">No signals here.</p>}
        {signals && signals.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>When</th><th>Person</th><th>Row</th><th>Signal</th><th>What</th></tr></thead>
              <tbody>
                {signals.map((s) => (
                  <tr key={s.id}>
                    <td>{new Date(s.createdAt).toLocaleString()}</td>
                    <td>{s.person.name}</td>
                    <td><button type="button" className="btn btn-link" onClick={() => setRowId(String(s.row.id))}>{s.row.externalId ?? `#${s.row.id}`}</button></td>
                    <td><span className="badge badge-warning">{SIGNAL_LABELS[s.kind]}</span></td>
                    <td>{detailText(s)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

import { Fragment, useCallback, useEffect, useState } from 'react';
import type { PeopleQualityDto, PersonQualityDto } from '@shared/api/quality';
import type { ProjectDto } from '@shared/api/projects';
import { DEFAULT_GOLD, type GoldSettings } from '@shared/gold';
import { api, messageOf } from '../../api/client';
import { qualityApi } from '../../api/quality';
import { Badge } from '../../components/Badges';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { useStore } from '../../store';
import { fixed, pct, when } from './format';

// The per-person quality view (issue 16): who labels badly, since when, and on what. Gold accuracy (and
// per day), agreement with peers and κ per pair, what QA kept, speed, flags; the automatic pause and its notice.

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`);
const goldText = (g: { n: number; accuracy: number | null }) => (g.n ? `${pct(g.accuracy)} of ${g.n}` : '—');

/** Gold accuracy day by day, as text a screen reader reads too: "Dec 1 3/4 · Dec 2 1/4". */
function GoldTrend({ p }: { p: PersonQualityDto }) {
  if (!p.gold.byDay.length) return <span className="muted">—</span>;
  return (
    <span className="quality-trend">
      {p.gold.byDay.slice(-7).map((d) => (
        <span key={d.day} title={`${new Date(d.day).toLocaleDateString()}: ${d.correct} of ${d.n} gold rows right`}
          className={d.correct / d.n < 0.5 ? 'trend-low' : 'trend-ok'}>
          {new Date(d.day).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} {d.correct}/{d.n}
        </span>
      ))}
    </span>
  );
}

function GoldSettingsForm({ project, onSaved }: { project: ProjectDto; onSaved: (p: ProjectDto) => void }) {
  const [g, setG] = useState<GoldSettings>(project.settings.gold ?? DEFAULT_GOLD);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toast = useStore((s) => s.toast);
  const num = (k: keyof GoldSettings) => (e: React.ChangeEvent<HTMLInputElement>) => setG({ ...g, [k]: e.target.value === '' ? null : Number(e.target.value) });
  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api.patch<{ project: ProjectDto }>(`/projects/${project.id}`, { settings: { ...project.settings, gold: g } });
      onSaved(r.project);
      toast('success', 'Gold settings saved');
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card section quality-settings" aria-label="Gold settings" onSubmit={(e) => void save(e)}>
      <h2>Gold rows</h2>
      <p className="muted">Gold rows (imported with a <code>gold</code> field, or a final made gold from the Rows tab) are served like any row and scored against their reference.</p>
      <div className="quality-fields">
        <label>First rows of each labeler that are gold <input className="input input-sm" type="number" min={0} max={1000} value={g.firstRows} onChange={num('firstRows')} /></label>
        <label>Then gold, % of rows <input className="input input-sm" type="number" min={0} max={100} value={g.percent} onChange={num('percent')} /></label>
        <label>Pause below, % gold accuracy (empty: never) <input className="input input-sm" type="number" min={0} max={100} value={g.pauseBelow ?? ''} onChange={num('pauseBelow')} /></label>
        <label>…after at least, gold rows <input className="input input-sm" type="number" min={1} max={10000} value={g.pauseAfter} onChange={num('pauseAfter')} /></label>
      </div>
      <InlineError>{error}</InlineError>
      <button type="submit" className="btn btn-secondary btn-sm" disabled={busy}>Save gold settings</button>
    </form>
  );
}

export default function QualityTab({ project, onSaved }: { project: ProjectDto; onSaved: (p: ProjectDto) => void }) {
  const [q, setQ] = useState<PeopleQualityDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const toast = useStore((s) => s.toast);
  const load = useCallback(() => {
    setError(null);
    qualityApi.people(project.id).then(setQ, (e) => setError(messageOf(e)));
  }, [project.id]);
  useEffect(load, [load]);

  async function resume(userId: number, name: string) {
    try {
      await qualityApi.resume(project.id, userId);
      toast('success', `${name} can take rows again`);
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  const question = (id: string) => project.schema.find((x) => x.id === id)?.title ?? id;
  const nameOf = new Map(q?.people.map((p) => [p.userId, p.name]) ?? []);
  return (
    <div className="quality-tab">
      {q?.pauses.map((p) => (
        <div key={p.userId} className="notice quality-paused" role="alert">
          <strong>{p.name}</strong> was paused {p.pausedBy === null ? 'automatically' : ''} on {when(p.pausedAt)}: {p.reason}.{' '}
          <button type="button" className="btn btn-secondary btn-sm" onClick={() => void resume(p.userId, p.name)}>Resume {p.name}</button>
        </div>
      ))}
      <InlineError>{error}</InlineError>
      <GoldSettingsForm project={project} onSaved={onSaved} />
      <section className="card section" aria-labelledby="quality-title">
        <div className="section-head">
          <h2 id="quality-title">People</h2>
          <a className="btn btn-secondary btn-sm" href={qualityApi.csvUrl(project.id)} download>Download CSV</a>
        </div>
        {!q ? !error && <Loading label="Loading per-person quality" /> : q.people.length === 0 ? <p className="muted">Nobody has labeled yet.</p> : (
          <div className="table-wrap">
            <table className="table" aria-label="Per-person quality">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col" className="num">Labels</th>
                  <th scope="col" className="num" title="Active time per label">Speed</th>
                  <th scope="col" className="num" title="Gold answers right on every question">Gold accuracy</th>
                  <th scope="col">Gold by day</th>
                  <th scope="col" className="num" title="Questions where their label agreed with the other labeler's">With peers</th>
                  <th scope="col" className="num" title="Of QA's decisions per question: theirs taken (or both agreed)">Kept by QA</th>
                  <th scope="col" className="num" title="Best effort · expert flags · escalations">Flags</th>
                  <th scope="col" title="Integrity signals recorded on their answers">Signals</th>
                </tr>
              </thead>
              <tbody>
                {q.people.map((p) => {
                  const sum = (f: (x: PersonQualityDto['questions'][number]) => [number, number]) => p.questions.reduce((a, x) => [a[0] + f(x)[0], a[1] + f(x)[1]], [0, 0]);
                  const [pa, pn] = sum((x) => [x.peers.agreed, x.peers.n]);
                  const [qk, qd] = sum((x) => [x.qa.kept, x.qa.decided]);
                  const expanded = open === p.userId;
                  return (
                    <Fragment key={p.userId}>
                      <tr>
                        <td>
                          <button type="button" className="btn btn-ghost btn-sm" aria-expanded={expanded} onClick={() => setOpen(expanded ? null : p.userId)}>{expanded ? '▾' : '▸'} {p.name}</button>
                          {p.paused && <Badge tone="danger">paused</Badge>}
                        </td>
                        <td className="num">{p.labels.toLocaleString()}</td>
                        <td className="num">{seconds(p.activeMsPerRow)}</td>
                        <td className="num">{goldText(p.gold)}</td>
                        <td><GoldTrend p={p} /></td>
                        <td className="num">{pn ? pct(pa / pn) : '—'}</td>
                        <td className="num">{qd ? pct(qk / qd) : '—'}</td>
                        <td className="num">{p.bestEffort} · {p.flagsRaised} · {p.escalations}</td>
                        <td>{Object.keys(p.signals).length ? Object.entries(p.signals).map(([k, n]) => `${k.replace(/_/g, ' ')} ${n}`).join(' · ') : '—'}</td>
                      </tr>
                      {expanded && p.questions.map((x) => (
                        <tr key={x.questionId} className="quality-question">
                          <td className="cell-secondary">↳ {question(x.questionId)}</td>
                          <td />
                          <td />
                          <td className="num">{goldText({ n: x.gold.n, accuracy: x.gold.accuracy })}{x.gold.meanScore !== null && <span className="muted"> (score {fixed(x.gold.meanScore)})</span>}</td>
                          <td />
                          <td className="num">{x.peers.n ? `${pct(x.peers.agreement)} of ${x.peers.n}` : '—'}</td>
                          <td className="num">{x.qa.decided ? `${pct(x.qa.keptRate)} (${x.qa.overruled} overruled)` : '—'}</td>
                          <td colSpan={2} className="cell-secondary">
                            {Object.keys(x.reasons).length > 0 && `Reviewers: ${Object.entries(x.reasons).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} (${n})`).join(', ')}`}
                          </td>
                        </tr>
                      ))}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {q && q.peers.length > 0 && (
        <section className="card section" aria-labelledby="kappa-title">
          <h2 id="kappa-title">Agreement between people</h2>
          <div className="table-wrap">
            <table className="table" aria-label="Cohen's kappa per pair of people">
              <thead><tr><th scope="col">Pair</th><th scope="col">Question</th><th scope="col" className="num">Rows</th><th scope="col" className="num">Agree</th><th scope="col" className="num">κ</th></tr></thead>
              <tbody>
                {q.peers.map((x) => (
                  <tr key={`${x.a}-${x.b}-${x.questionId}`}>
                    <td>{nameOf.get(x.a) ?? x.a} · {nameOf.get(x.b) ?? x.b}</td>
                    <td>{question(x.questionId)}</td>
                    <td className="num">{x.n}</td>
                    <td className="num">{pct(x.agreed / x.n)}</td>
                    <td className="num">{x.kappa === null ? 'n/a' : fixed(x.kappa)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

import { useCallback, useEffect, useState } from 'react';
import type { PersonStatsDto } from '@shared/api/dashboard';
import type { MemberDto, ProjectDto } from '@shared/api/projects';
import { messageOf } from '../../api/client';
import { membersApi, usersApi } from '../../api/endpoints';
import { consoleApi } from '../../api/console';
import { ExpertiseBadges } from '../../components/Badges';
import { InlineError, parseTags } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { useStore } from '../../store';
import { Members } from '../Members';
import { pct } from './format';
import { CandidatePicker } from './CandidatePicker';

function ExpertiseEditor({ m, onSaved }: { m: MemberDto; onSaved: () => void }) {
  const toast = useStore((s) => s.toast);
  const [text, setText] = useState(m.expertise.join(', '));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = parseTags(text).join(',') !== m.expertise.join(',');
  return (
    <form className="inline-form" aria-label={`Expertise of ${m.email}`} onSubmit={async (e) => {
      e.preventDefault();
      setBusy(true);
      setError(null);
      try {
        const { user } = await usersApi.update(m.userId, { expertise: parseTags(text) });
        toast('success', `${user.name}: ${user.expertise.length ? user.expertise.join(', ') : 'no expertise'}`);
        onSaved();
      } catch (err) {
        setError(messageOf(err));
      } finally {
        setBusy(false);
      }
    }}>
      <input className="input input-sm" aria-label={`Expertise of ${m.name}`} placeholder="e.g. finance, cs" value={text} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="btn btn-secondary btn-sm" disabled={!changed || busy}>Save</button>
      <InlineError>{error}</InlineError>
    </form>
  );
}

/** The project's members (the shared section) plus each person's expertise and numbers from the dashboard. */
export default function MembersTab({ project }: { project: ProjectDto }) {
  const me = useStore((s) => s.user);
  const [members, setMembers] = useState<MemberDto[] | null>(null);
  const [people, setPeople] = useState<Map<number, PersonStatsDto> | null>(null);
  const [statsError, setStatsError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Remounting the shared section refreshes its expertise column after an edit here.
  const [generation, setGeneration] = useState(0);

  const load = useCallback(async () => {
    try {
      setMembers((await membersApi.list(project.id)).members);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [project.id]);
  useEffect(() => {
    void load();
  }, [load, generation]);
  useEffect(() => {
    consoleApi.dashboard(project.id).then(
      (d) => setPeople(new Map(d.people.map((p) => [p.userId, p]))),
      (e) => setStatsError(messageOf(e)),
    );
  }, [project.id]);

  return (
    <>
      <Members key={generation} projectId={project.id} canManage />
      <CandidatePicker projectId={project.id} onAdded={() => setGeneration((g) => g + 1)} />
      <section className="card section" aria-labelledby="people-title">
        <div className="section-head">
          <h2 id="people-title">Expertise and numbers</h2>
          {!me?.isAdmin && <span className="muted">Only administrators edit expertise.</span>}
        </div>
        <InlineError>{error}</InlineError>
        {statsError && <p className="muted">Per-person numbers are not available: {statsError}</p>}
        {!members ? (
          <Loading label="Loading members" />
        ) : (
          <div className="table-wrap">
            <table className="table" aria-label="Expertise and numbers">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Expertise</th>
                  <th scope="col" className="num">Labels</th>
                  <th scope="col" className="num">QA</th>
                  <th scope="col" className="num">Active hours</th>
                  <th scope="col" className="num" title="Of their labels on finalized rows, the share equal to the final">Agrees with final</th>
                  <th scope="col" className="num" title="Of QA's decisions, question by question, on their labels: the share where QA took their answer (or both agreed)">Kept by QA</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => {
                  const p = people?.get(m.userId);
                  return (
                    <tr key={m.userId} data-testid={`person-${m.email}`}>
                      <td><div className="cell-primary">{m.name}</div><div className="cell-secondary">{m.email}</div></td>
                      <td>{me?.isAdmin ? <ExpertiseEditor m={m} onSaved={() => setGeneration((g) => g + 1)} /> : <ExpertiseBadges expertise={m.expertise} />}</td>
                      <td className="num">{p ? p.labels.toLocaleString() : '—'}</td>
                      <td className="num">{p ? p.qa.toLocaleString() : '—'}</td>
                      <td className="num">{p ? p.activeHours.toFixed(p.activeHours < 10 ? 2 : 1) : '—'}</td>
                      <td className="num">{p ? pct(p.agreementWithFinal) : '—'}</td>
                      <td className="num">{p ? pct(p.keptByQa) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

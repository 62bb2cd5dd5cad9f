import { useEffect, useState } from 'react';
import type { GuidelineAcksDto } from '@shared/api/console';
import { messageOf } from '../../api/client';
import { consoleApi } from '../../api/console';
import { InlineError } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { when } from './format';

const rolesText = (roles: string[]) => roles.join(', ');

/**
 * For the lead: who of the team has acknowledged a guideline version (the current one first) and when,
 * and who has not yet, with the newest version they did read.
 */
export function GuidelineAcks({ projectId, current }: { projectId: number; current: number }) {
  const [version, setVersion] = useState(current);
  const [data, setData] = useState<GuidelineAcksDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setVersion(current), [current]);
  useEffect(() => {
    let live = true;
    setError(null);
    consoleApi.guidelineAcks(projectId, version).then((d) => live && setData(d), (e) => live && setError(messageOf(e)));
    return () => { live = false; };
  }, [projectId, version]);

  const shown = data?.version === version ? data : null;
  return (
    <section className="card section" aria-labelledby="gl-acks-title">
      <div className="section-head">
        <h2 id="gl-acks-title">Who has read it</h2>
        {data && (
          <label className="inline-form">
            <span className="field-label">Version</span>
            <select className="input input-sm" aria-label="Guideline version read" value={version} onChange={(e) => setVersion(Number(e.target.value))}>
              {data.versions.map((v) => (
                <option key={v.version} value={v.version}>
                  v{v.version}{v.version === current ? ' (current)' : ''} · {v.acknowledged} of {data.members}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <InlineError>{error}</InlineError>
      {!shown ? (!error && <Loading label="Loading acknowledgements" />) : (
        <>
          <p className="gl-acks-summary" aria-live="polite">
            <strong>{shown.acknowledged.length} of {shown.members}</strong> member{shown.members === 1 ? '' : 's'} acknowledged version {shown.version}
            <span className="muted"> (published {when(shown.publishedAt)})</span>
            {shown.pending.length === 0 && <span className="ok-text"> · everyone has read it</span>}
          </p>
          <div className="gl-acks">
            <div>
              <h3 className="subhead">Not yet ({shown.pending.length})</h3>
              {shown.pending.length === 0 ? <p className="muted">Nobody is missing.</p> : (
                <table className="table table-compact" aria-label={`Not yet acknowledged version ${shown.version}`}>
                  <thead><tr><th scope="col">Person</th><th scope="col">Roles</th><th scope="col">Newest version read</th></tr></thead>
                  <tbody>
                    {shown.pending.map((p) => (
                      <tr key={p.userId}>
                        <td><div className="cell-primary">{p.name}</div><div className="cell-secondary">{p.email}</div></td>
                        <td className="cell-secondary">{rolesText(p.roles)}</td>
                        <td>{p.newest === null ? <span className="warn-text">none</span> : `v${p.newest}`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <div>
              <h3 className="subhead">Acknowledged ({shown.acknowledged.length})</h3>
              {shown.acknowledged.length === 0 ? <p className="muted">Nobody yet.</p> : (
                <table className="table table-compact" aria-label={`Acknowledged version ${shown.version}`}>
                  <thead><tr><th scope="col">Person</th><th scope="col">Roles</th><th scope="col">When</th></tr></thead>
                  <tbody>
                    {shown.acknowledged.map((p) => (
                      <tr key={p.userId}>
                        <td><div className="cell-primary">{p.name}</div><div className="cell-secondary">{p.email}</div></td>
                        <td className="cell-secondary">{rolesText(p.roles)}</td>
                        <td className="cell-secondary">{when(p.at)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

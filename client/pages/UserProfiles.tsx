import { useEffect, useState } from 'react';
import { LEVELS, TASK_TYPE_NAMES, type Level, type Profile, type SkillScores } from '@shared/api/people';
import { profileApi } from '../api/people';
import { usersApi } from '../api/endpoints';
import { messageOf } from '../api/client';
import { useStore } from '../store';
import { InlineError } from '../components/Form';
import { Loading } from '../components/Loading';
import { skillsInline } from './assessments/SkillScores';

interface Person { id: number; name: string; email: string; disabled: boolean; profile: Profile; skills: SkillScores }

const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

function ProfileRow({ p }: { p: Person }) {
  const toast = useStore((s) => s.toast);
  const [level, setLevel] = useState<Level | ''>(p.profile.level ?? '');
  const [types, setTypes] = useState(p.profile.taskTypes.join(', '));
  const [langs, setLangs] = useState(p.profile.languages.join(', '));
  const [error, setError] = useState<string | null>(null);
  async function save() {
    setError(null);
    try {
      const { profile } = await profileApi.set(p.id, { level: level || null, taskTypes: list(types) as typeof TASK_TYPE_NAMES[number][], languages: list(langs) });
      setTypes(profile.taskTypes.join(', '));
      setLangs(profile.languages.join(', '));
      toast('success', `${p.name}: profile saved`);
    } catch (e) {
      setError(messageOf(e));
    }
  }
  return (
    <tr>
      <td><div className="cell-primary">{p.name}</div><div className="cell-secondary">{p.email}</div></td>
      <td>
        <select className="input input-sm" aria-label={`Level of ${p.email}`} value={level} onChange={(e) => setLevel(e.target.value as Level | '')}>
          <option value="">not set</option>
          {LEVELS.map((l) => <option key={l}>{l}</option>)}
        </select>
      </td>
      <td><input className="input input-sm" aria-label={`Task types of ${p.email}`} placeholder={TASK_TYPE_NAMES.slice(0, 3).join(', ')} value={types} onChange={(e) => setTypes(e.target.value)} /></td>
      <td><input className="input input-sm" aria-label={`Languages of ${p.email}`} placeholder="en, de" value={langs} onChange={(e) => setLangs(e.target.value)} /></td>
      <td>{skillsInline(p.skills) || <span className="muted">none yet</span>}</td>
      <td className="cell-actions">
        <button type="button" className="btn btn-sm btn-secondary" onClick={() => void save()}>Save</button>
        <InlineError>{error}</InlineError>
      </td>
    </tr>
  );
}

/** Administrators set each person's level, task types and languages (issue 16); their skill scores beside. */
export function UserProfiles() {
  const [people, setPeople] = useState<Person[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    usersApi.list().then((r) => setPeople(r.users.filter((u) => !u.disabled)
      // An answer without profiles (an older server) shows empty ones rather than breaking the page.
      .map((u) => ({ ...u, profile: u.profile ?? { level: null, taskTypes: [], languages: [] }, skills: u.skills ?? {} }))), (e) => setError(messageOf(e)));
  }, []);
  return (
    <section className="card section" aria-labelledby="profiles-title">
      <h2 id="profiles-title">Profiles</h2>
      <p className="muted">Leads filter people by these when adding members. Task types: {TASK_TYPE_NAMES.join(', ')}. People set their own languages too.</p>
      <InlineError>{error}</InlineError>
      {!people && !error && <Loading label="Loading profiles" />}
      {people && (
        <div className="table-wrap">
          <table className="table" aria-label="Profiles">
            <thead><tr><th>Person</th><th>Level</th><th>Task types</th><th>Languages</th><th>Scores</th><th /></tr></thead>
            <tbody>{people.map((p) => <ProfileRow key={p.id} p={p} />)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

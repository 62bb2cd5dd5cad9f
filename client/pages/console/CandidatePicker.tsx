import { useEffect, useState } from 'react';
import type { CandidateDto } from '@shared/api/people';
import { LEVELS, TASK_TYPE_NAMES } from '@shared/api/people';
import { SKILL_TYPES } from '@shared/skills';
import type { Role } from '@shared/project';
import { candidatesApi, type CandidateFilters } from '../../api/people';
import { membersApi } from '../../api/endpoints';
import { messageOf } from '../../api/client';
import { useStore } from '../../store';
import { InlineError } from '../../components/Form';
import { ExpertiseBadges } from '../../components/Badges';
import { skillsInline } from '../assessments/SkillScores';

/**
 * People a lead may add, found by profile and skill scores (issue 16): those they already work with on
 * another project (every account for an administrator). Adding is by their address, as the form above does.
 */
export function CandidatePicker({ projectId, onAdded }: { projectId: number; onAdded: () => void }) {
  const toast = useStore((s) => s.toast);
  const [f, setF] = useState<CandidateFilters>({});
  const [list, setList] = useState<CandidateDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    // Typing in the text filters waits a moment before asking.
    const t = setTimeout(() => {
      candidatesApi.list(projectId, f).then((r) => { setList(r.candidates); setError(null); }, (e) => setError(messageOf(e)));
    }, 250);
    return () => clearTimeout(t);
  }, [projectId, f, tick]);

  const set = (k: keyof CandidateFilters) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  async function add(c: CandidateDto, role: Role) {
    try {
      await membersApi.add(projectId, c.email, [role]);
      toast('success', `${c.name} added as ${role}`);
      setTick((t) => t + 1);
      onAdded();
    } catch (e) {
      toast('error', messageOf(e));
    }
  }

  return (
    <section className="card section" aria-labelledby="cand-title">
      <h2 id="cand-title">Find people to add</h2>
      <p className="muted">People you already work with on other projects, filtered by their profile and assessment scores.</p>
      <div className="inline-form" role="group" aria-label="Filters">
        <input className="input input-sm" aria-label="Expertise" placeholder="Expertise, e.g. finance" value={f.expertise ?? ''} onChange={set('expertise')} />
        <select className="input input-sm" aria-label="Task type" value={f.taskTypes ?? ''} onChange={set('taskTypes')}>
          <option value="">Any task type</option>
          {TASK_TYPE_NAMES.map((t) => <option key={t}>{t}</option>)}
        </select>
        <input className="input input-sm" aria-label="Language" placeholder="Language, e.g. de" value={f.languages ?? ''} onChange={set('languages')} />
        <select className="input input-sm" aria-label="Level" value={f.level ?? ''} onChange={set('level')}>
          <option value="">Any level</option>
          {LEVELS.map((l) => <option key={l}>{l}</option>)}
        </select>
        <select className="input input-sm" aria-label="Skill" value={f.skill ?? ''} onChange={set('skill')}>
          <option value="">Any skill score</option>
          {SKILL_TYPES.map((s) => <option key={s}>{s}</option>)}
        </select>
        <input className="input input-sm input-narrow" aria-label="Minimum score" type="number" min={1} max={5} step={0.5} placeholder="min" disabled={!f.skill} value={f.minScore ?? ''} onChange={set('minScore')} />
      </div>
      <InlineError>{error}</InlineError>
      {list && list.length === 0 && <p className="empty-state">Nobody matches.</p>}
      {list && list.length > 0 && (
        <div className="table-wrap">
          <table className="table" aria-label="People to add">
            <thead><tr><th>Person</th><th>Expertise</th><th>Level</th><th>Task types</th><th>Languages</th><th>Scores</th><th /></tr></thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.userId}>
                  <td><div className="cell-primary">{c.name}</div><div className="cell-secondary">{c.email}</div></td>
                  <td><ExpertiseBadges expertise={c.expertise} /></td>
                  <td>{c.level ?? '—'}</td>
                  <td>{c.taskTypes.join(', ') || '—'}</td>
                  <td>{c.languages.join(', ') || '—'}</td>
                  <td>{skillsInline(c.skills) || <span className="muted">none yet</span>}</td>
                  <td className="cell-actions">
                    {c.roles.length ? <span className="muted">{c.roles.join(', ')} here</span> : (<>
                      <button type="button" className="btn btn-sm btn-secondary" onClick={() => void add(c, 'annotator')}>Add as annotator</button>
                      <button type="button" className="btn btn-sm btn-ghost" onClick={() => void add(c, 'reviewer')}>reviewer</button>
                    </>)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

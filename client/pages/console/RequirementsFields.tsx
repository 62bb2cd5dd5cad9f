import { useState } from 'react';
import type { ProjectSettings } from '@shared/project';
import { SKILL_TYPES, type SkillType } from '@shared/skills';
import { parseTags } from '../../components/Form';

/**
 * What a person needs before this project hands them rows (issue 16): a minimum score per skill type
 * (from graded assessments) and expertise domains. Empty: anyone with the role.
 */
export function RequirementsFields({ settings, onChange }: { settings: ProjectSettings; onChange: (s: ProjectSettings) => void }) {
  const req = settings.requirements ?? { skills: {}, expertise: [] };
  const [domains, setDomains] = useState(req.expertise.join(', '));
  const put = (next: typeof req) => {
    const empty = !next.expertise.length && !Object.keys(next.skills).length;
    onChange({ ...settings, requirements: empty ? undefined : next });
  };
  const setSkill = (s: SkillType, v: string) => {
    const skills = { ...req.skills };
    if (v === '') delete skills[s];
    else skills[s] = Number(v);
    put({ ...req, skills });
  };
  return (
    <fieldset className="field">
      <legend className="field-label">Before someone gets rows</legend>
      <div className="field-hint">Minimum assessment score (1-5) per skill type, and expertise every labeler and reviewer must hold. Leave empty for none.</div>
      <div className="form-grid form-grid-4">
        {SKILL_TYPES.map((s) => (
          <label key={s} className="field">
            <span className="field-label">{s}</span>
            <input className="input input-sm" type="number" min={1} max={5} step={0.5} aria-label={`Minimum ${s} score`}
              value={req.skills[s] ?? ''} onChange={(e) => setSkill(s, e.target.value)} />
          </label>
        ))}
        <label className="field">
          <span className="field-label">Expertise</span>
          <input className="input input-sm" aria-label="Required expertise" placeholder="e.g. finance" value={domains}
            onChange={(e) => { setDomains(e.target.value); put({ ...req, expertise: parseTags(e.target.value) }); }} />
        </label>
      </div>
    </fieldset>
  );
}

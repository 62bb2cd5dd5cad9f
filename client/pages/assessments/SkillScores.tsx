import { SKILL_TYPES } from '@shared/skills';
import type { SkillScores } from '@shared/api/people';

/** Per skill type, the mean score of graded answers and how many there are; nothing for skills never graded. */
export function SkillScoreList({ skills, empty }: { skills: SkillScores; empty: string }) {
  const have = SKILL_TYPES.filter((s) => skills[s]);
  if (!have.length) return <p className="muted">{empty}</p>;
  return (
    <dl className="facts">
      {have.map((s) => (
        <div key={s}><dt>{s}</dt><dd>{skills[s]!.mean} / 5 <span className="muted">({skills[s]!.graded} graded)</span></dd></div>
      ))}
    </dl>
  );
}

/** The same, in one line for tables: "Evaluation 4.5 · SFT Work 3". */
export function skillsInline(skills: SkillScores): string {
  return SKILL_TYPES.filter((s) => skills[s]).map((s) => `${s} ${skills[s]!.mean}`).join(' · ');
}

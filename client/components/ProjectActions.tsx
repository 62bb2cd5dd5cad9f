import { Link } from 'wouter';
import type { ProjectDto } from '@shared/api/projects';
import { projectPaths } from '../paths';

/** The buttons for what the person can do in a project: one per role they hold. */
export function ProjectActions({ project, size = 'sm' }: { project: Pick<ProjectDto, 'id' | 'roles' | 'name'>; size?: 'sm' | 'md' }) {
  const cls = size === 'sm' ? 'btn btn-sm' : 'btn';
  const { id, roles } = project;
  return (
    <div className="actions">
      {roles.includes('annotator') && (
        <Link href={projectPaths.label(id)} className={`${cls} btn-primary`} aria-label={`Start labeling ${project.name}`}>Start labeling</Link>
      )}
      {roles.includes('reviewer') && (
        <Link href={projectPaths.review(id)} className={`${cls} btn-secondary`} aria-label={`Review ${project.name}`}>Review</Link>
      )}
      {roles.includes('lead') && (
        <Link href={projectPaths.console(id)} className={`${cls} btn-secondary`} aria-label={`Manage ${project.name}`}>Manage</Link>
      )}
    </div>
  );
}

export function ProgressBar({ counts }: { counts: NonNullable<ProjectDto['counts']> }) {
  const { rows, toDo, labeling, final, qa, escalated } = counts;
  const pct = (n: number) => (rows ? (n / rows) * 100 : 0);
  return (
    <div
      className="progress" role="img"
      aria-label={`${final} of ${rows} rows final, ${qa} in QA, ${escalated} escalated, ${labeling} being labeled, ${toDo} to do`}
    >
      <span className="progress-final" style={{ width: `${pct(final)}%` }} />
      <span className="progress-qa" style={{ width: `${pct(qa)}%` }} />
      <span className="progress-escalated" style={{ width: `${pct(escalated)}%` }} />
      <span className="progress-labeling" style={{ width: `${pct(labeling)}%` }} />
    </div>
  );
}

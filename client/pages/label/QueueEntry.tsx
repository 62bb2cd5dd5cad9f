import { Link } from 'wouter';
import type { ProjectDto } from '@shared/api/projects';
import { projectPaths } from '../../routes';
import './label.css';

/**
 * The "Start labeling" entry of a project, with how much labeling work is open. The API has no per-person
 * queue count yet, so this shows the rows still in labeling (some may already be held by others, or be
 * ones this person labeled in an earlier round); the workbench says exactly why when nothing is left.
 */
export function QueueEntry({ project }: { project: Pick<ProjectDto, 'id' | 'name' | 'roles' | 'counts'> }) {
  if (!project.roles.includes('annotator')) return null;
  const open = project.counts?.labeling;
  return (
    <Link href={projectPaths.label(project.id)} className="action-card action-card-primary" aria-label={`Start labeling ${project.name}`}>
      <span className="action-card-title">
        Start labeling <span aria-hidden="true">→</span>
      </span>
      <span className="action-card-text lb-queue">
        {open === undefined ? (
          'Take the next row from your queue and label it.'
        ) : open === 0 ? (
          'No rows are open for labeling right now.'
        ) : (
          <span data-testid="queue-count">
            {open} row{open === 1 ? '' : 's'} open for labeling
          </span>
        )}
      </span>
    </Link>
  );
}

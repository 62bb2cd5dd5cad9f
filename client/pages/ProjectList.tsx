import { useEffect } from 'react';
import { Link } from 'wouter';
import type { ProjectDto } from '@shared/api/projects';
import { useStore } from '../store';
import { PageHeader, InlineError } from '../components/Form';
import { RoleBadges } from '../components/Badges';
import { Loading } from '../components/Loading';
import { ProgressBar, ProjectActions } from '../components/ProjectActions';
import { addedByText, ownWorkText } from './membership-text';
import { namesOf } from '../tasks/names';

/** What a lead reads on the card: each row in exactly one stage, in the order work moves. */
const STAGES: Array<{ key: Exclude<keyof NonNullable<ProjectDto['counts']>, 'rows'>; term: string; hint: string }> = [
  { key: 'toDo', term: 'to do', hint: 'Nobody has claimed or labeled them yet (this round)' },
  { key: 'labeling', term: 'being labeled', hint: 'Someone holds them or has labeled them; waiting for the second label' },
  { key: 'qa', term: 'in QA', hint: 'Both labels in; waiting for a reviewer' },
  { key: 'escalated', term: 'escalated', hint: 'Sent to the leads by a reviewer' },
  { key: 'final', term: 'final', hint: 'Done: a final answer is stored' },
];

function ProjectCard({ project }: { project: ProjectDto }) {
  // Row counts come with projects the caller leads only: for a labeler they would give away the other label.
  const c = project.counts;
  const added = addedByText(project.joined?.by, project.joined?.at);
  const own = c ? null : ownWorkText(project.mine);
  const types = [...new Set(project.schema.map((q) => namesOf(q).shortName))];
  return (
    <article className="card project-card" aria-labelledby={`project-${project.id}-name`}>
      <div className="project-card-head">
        <h2 id={`project-${project.id}-name`} className="project-card-title">
          <Link href={`/projects/${project.id}`}>{project.name}</Link>
        </h2>
        <RoleBadges roles={project.roles} />
      </div>
      <p className="project-card-desc">{project.description || <span className="muted">No description.</span>}</p>
      <div className="project-card-types muted">{types.join(' · ')}</div>
      {added && <div className="project-card-joined muted">{added}</div>}
      {c && (
        <div className="project-card-stats">
          <div className="project-card-total"><strong>{c.rows}</strong> row{c.rows === 1 ? '' : 's'}{c.rows > 0 && <span className="muted"> · {Math.round((c.final / c.rows) * 100)}% final</span>}</div>
          <ProgressBar counts={c} />
          <dl className="stats-inline project-card-stages" aria-label="Rows by where they are">
            {STAGES.map(({ key, term, hint }) => (
              <div key={key} title={hint}><dt>{term}</dt><dd>{c[key]}</dd></div>
            ))}
          </dl>
        </div>
      )}
      {own && <p className="project-card-own muted">{own}</p>}
      <div className="project-card-foot">
        <ProjectActions project={project} />
      </div>
    </article>
  );
}

export default function ProjectList() {
  const projects = useStore((s) => s.projects);
  const error = useStore((s) => s.projectsError);
  const loadProjects = useStore((s) => s.loadProjects);
  const user = useStore((s) => s.user);

  useEffect(() => {
    void loadProjects();
  }, [loadProjects]);

  const visible = projects?.filter((p) => !p.archived) ?? [];
  const canCreate = user?.canCreateProjects === true;
  const newProject = canCreate ? <Link href="/projects/new" className="btn btn-primary">New project</Link> : null;
  return (
    <>
      <PageHeader
        title="Projects"
        subtitle={user ? `Signed in as ${user.name}. These are the projects you belong to.` : undefined}
        actions={newProject}
      />
      <InlineError>{error}</InlineError>
      {projects === null && !error && <Loading label="Loading projects" />}
      {projects !== null && visible.length === 0 && (
        <div className="empty-state card">
          <h2>No projects yet</h2>
          <p className="muted">
            {canCreate ? 'Nobody has added you to a project. Ask a project lead, or start your own.' : 'Nobody has added you to a project yet: a project lead adds you by your email address.'}
          </p>
          {newProject}
        </div>
      )}
      {visible.length > 0 && (
        <div className="project-grid" data-testid="project-list">
          {visible.map((p) => <ProjectCard key={p.id} project={p} />)}
        </div>
      )}
    </>
  );
}

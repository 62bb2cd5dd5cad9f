import { useEffect, useState } from 'react';
import { workApi, type QueueCounts } from '../api/work';
import { Link, useLocation, useParams } from 'wouter';
import type { KeymapActionId } from '@shared/keymap/actions';
import { ActionKbd } from '../hotkeys/ActionKbd';
import { HelpOverlay } from '../hotkeys/HelpOverlay';
import { useActionHotkeys } from '../hotkeys/keymap';
import { messageOf } from '../api/client';
import { useProject } from '../components/useProject';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { useStore } from '../store';
import { projectPaths } from '../paths';
import { RoleBadges, Badge } from '../components/Badges';
import { InlineError, PageHeader } from '../components/Form';
import { Loading } from '../components/Loading';
import { ProgressBar } from '../components/ProjectActions';
import { Members } from './Members';
import { MyFeedback } from './MyFeedback';
import NotFound from './NotFound';
import { addedByText, ownWorkText } from './membership-text';
import { namesOf } from '../tasks/names';

function ActionCard({ href, title, text, primary, action }: { href: string; title: string; text: string; primary?: boolean; action?: KeymapActionId }) {
  return (
    <Link href={href} className={primary ? 'action-card action-card-primary' : 'action-card'}>
      <span className="action-card-title">{title} <span aria-hidden="true">→</span>{action && <ActionKbd action={action} />}</span>
      <span className="action-card-text">{text}</span>
    </Link>
  );
}

/** "12 rows waiting for you": what `next` could hand this person now, capped like the server's count. */
export function waitingText(n: number | null | undefined, cap: number, what: string, fallback: string): string {
  if (n === null || n === undefined) return fallback;
  if (n === 0) return `Nothing is waiting for you to ${what} right now.`;
  return `${n >= cap ? `${cap.toLocaleString()}+` : n.toLocaleString()} row${n === 1 ? '' : 's'} waiting for you to ${what}.`;
}

export default function ProjectHome() {
  const params = useParams<{ id: string }>();
  const { id, status, project, error } = useProject(params.id);
  const listed = useStore((s) => s.projects?.find((p) => p.id === id));
  const loadProjects = useStore((s) => s.loadProjects);

  // Leads get row counts (nobody else: they would tell a labeler whether the other label agreed); the
  // list refreshed here keeps them current on every visit.
  useEffect(() => {
    void loadProjects();
  }, [loadProjects]);

  const [queue, setQueue] = useState<QueueCounts | null>(null);
  const canWork = !!project && (project.roles.includes('annotator') || project.roles.includes('reviewer'));
  useEffect(() => {
    if (!canWork) return;
    let live = true;
    // The counts only decorate the cards: without them the cards still work.
    workApi.queue(id).then((q) => { if (live) setQueue(q); }, () => {});
    return () => { live = false; };
  }, [id, canWork]);

  useEffect(() => {
    if (project) document.title = `${project.name} · Triad`;
  }, [project]);

  const [, navigate] = useLocation();
  const [help, setHelp] = useState(false);
  const canLabel = !!project?.roles.includes('annotator');
  useActionHotkeys('project', {
    'start-labeling': { when: () => canLabel && !help, run: () => navigate(projectPaths.label(id)) },
    help: { run: () => setHelp(true) },
  });

  if (status === 'notFound') return <NotFound />;
  if (status === 'error') return <InlineError>{messageOf(error)}</InlineError>;
  if (status === 'loading') return <Loading label="Loading project" />;

  const roles = project.roles;
  const counts = project.counts ?? listed?.counts;
  const added = addedByText(project.joined?.by, project.joined?.at);
  const own = counts ? null : ownWorkText(project.mine);
  const cap = queue?.cap ?? 10_000;
  const s = project.settings;
  return (
    <>
      <Breadcrumbs items={[{ label: 'Projects', href: '/' }, { label: project.name }]} />
      <PageHeader title={project.name} subtitle={project.description || undefined}>
        <div className="header-meta">
          <span className="muted">Your roles</span>
          <RoleBadges roles={roles} />
          {project.archived && <Badge tone="warning">archived</Badge>}
          {added && <span className="muted">{added}</span>}
        </div>
      </PageHeader>

      <section aria-labelledby="can-do-title" className="section-plain">
        <h2 id="can-do-title" className="section-title">What you can do here</h2>
        <div className="action-grid">
          {roles.includes('annotator') && (
            <ActionCard
              primary href={projectPaths.label(id)} title="Start labeling" action="start-labeling"
              text={waitingText(queue?.label, cap, 'label', 'Take the next row from your queue and label it.')}
            />
          )}
          {roles.includes('reviewer') && (
            <ActionCard
              primary={!roles.includes('annotator')} href={projectPaths.review(id)} title="Review"
              text={waitingText(queue?.qa, cap, 'review', 'Compare two labels side by side and write the final answer.')}
            />
          )}
          {roles.includes('lead') && (
            <ActionCard href={projectPaths.console(id)} title="Manage" text="Rows, guidelines, escalations, agreement, progress and exports." />
          )}
          {roles.includes('lead') && (
            <ActionCard
              href={`/projects/${id}/escalations`} title="Escalations"
              text={counts?.escalated ? `${counts.escalated} row${counts.escalated === 1 ? '' : 's'} escalated to the leads.` : 'Questions reviewers raised about rows.'}
            />
          )}
        </div>
      </section>

      <div className="two-col">
        <section className="card section" aria-labelledby="questions-title">
          <h2 id="questions-title">Questions</h2>
          <ol className="question-list">
            {project.schema.map((q) => (
              <li key={q.id}>
                <span className="cell-primary">{q.title}</span>
                <span className="muted"> · {namesOf(q).name.toLowerCase()}</span>
                <code className="question-id">{q.id}</code>
              </li>
            ))}
          </ol>
        </section>
        <section className="card section" aria-labelledby="settings-title">
          <h2 id="settings-title">Workflow</h2>
          <dl className="facts">
            <div><dt>QA</dt><dd>{s.qa === 'all' ? 'every row is reviewed' : 'only rows whose labels disagree'}</dd></div>
            <div><dt>Lease</dt><dd>{s.leaseMinutes} minutes</dd></div>
            <div><dt>Prelabels</dt><dd>{s.showPrelabels ? 'shown to labelers as suggestions' : 'hidden from labelers'}</dd></div>
            {own && <div className="facts-wide"><dt>Your work</dt><dd>{own}</dd></div>}
            {counts && (
              <div className="facts-wide">
                <dt>Progress</dt>
                <dd>
                  {counts.rows === 0 ? (
                    <span className="muted">No rows yet{roles.includes('lead') ? ': import them from the console (Manage).' : '.'}</span>
                  ) : (
                    <>
                      <ProgressBar counts={counts} />
                      <span className="muted">{counts.final} of {counts.rows} rows final · {counts.qa} in QA · {counts.escalated} escalated</span>
                    </>
                  )}
                </dd>
              </div>
            )}
          </dl>
        </section>
      </div>

      {roles.includes('annotator') && <MyFeedback projectId={id} />}
      <Members projectId={id} canManage={roles.includes('lead')} />
      <HelpOverlay open={help} onClose={() => setHelp(false)} />
    </>
  );
}

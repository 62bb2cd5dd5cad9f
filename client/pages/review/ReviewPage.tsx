import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import type { ProjectDto } from '@shared/api/projects';
import { ApiError, messageOf } from '../../api/client';
import { projectsApi } from '../../api/endpoints';
import { reviewApi, type QaTask, type EmptyReason } from '../../api/review';
import { useStore } from '../../store';
import { Loading } from '../../components/Loading';
import { InlineError } from '../../components/Form';
import { ResolutionScreen, type Outcome } from './ResolutionScreen';
import './review.css';

type Screen =
  | { kind: 'loading' }
  | { kind: 'task'; task: QaTask }
  | { kind: 'empty'; reason: EmptyReason; message: string }
  | { kind: 'error'; message: string; notFound: boolean };

const OUTCOME_TOAST: Record<Outcome, string> = {
  accept: 'Final saved.',
  send_back: 'Sent back: two new labelers will see your note.',
  escalate: 'Escalated to the leads: the row comes back to you with their answer.',
  release: 'Row released to another reviewer.',
};

/** The QA reviewer's page: takes the next row whose two labels are in, and resolves it. */
export default function ReviewPage() {
  const params = useParams<{ id: string }>();
  const projectId = Number(params.id);
  const user = useStore((s) => s.user);
  const toast = useStore((s) => s.toast);
  const [project, setProject] = useState<ProjectDto | null>(null);
  const [screen, setScreen] = useState<Screen>({ kind: 'loading' });

  const [projectError, setProjectError] = useState<string | null>(null);
  const loadProject = useCallback(() => {
    let live = true;
    setProjectError(null);
    projectsApi.get(projectId).then(
      ({ project: p }) => live && setProject(p),
      (err: unknown) => live && setProjectError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [projectId]);
  useEffect(loadProject, [loadProject]);

  const loadNext = useCallback(async () => {
    setScreen({ kind: 'loading' });
    try {
      const next = await reviewApi.next(projectId);
      setScreen(next.assignment === null ? { kind: 'empty', reason: next.reason, message: next.message } : { kind: 'task', task: next });
    } catch (err) {
      setScreen({ kind: 'error', message: messageOf(err), notFound: err instanceof ApiError && err.status === 404 });
    }
  }, [projectId]);

  useEffect(() => {
    void loadNext();
  }, [loadNext]);

  const done = useCallback(
    (outcome: Outcome) => {
      toast('success', OUTCOME_TOAST[outcome]);
      void loadNext();
    },
    [toast, loadNext],
  );

  const isLead = project?.roles.includes('lead') ?? false;
  return (
    <div className="rv-page">
      <nav className="rv-crumbs" aria-label="Breadcrumb">
        <Link href="/">Projects</Link>
        <span aria-hidden="true">/</span>
        <Link href={`/projects/${projectId}`}>{project?.name ?? 'Project'}</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">Review</span>
        {isLead && (
          <Link className="rv-crumb-extra" href={`/projects/${projectId}/escalations`}>
            Escalation inbox
          </Link>
        )}
      </nav>
      {screen.kind === 'loading' && <Loading label="Finding the next row to review" />}
      {screen.kind === 'error' && (
        <div className="rv-empty">
          <InlineError>{screen.notFound ? 'This project does not exist or you are not a member of it.' : screen.message}</InlineError>
          {!screen.notFound && (
            <button type="button" className="btn btn-secondary" onClick={() => void loadNext()}>
              Try again
            </button>
          )}
        </div>
      )}
      {screen.kind === 'empty' && <EmptyQueue reason={screen.reason} message={screen.message} onRetry={() => void loadNext()} projectId={projectId} />}
      {/* The project's reasons are what the server accepts: the row waits for them rather than offering others. */}
      {screen.kind === 'task' && !project && (projectError ? (
        <div className="rv-empty">
          <InlineError>{`The project's review reasons did not load: ${projectError}`}</InlineError>
          <button type="button" className="btn btn-secondary" onClick={loadProject}>Try again</button>
        </div>
      ) : <Loading label="Loading the project" />)}
      {screen.kind === 'task' && project && (
        <ResolutionScreen
          key={screen.task.assignment.id} task={screen.task} reviewerExpertise={user?.expertise ?? []}
          reasons={project.settings.reviewReasons} onDone={done} onRefresh={loadNext}
        />
      )}
    </div>
  );
}

const EMPTY_TITLE: Record<EmptyReason, string> = {
  all_done: 'Nothing left to review',
  waiting_for_others: 'No row is ready for review',
  waiting_for_expert: 'The waiting rows need an expert',
  not_a_member_role: 'You are not a reviewer here',
  requirements: 'This project asks for more before you review',
};

function EmptyQueue({ reason, message, onRetry, projectId }: { reason: EmptyReason; message: string; onRetry(): void; projectId: number }) {
  return (
    <section className="rv-empty card" aria-labelledby="rv-empty-title">
      <h1 id="rv-empty-title">{EMPTY_TITLE[reason]}</h1>
      <p role="status">{message}</p>
      <p className="muted">
        The review queue holds rows whose two labels are in; rows that need your expertise come to you first.
      </p>
      <div className="actions">
        {reason !== 'not_a_member_role' && (
          <button type="button" className="btn btn-primary" onClick={onRetry}>
            Check again
          </button>
        )}
        <Link className="btn btn-secondary" href={`/projects/${projectId}`}>
          Back to the project
        </Link>
      </div>
    </section>
  );
}


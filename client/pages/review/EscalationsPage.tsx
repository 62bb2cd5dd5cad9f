import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import type { ProjectDto } from '@shared/api/projects';
import { ApiError, messageOf } from '../../api/client';
import { projectsApi } from '../../api/endpoints';
import { escalationsApi, guidelinesApi, type EscalationDto, type EscalationSort, type RowState } from '../../api/review';
import { useStore } from '../../store';
import { Badge, ExpertiseBadges } from '../../components/Badges';
import { InlineError, PageHeader } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { RowData } from './RowData';
import './review.css';

type Status = 'open' | 'answered';

const STATE_WORDS: Record<RowState, string> = {
  labeling: 'being labeled',
  qa: 'waiting for QA',
  escalated: 'waiting for your answer',
  final: 'final',
  gold: 'gold row',
};

const when = (ms: number) => new Date(ms).toLocaleString();

/**
 * The leads' inbox: questions QA reviewers (and labelers) raised on rows. Answering sends an escalated
 * row back to QA, where the reviewer reads the answer; a gap in the guideline can be fixed in the same step.
 */
export default function EscalationsPage() {
  const params = useParams<{ id: string }>();
  const projectId = Number(params.id);
  const [project, setProject] = useState<ProjectDto | null>(null);
  const [status, setStatus] = useState<Status>('open');
  const [sort, setSort] = useState<EscalationSort>('newest');
  const [items, setItems] = useState<EscalationDto[] | null>(null);
  // The inbox comes a page at a time: however many questions are open, the oldest stay reachable.
  const [nextCursor, setNextCursor] = useState<number | null>(null);
  const [total, setTotal] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [guideline, setGuideline] = useState<{ version: number; body: string } | null>(null);
  const toast = useStore((s) => s.toast);

  useEffect(() => {
    projectsApi.get(projectId).then(({ project: p }) => setProject(p), () => undefined);
  }, [projectId]);

  const load = useCallback(async () => {
    setItems(null);
    setError(null);
    try {
      const [page, g] = await Promise.all([escalationsApi.list(projectId, status, sort), guidelinesApi.get(projectId)]);
      setItems(page.escalations);
      setNextCursor(page.nextCursor);
      setTotal(page.total);
      setGuideline(g.current ? { version: g.current.version, body: g.current.body } : null);
    } catch (err) {
      setError(
        err instanceof ApiError && (err.status === 403 || err.status === 404)
          ? 'Only the leads of this project see its escalations.'
          : messageOf(err),
      );
    }
  }, [projectId, status, sort]);

  useEffect(() => {
    void load();
  }, [load]);

  const loadMore = async () => {
    if (nextCursor === null) return;
    setLoadingMore(true);
    try {
      const page = await escalationsApi.list(projectId, status, sort, nextCursor);
      // An answer given meanwhile may have moved items: keep each escalation once.
      setItems((list) => [...(list ?? []), ...page.escalations.filter((e) => !list?.some((x) => x.id === e.id))]);
      setNextCursor(page.nextCursor);
      setTotal(page.total);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setLoadingMore(false);
    }
  };

  const answered = (e: EscalationDto, rowState: RowState, published: number | null) => {
    setItems((list) => list?.filter((x) => x.id !== e.id) ?? null);
    setTotal((n) => Math.max(0, n - 1));
    const back = rowState === 'qa' ? ' The row is back in the QA queue with your answer.' : '';
    toast('success', `Answered.${back}${published ? ` Guideline version ${published} published.` : ''}`);
    if (published) void guidelinesApi.get(projectId).then((g) => g.current && setGuideline({ version: g.current.version, body: g.current.body }));
  };

  return (
    <div className="esc-page">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <Link href="/">Projects</Link>
        <span aria-hidden="true">/</span>
        <Link href={`/projects/${projectId}`}>{project?.name ?? 'Project'}</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">Escalations</span>
      </nav>
      <PageHeader
        title="Escalation inbox"
        subtitle="Questions reviewers raised on rows. Your answer returns the row to QA, and the reviewer sees it."
        actions={
          <>
            <div className="esc-tabs" role="group" aria-label="Show">
              {(['open', 'answered'] as const).map((s) => (
                <button key={s} type="button" className={`btn btn-sm ${status === s ? 'btn-primary' : 'btn-secondary'}`} aria-pressed={status === s} onClick={() => setStatus(s)}>
                  {s === 'open' ? 'Open' : 'Answered'}
                </button>
              ))}
            </div>
            <div className="esc-tabs" role="group" aria-label="Order">
              {(['newest', 'oldest'] as const).map((s) => (
                <button key={s} type="button" className={`btn btn-sm ${sort === s ? 'btn-primary' : 'btn-secondary'}`} aria-pressed={sort === s} onClick={() => setSort(s)}>
                  {s === 'newest' ? 'Newest first' : 'Oldest first'}
                </button>
              ))}
            </div>
          </>
        }
      />
      <InlineError>{error}</InlineError>
      {!error && items === null && <Loading label="Loading escalations" />}
      {items && items.length === 0 && (
        <div className="card section empty-state" role="status">
          {status === 'open' ? 'No open escalations: nothing is waiting for a lead.' : 'No escalation has been answered yet.'}
        </div>
      )}
      {items && items.length > 0 && (
        <ol className="esc-list" aria-label={status === 'open' ? 'Open escalations' : 'Answered escalations'} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((e) => (
            <li key={e.id}>
              <EscalationItem projectId={projectId} escalation={e} guideline={guideline} onAnswered={answered} />
            </li>
          ))}
        </ol>
      )}
      {items && items.length > 0 && (
        <div className="form-actions">
          <span className="muted" role="status">
            Showing {items.length} of {total}
          </span>
          {nextCursor !== null && (
            <button type="button" className="btn btn-secondary" disabled={loadingMore} onClick={() => void loadMore()}>
              {loadingMore ? 'Loading…' : 'Show more'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function EscalationItem({
  projectId,
  escalation: e,
  guideline,
  onAnswered,
}: {
  projectId: number;
  escalation: EscalationDto;
  guideline: { version: number; body: string } | null;
  onAnswered(e: EscalationDto, rowState: RowState, published: number | null): void;
}) {
  const row = e.row;
  const rowName = e.externalId ?? `#${e.rowId}`;

  return (
    <article className="esc-item card" aria-label={`Escalation on row ${rowName}`}>
      <div className="esc-head">
        <h2>Row {rowName}</h2>
        <Badge tone={row.state === 'escalated' ? 'warning' : 'neutral'}>{STATE_WORDS[row.state]}</Badge>
        {row.expertise.length > 0 && <ExpertiseBadges expertise={row.expertise} />}
        <span className="muted">
          raised by {e.raisedByName}, {when(e.createdAt)}
        </span>
      </div>
      <blockquote className="esc-question" aria-label="Question">
        {e.question}
      </blockquote>
      <div className="esc-row">
        <RowData data={row.data} label={`Data of row ${rowName}`} />
      </div>
      {e.status === 'answered' ? (
        <p className="esc-answered" aria-label="Answer">
          {e.answer}
          <span className="muted"> ({e.answeredAt ? when(e.answeredAt) : 'answered'})</span>
        </p>
      ) : (
        <AnswerForm projectId={projectId} escalation={e} rowName={rowName} guideline={guideline} onAnswered={onAnswered} />
      )}
    </article>
  );
}

function AnswerForm({
  projectId,
  escalation: e,
  rowName,
  guideline,
  onAnswered,
}: {
  projectId: number;
  escalation: EscalationDto;
  rowName: string;
  guideline: { version: number; body: string } | null;
  onAnswered(e: EscalationDto, rowState: RowState, published: number | null): void;
}) {
  const [answer, setAnswer] = useState('');
  const [publish, setPublish] = useState(false);
  const [body, setBody] = useState(guideline?.body ?? '');
  const [note, setNote] = useState(`Clarified after an escalation on row ${rowName}`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Publishing and answering are two calls: a version already published is not published again on a retry.
  const [published, setPublished] = useState<number | null>(null);
  const id = `esc-${e.id}`;

  useEffect(() => {
    if (!publish) setBody(guideline?.body ?? '');
  }, [guideline, publish]);

  const submit = async () => {
    if (!answer.trim()) {
      setError('Write an answer: the reviewer resolves the row with it.');
      return;
    }
    if (publish && published === null && body.trim() === (guideline?.body ?? '').trim()) {
      setError('The guideline text is unchanged: edit it, or untick “Also publish a guideline revision”.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      let version = published;
      if (publish && version === null) {
        version = (await guidelinesApi.publish(projectId, body, note.trim())).version;
        setPublished(version);
      }
      const r = await escalationsApi.answer(projectId, e.id, answer.trim());
      onAnswered(e, r.rowState, version);
    } catch (err) {
      setBusy(false);
      setError(messageOf(err));
    }
  };

  return (
    <form
      className="esc-form"
      aria-label={`Answer the escalation on row ${rowName}`}
      onSubmit={(ev) => {
        ev.preventDefault();
        void submit();
      }}
    >
      <label className="field-label" htmlFor={`${id}-answer`}>
        Your answer
      </label>
      <textarea id={`${id}-answer`} className="input" rows={3} value={answer} onChange={(ev) => (setAnswer(ev.target.value), setError(null))} />
      <label className="check">
        <input type="checkbox" checked={publish} onChange={(ev) => setPublish(ev.target.checked)} /> Also publish a guideline revision
        {guideline ? <span className="muted"> (now version {guideline.version})</span> : <span className="muted"> (the project has no guideline yet)</span>}
      </label>
      {publish && (
        <>
          <label className="field-label" htmlFor={`${id}-guideline`}>
            Guideline (markdown)
          </label>
          <textarea id={`${id}-guideline`} className="input esc-guideline" rows={14} value={body} onChange={(ev) => (setBody(ev.target.value), setError(null))} />
          <label className="field-label" htmlFor={`${id}-note`}>
            What changed
          </label>
          <input id={`${id}-note`} className="input" value={note} onChange={(ev) => setNote(ev.target.value)} maxLength={2000} />
          {published !== null && <div className="field-hint">Version {published} is published; the answer still needs sending.</div>}
        </>
      )}
      <InlineError>{error}</InlineError>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {publish && published === null ? 'Publish and answer' : 'Answer'}
        </button>
      </div>
    </form>
  );
}

import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'wouter';
import { useStore as useZustand } from 'zustand';
import type { ProjectDto } from '@shared/api/projects';
import { ApiError, messageOf } from '../../api/client';
import { projectsApi } from '../../api/endpoints';
import { reviewApi, type QaTask, type EmptyReason } from '../../api/review';
import { useStore } from '../../store';
import { Loading } from '../../components/Loading';
import { Badge, ExpertiseBadges } from '../../components/Badges';
import { InlineError } from '../../components/Form';
import { createAnswerStore, useUndoRedoHotkeys, type AnswerStore } from '../../tasks/answer-store';
import { useHotkeys } from '../../hotkeys/useHotkeys';
import { HelpOverlay } from '../../hotkeys/HelpOverlay';
import { Kbd } from '../../hotkeys/Kbd';
import { AgreementPill } from '../../tasks/compare-common/parts';
import { deepEqual } from '../../tasks/compare-common/equal';
import { compareViewFor } from './compareViews';
import { RowData } from './RowData';
import {
  finalAnswer, incompleteQuestions, initialAnswers, needsDecision, planReview, sideName, type QuestionReview, type ReviewPlan,
} from './review-model';
import './review.css';

type Screen =
  | { kind: 'loading' }
  | { kind: 'task'; task: QaTask }
  | { kind: 'empty'; reason: EmptyReason; message: string }
  | { kind: 'error'; message: string; notFound: boolean };

export type Outcome = 'accept' | 'send_back' | 'escalate' | 'release';

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

  useEffect(() => {
    let live = true;
    projectsApi.get(projectId).then(
      ({ project: p }) => live && setProject(p),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [projectId]);

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
      {screen.kind === 'task' && (
        <ResolutionScreen key={screen.task.assignment.id} task={screen.task} reviewerExpertise={user?.expertise ?? []} onDone={done} onRefresh={loadNext} />
      )}
    </div>
  );
}

const EMPTY_TITLE: Record<EmptyReason, string> = {
  all_done: 'Nothing left to review',
  waiting_for_others: 'No row is ready for review',
  waiting_for_expert: 'The waiting rows need an expert',
  not_a_member_role: 'You are not a reviewer here',
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

function newSubmissionId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID) return c.randomUUID();
  return `qa-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Time the reviewer spent with the page visible and in use: idle stretches over two minutes do not count. */
function useActiveTime(): () => number {
  const total = useRef(0);
  const last = useRef(Date.now());
  const lastInput = useRef(Date.now());
  useEffect(() => {
    const IDLE = 120_000;
    const tick = () => {
      const now = Date.now();
      if (document.visibilityState === 'visible' && now - lastInput.current < IDLE) total.current += now - last.current;
      last.current = now;
    };
    const input = () => {
      tick();
      lastInput.current = Date.now();
    };
    const timer = setInterval(tick, 5000);
    window.addEventListener('keydown', input, true);
    window.addEventListener('pointerdown', input, true);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      window.removeEventListener('keydown', input, true);
      window.removeEventListener('pointerdown', input, true);
      document.removeEventListener('visibilitychange', tick);
    };
  }, []);
  return useCallback(() => {
    const now = Date.now();
    if (document.visibilityState === 'visible' && now - lastInput.current < 120_000) total.current += now - last.current;
    last.current = now;
    return Math.round(total.current);
  }, []);
}

/** Keeps the claim alive while the screen is open, at a third of its lease. */
function useHeartbeat(task: QaTask, onLost: (message: string) => void) {
  useEffect(() => {
    const lease = task.assignment.expiresAt - task.assignment.claimedAt;
    const every = Math.max(30_000, Math.min(300_000, lease / 3));
    const timer = setInterval(() => {
      reviewApi.heartbeat(task.assignment.id).catch((err) => {
        if (err instanceof ApiError && err.status === 409) onLost(err.message);
      });
    }, every);
    return () => clearInterval(timer);
  }, [task, onLost]);
}

/** Saves the final as a draft a moment after the last edit, so a reload or a lapse loses nothing. */
function useDraftAutosave(store: AnswerStore, assignmentId: number, schema: QaTask['schema']) {
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'failed'>('idle');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let first = store.getState().answers;
    const unsubscribe = store.subscribe((s) => {
      if (s.answers === first) return;
      first = s.answers;
      clearTimeout(timer);
      timer = setTimeout(() => {
        setStatus('saving');
        reviewApi.draft(assignmentId, finalAnswer(schema, s.answers)).then(
          () => setStatus('saved'),
          () => setStatus('failed'),
        );
      }, 1500);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [store, assignmentId, schema]);
  return status;
}

type Panel = null | 'send_back' | 'escalate';

function ResolutionScreen({
  task,
  reviewerExpertise,
  onDone,
  onRefresh,
}: {
  task: QaTask;
  reviewerExpertise: readonly string[];
  onDone(outcome: Outcome): void;
  onRefresh(): void;
}) {
  const plan: ReviewPlan = useMemo(() => planReview(task, reviewerExpertise), [task, reviewerExpertise]);
  const [store] = useState(() => createAnswerStore(initialAnswers(plan)));
  const answers = useZustand(store, (s) => s.answers);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(plan.questions.filter((q) => !q.agreement.agree).map((q) => q.question.id)));
  const [focused, setFocused] = useState<string>(plan.questions[0]?.question.id ?? '');
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [lost, setLost] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const submissionId = useRef(newSubmissionId());
  const activeMs = useActiveTime();
  const draftStatus = useDraftAutosave(store, task.assignment.id, task.schema);
  useHeartbeat(task, setLost);
  useUndoRedoHotkeys(store);

  const byId = useMemo(() => new Map(plan.questions.map((q) => [q.question.id, q])), [plan]);
  const cardRefs = useRef(new Map<string, HTMLElement>());

  const setFinal = useCallback(
    (qid: string, value: unknown) => {
      store.getState().setAnswer(qid, value);
      setTouched((t) => (t.has(qid) ? t : new Set(t).add(qid)));
      setError(null);
    },
    [store],
  );

  const focusQuestion = useCallback((qid: string, scroll = true) => {
    setFocused(qid);
    setOpen((o) => (o.has(qid) ? o : new Set(o).add(qid)));
    if (scroll) requestAnimationFrame(() => cardRefs.current.get(qid)?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' }));
  }, []);

  const toggle = (qid: string) =>
    setOpen((o) => {
      const n = new Set(o);
      if (n.has(qid)) n.delete(qid);
      else n.add(qid);
      return n;
    });

  const step = (delta: number) => {
    const ids = plan.questions.map((q) => q.question.id);
    const i = Math.max(0, ids.indexOf(focused));
    const next = ids[Math.min(ids.length - 1, Math.max(0, i + delta))];
    if (next) focusQuestion(next);
  };

  const take = (side: 0 | 1) => {
    const q = byId.get(focused);
    if (!q) return;
    setFinal(q.question.id, structuredClone(side === 0 ? q.a : q.b));
  };

  const undecided = plan.questions.filter((q) => needsDecision(q, touched));

  const accept = async () => {
    if (busy || lost) return;
    setPanel(null);
    if (undecided.length) {
      setError(
        `Decide ${undecided.map((q) => `“${q.question.title}”`).join(', ')} first: take a version, edit the final, or press “Keep this final”.`,
      );
      focusQuestion(undecided[0].question.id);
      return;
    }
    const answer = finalAnswer(task.schema, store.getState().answers);
    const missing = incompleteQuestions(task.schema, answer);
    if (missing.length) {
      setError(`The final is not complete: ${missing.map((t) => `“${t}”`).join(', ')} still needs an answer.`);
      const q = plan.questions.find((x) => missing.includes(x.question.title));
      if (q) focusQuestion(q.question.id);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await reviewApi.resolve(task.assignment.id, { action: 'accept', answer, clientSubmissionId: submissionId.current, activeMs: activeMs() });
      onDone('accept');
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 409 && /expired|released|submitted/.test(err.message)) setLost(err.message);
      else setError(messageOf(err));
    }
  };

  const resolveWith = async (body: { action: 'send_back'; note: string } | { action: 'escalate'; question: string }) => {
    setBusy(true);
    try {
      await reviewApi.resolve(task.assignment.id, body);
      onDone(body.action);
    } catch (err) {
      setBusy(false);
      throw err;
    }
  };

  const release = async () => {
    setBusy(true);
    try {
      await reviewApi.release(task.assignment.id);
      onDone('release');
    } catch (err) {
      setBusy(false);
      setError(messageOf(err));
    }
  };

  useHotkeys(
    [
      { id: 'qa:accept', keys: 'mod+enter', scope: 'global', group: 'Review', description: 'Accept the final', allowInInputs: true, run: () => void accept() },
      { id: 'qa:send-back', keys: 'alt+s', scope: 'global', group: 'Review', description: 'Send back for a new round (with a note)', run: () => setPanel('send_back') },
      { id: 'qa:escalate', keys: 'alt+q', scope: 'global', group: 'Review', description: 'Escalate a question to the leads', run: () => setPanel('escalate') },
      { id: 'qa:take-1', keys: 'alt+a', scope: 'global', group: 'Review', description: 'Take Labeler 1’s answer for the focused question', run: () => take(0) },
      { id: 'qa:take-2', keys: 'alt+b', scope: 'global', group: 'Review', description: 'Take Labeler 2’s answer for the focused question', run: () => take(1) },
      { id: 'qa:next-q', keys: 'alt+arrowdown', scope: 'global', group: 'Review', description: 'Next question', run: () => step(1) },
      { id: 'qa:prev-q', keys: 'alt+arrowup', scope: 'global', group: 'Review', description: 'Previous question', run: () => step(-1) },
      { id: 'qa:help', keys: '?', scope: 'global', group: 'Review', description: 'Show the keyboard shortcuts', run: () => setHelp(true) },
    ],
    [],
  );

  const escalationsAnswered = (task.escalations ?? []).filter((e) => e.answer !== null);
  const closeHelp = useCallback(() => setHelp(false), []);

  return (
    <div className="rv-screen">
      <header className="rv-bar">
        <div className="rv-bar-title">
          <h1>
            Row {task.row.externalId ?? `#${task.row.id}`}
          </h1>
          <span className="muted">round {task.assignment.round}</span>
          {task.row.expertise.length > 0 && (
            <span className="rv-needs">
              needs <ExpertiseBadges expertise={task.row.expertise} />
            </span>
          )}
          <span className={plan.conflicts ? 'rv-summary is-conflict' : 'rv-summary is-agree'} role="status">
            {plan.conflicts === 0
              ? `All ${plan.questions.length} question${plan.questions.length === 1 ? '' : 's'} agree`
              : `${plan.conflicts} of ${plan.questions.length} question${plan.questions.length === 1 ? '' : 's'} in conflict`}
          </span>
        </div>
        <div className="rv-bar-actions">
          {draftStatus !== 'idle' && (
            <span className="rv-draft muted" aria-live="polite">
              {draftStatus === 'saving' ? 'Saving draft…' : draftStatus === 'saved' ? 'Draft saved' : 'Draft not saved'}
            </span>
          )}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
            <Kbd keys="?" />
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => void release()} disabled={busy || !!lost} title="Give the row to another reviewer">
            Skip
          </button>
          <button type="button" className="btn btn-secondary" aria-expanded={panel === 'escalate'} onClick={() => setPanel(panel === 'escalate' ? null : 'escalate')} disabled={busy || !!lost}>
            Escalate… <Kbd keys="alt+q" />
          </button>
          <button type="button" className="btn btn-secondary" aria-expanded={panel === 'send_back'} onClick={() => setPanel(panel === 'send_back' ? null : 'send_back')} disabled={busy || !!lost}>
            Send back… <Kbd keys="alt+s" />
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void accept()} disabled={busy || !!lost}>
            Accept <Kbd keys="mod+enter" />
          </button>
        </div>
      </header>

      {lost && (
        <div className="rv-notice is-danger" role="alert">
          {lost}{' '}
          <button type="button" className="btn btn-sm btn-secondary" onClick={onRefresh}>
            Get the next row
          </button>
        </div>
      )}
      <InlineError>{error}</InlineError>
      {panel === 'send_back' && (
        <OutcomeForm
          key="send_back"
          title="Send back for a new round"
          label="Note for the new labelers"
          hint="Two labelers who have not seen this row label it again; they read this note first."
          submit="Send back"
          required="Write a note: the new labelers need to know what to fix."
          onCancel={() => setPanel(null)}
          onSubmit={(note) => resolveWith({ action: 'send_back', note })}
        />
      )}
      {panel === 'escalate' && (
        <OutcomeForm
          key="escalate"
          title="Escalate to the leads"
          label="Question for the leads"
          hint="The row leaves your queue until a lead answers; then it comes back to you with the answer."
          submit="Escalate"
          required="Write the question the leads should answer."
          onCancel={() => setPanel(null)}
          onSubmit={(question) => resolveWith({ action: 'escalate', question })}
        />
      )}

      {task.row.roundNote && task.assignment.round > 1 && (
        <div className="rv-notice" role="note" aria-label="Note of the previous round">
          <strong>Sent back before:</strong> {task.row.roundNote}
        </div>
      )}
      {escalationsAnswered.length > 0 && (
        <section className="rv-notice is-info" aria-label="Answers from the leads">
          <strong>The leads answered:</strong>
          {escalationsAnswered.map((e, i) => (
            <div key={i} className="rv-esc-answer">
              <div className="rv-esc-q">
                <span className="muted">Question:</span> {e.question}
              </div>
              <div className="rv-esc-a">
                <span className="muted">Answer:</span> {e.answer}
              </div>
            </div>
          ))}
        </section>
      )}
      {plan.expertNote && (
        <div className="rv-notice is-expert" role="note" aria-label="Expert preselection">
          {plan.expertNote}
        </div>
      )}

      <div className="rv-body">
        <aside className="rv-side">
          <h2 className="rv-side-title">Row data</h2>
          <RowData data={task.row.data} />
        </aside>
        <main className="rv-questions" aria-label="Questions">
          {plan.questions.map((q) => (
            <QuestionCard
              key={q.question.id}
              q={q}
              data={task.row.data}
              final={answers[q.question.id]}
              open={open.has(q.question.id)}
              focused={focused === q.question.id}
              undecided={needsDecision(q, touched)}
              onToggle={() => toggle(q.question.id)}
              // Selects without opening: the pointerdown that reaches here first would otherwise open a folded
              // question that the same click's toggle then folds again.
              onFocus={() => setFocused(q.question.id)}
              onFinalChange={(v) => setFinal(q.question.id, v)}
              onKeep={() => setTouched((t) => new Set(t).add(q.question.id))}
              cardRef={(el) => {
                if (el) cardRefs.current.set(q.question.id, el);
                else cardRefs.current.delete(q.question.id);
              }}
            />
          ))}
        </main>
      </div>
      <HelpOverlay open={help} onClose={closeHelp} />
    </div>
  );
}

function QuestionCard({
  q,
  data,
  final,
  open,
  focused,
  undecided,
  onToggle,
  onFocus,
  onFinalChange,
  onKeep,
  cardRef,
}: {
  q: QuestionReview;
  data: Record<string, unknown>;
  final: unknown;
  open: boolean;
  focused: boolean;
  undecided: boolean;
  onToggle(): void;
  onFocus(): void;
  onFinalChange(v: unknown): void;
  onKeep(): void;
  cardRef(el: HTMLElement | null): void;
}) {
  const Compare = compareViewFor(q.question.type);
  const conflict = !q.agreement.agree;
  const bodyId = `rv-q-${q.question.id}`;
  const source = deepEqual(final, q.a) && deepEqual(final, q.b) ? 'both' : deepEqual(final, q.a) ? sideName(0) : deepEqual(final, q.b) ? sideName(1) : 'edited';
  return (
    <section
      ref={cardRef}
      className={`rv-q card ${conflict ? 'is-conflict' : 'is-agree'}${focused ? ' is-focused' : ''}`}
      aria-label={`Question: ${q.question.title}`}
      data-question={q.question.id}
      onFocusCapture={onFocus}
      onPointerDownCapture={onFocus}
    >
      <header className="rv-q-head">
        <button type="button" className="rv-q-toggle" aria-expanded={open} aria-controls={bodyId} onClick={onToggle}>
          <span className="rv-q-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="rv-q-title">{q.question.title}</span>
        </button>
        <span className="muted rv-q-type">{q.question.type}</span>
        <Badge tone={conflict ? 'danger' : 'success'}>{conflict ? 'conflict' : 'agreed'}</Badge>
        {/* Open, the comparison's own bar shows the score. */}
        {!open && <AgreementPill agreement={q.agreement} />}
        {undecided ? (
          <span className="rv-q-undecided">
            <Badge tone="warning">undecided</Badge>
            <button type="button" className="btn btn-sm btn-ghost" onClick={onKeep}>
              Keep this final
            </button>
          </span>
        ) : (
          <span className="muted rv-q-source">final: {source === 'both' ? 'agreed answer' : source}</span>
        )}
      </header>
      {open ? (
        <div id={bodyId} className="rv-q-body">
          <Suspense fallback={<Loading label="Loading the comparison" />}>
            <Compare
              question={q.question}
              config={q.question.config}
              data={data}
              a={q.a}
              b={q.b}
              labels={[sideName(0), sideName(1)]}
              expert={q.expert}
              prelabel={q.prelabel}
              agreement={q.agreement}
              final={final}
              onFinalChange={onFinalChange}
              bestEffort={q.bestEffort}
              active={focused}
            />
          </Suspense>
        </div>
      ) : (
        <p id={bodyId} className="rv-q-collapsed muted">
          {conflict ? 'In conflict: open to resolve.' : 'Both labelers agree; the final holds the agreed answer.'}
        </p>
      )}
    </section>
  );
}

function OutcomeForm({
  title,
  label,
  hint,
  submit,
  required,
  onSubmit,
  onCancel,
}: {
  title: string;
  label: string;
  hint: string;
  submit: string;
  required: string;
  onSubmit(text: string): Promise<void>;
  onCancel(): void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => area.current?.focus(), []);
  const id = `rv-outcome-${submit.replace(/\s+/g, '-').toLowerCase()}`;
  return (
    <form
      className="rv-outcome card"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) {
          setError(required);
          area.current?.focus();
          return;
        }
        setBusy(true);
        onSubmit(text.trim()).catch((err: unknown) => {
          setBusy(false);
          setError(messageOf(err));
        });
      }}
      onKeyDown={(e) => {
        // Ctrl+Enter in the note sends it; without this the page-wide Accept would fire instead.
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.currentTarget.requestSubmit();
          return;
        }
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 className="rv-outcome-title">{title}</h2>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        ref={area}
        className="input"
        rows={3}
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
      />
      <div className="field-hint">{hint}</div>
      <InlineError>{error}</InlineError>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {submit}
        </button>
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

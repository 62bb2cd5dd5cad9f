import { useCallback, useMemo, useRef, useState } from 'react';
import { useStore as useZustand } from 'zustand';
import { ApiError, messageOf } from '../../api/client';
import { reviewApi, type QaTask } from '../../api/review';
import { ExpertiseBadges } from '../../components/Badges';
import { InlineError } from '../../components/Form';
import { HelpOverlay } from '../../hotkeys/HelpOverlay';
import { useActionHotkeys } from '../../hotkeys/keymap';
import { ActionKbd } from '../../hotkeys/ActionKbd';
import { restoredDraft, type SaveState } from '../../session/drafts';
import { createAnswerStore, useUndoRedoHotkeys } from '../../tasks/answer-store';
import { OutcomeForm } from './OutcomeForm';
import { OVERRULE_REASON_ID, OverruleReason, type Overrule } from './OverruleReason';
import { AcceptCheck, acceptDoubt, useSeenQuestions, type AcceptDoubt } from './AcceptCheck';
import { QuestionCard } from './QuestionCard';
import { useQaSession } from './qa-session';
import { RowData } from './RowData';
import { finalAnswer, incompleteTitles, initialAnswers, needsDecision, planReview, type ReviewPlan } from './review-model';
import { useReviewFocus } from './review-focus';

export type Outcome = 'accept' | 'send_back' | 'escalate' | 'release';

const SAVE_TEXT: Record<SaveState, string> = {
  pending: 'Saving draft…',
  saving: 'Saving draft…',
  saved: 'Draft saved',
  offline: 'Draft kept on this device',
  failed: 'Draft not saved',
};

type Panel = null | 'send_back' | 'escalate';

/** One QA claim: the row, both labels per question, the final being written, and the three outcomes. */
export function ResolutionScreen({
  task,
  reviewerExpertise,
  reasons,
  onDone,
  onRefresh,
}: {
  task: QaTask;
  reviewerExpertise: readonly string[];
  /** The project's reasons for overruling a label or sending a row back; empty: none asked for. */
  reasons: readonly string[];
  onDone(outcome: Outcome): void;
  onRefresh(): void;
}) {
  // A final typed but not yet on the server (offline, a closed tab) is newer than the server's draft.
  const plan: ReviewPlan = useMemo(
    () => planReview({ ...task, draft: restoredDraft(task.assignment.id, task.draft).answer }, reviewerExpertise),
    [task, reviewerExpertise],
  );
  const [store] = useState(() => createAnswerStore(initialAnswers(plan)));
  const answers = useZustand(store, (s) => s.answers);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(plan.questions.filter((q) => !q.agreement.agree).map((q) => q.question.id)));
  const [focused, setFocused] = useState<string>(plan.questions[0]?.question.id ?? '');
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [overrule, setOverrule] = useState<Overrule>({ reason: '', note: '' });
  const session = useQaSession(task, store);
  const { lost, setLost } = session;
  useUndoRedoHotkeys(store);

  const byId = useMemo(() => new Map(plan.questions.map((q) => [q.question.id, q])), [plan]);
  const cardRefs = useRef(new Map<string, HTMLElement>());
  const markSeenRef = useRef<(id: string) => void>(() => undefined);

  /** Sets a question's final; a whole question is then decided (items of a per-item one are decided one by one). */
  const setFinal = useCallback(
    (qid: string, value: unknown, decided = true) => {
      store.getState().setAnswer(qid, value);
      if (decided) setTouched((t) => (t.has(qid) ? t : new Set(t).add(qid)));
      setError(null);
    },
    [store],
  );
  const items = useReviewFocus(task, plan, answers, touched, setTouched, setFinal);

  const focusQuestion = useCallback((qid: string, scroll = true) => {
    setFocused(qid);
    markSeenRef.current(qid);
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
    const ids = items.shownQuestions.map((q) => q.question.id);
    const i = Math.max(0, ids.indexOf(focused));
    const next = ids[Math.min(ids.length - 1, Math.max(0, i + delta))];
    if (next) focusQuestion(next);
  };

  const take = (side: 0 | 1) => {
    const q = byId.get(focused);
    if (!q) return;
    if (q.items) items.takeItem(q, side);
    else setFinal(q.question.id, structuredClone(side === 0 ? q.a : q.b));
  };

  const undecided = items.shownQuestions.filter((q) => needsDecision(q, touched, items.shownItems(q.question.id)));

  const conflictIds = useMemo(() => plan.questions.filter((q) => !q.agreement.agree).map((q) => q.question.id), [plan]);
  const [seen, markSeen] = useSeenQuestions(conflictIds, cardRefs);
  markSeenRef.current = markSeen;
  const [doubt, setDoubt] = useState<AcceptDoubt | null>(null);

  const accept = async (confirmed = false) => {
    if (busy || lost || (doubt && !confirmed)) return;
    setPanel(null);
    if (undecided.length) {
      setError(`Decide ${undecided.map(items.undecidedName).join(', ')} first: take a version, edit the final, or press “Use the final as shown”.`);
      focusQuestion(undecided[0].question.id);
      return;
    }
    // What the final's conditions hide is not part of it (the server drops it too).
    const answer = items.submitted(finalAnswer(task.schema, store.getState().answers));
    const missing = incompleteTitles(task.schema, answer, task.row.data);
    if (missing.length) {
      setError(`The final is not complete: ${missing.map((t) => `“${t}”`).join(', ')} still needs an answer.`);
      const q = plan.questions.find((x) => missing.includes(x.question.title));
      if (q) focusQuestion(q.question.id);
      return;
    }
    // The server refuses an overrule without a reason while the project lists reasons; say so before asking anything else.
    if (plan.conflicts > 0 && reasons.length && !overrule.reason) {
      setError('Pick why the final overrules a label: the labeler reads it in their history.');
      document.getElementById(OVERRULE_REASON_ID)?.focus();
      return;
    }
    // Asked once: conflicts never on screen, or an expert's preselected answer overridden.
    const doubtNow = confirmed ? null : acceptDoubt(items.shownQuestions, seen, answer);
    if (doubtNow) {
      setDoubt(doubtNow);
      return;
    }
    setDoubt(null);
    setBusy(true);
    setError(null);
    try {
      const reason = plan.conflicts > 0 && overrule.reason ? { reason: overrule.reason, note: overrule.note.trim() } : undefined;
      await reviewApi.resolve(task.assignment.id, { action: 'accept', answer, clientSubmissionId: session.submissionId, activeMs: session.activeMs(), ...(reason ? { reason } : {}) });
      session.finish();
      onDone('accept');
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 409 && /expired|released|submitted/.test(err.message)) setLost(err.message);
      else setError(messageOf(err));
    }
  };

  const resolveWith = async (body: { action: 'send_back'; note: string; reason?: string } | { action: 'escalate'; question: string }) => {
    setBusy(true);
    try {
      await reviewApi.resolve(task.assignment.id, body);
      session.finish();
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
      session.finish();
      onDone('release');
    } catch (err) {
      setBusy(false);
      setError(messageOf(err));
    }
  };

  // The same actions on the same keys as labeling (shared/keymap/actions.ts), with the person's remaps.
  const noPanel = () => panel === null && !help;
  useActionHotkeys('review', {
    submit: { allowInInputs: true, repeat: false, when: () => !doubt, run: () => void accept() },
    skip: { repeat: false, when: noPanel, run: () => void release() },
    'send-back': { run: () => setPanel('send_back') },
    escalate: { run: () => setPanel('escalate') },
    'take-1': { run: () => take(0) },
    'take-2': { run: () => take(1) },
    'next-question': { run: () => step(1) },
    'prev-question': { run: () => step(-1) },
    help: { run: () => setHelp(true) },
  });

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
          <span className={items.conflicts ? 'rv-summary is-conflict' : 'rv-summary is-agree'} role="status">
            {items.conflicts === 0
              ? `All ${items.shownQuestions.length} question${items.shownQuestions.length === 1 ? '' : 's'} agree`
              : `${items.conflicts} of ${items.shownQuestions.length} question${items.shownQuestions.length === 1 ? '' : 's'} in conflict`}
          </span>
        </div>
        <div className="rv-bar-actions">
          {session.save && (
            <span className="rv-draft muted" aria-live="polite" title={session.save.message}>
              {SAVE_TEXT[session.save.state]}
            </span>
          )}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
            <ActionKbd action="help" />
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => void release()} disabled={busy || !!lost} title="Give the row to another reviewer">
            Skip <ActionKbd action="skip" />
          </button>
          <button type="button" className="btn btn-secondary" aria-expanded={panel === 'escalate'} onClick={() => setPanel(panel === 'escalate' ? null : 'escalate')} disabled={busy || !!lost}>
            Escalate… <ActionKbd action="escalate" />
          </button>
          <button type="button" className="btn btn-secondary" aria-expanded={panel === 'send_back'} onClick={() => setPanel(panel === 'send_back' ? null : 'send_back')} disabled={busy || !!lost}>
            Send back… <ActionKbd action="send-back" />
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void accept()} disabled={busy || !!lost}>
            Accept <ActionKbd action="submit" />
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
          reasons={reasons.length ? reasons : undefined}
          onCancel={() => setPanel(null)}
          onSubmit={(note, reason) => resolveWith({ action: 'send_back', note, reason })}
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
      {plan.conflicts > 0 && reasons.length > 0 && (
        <OverruleReason reasons={reasons} value={overrule} onChange={(v) => { setOverrule(v); setError(null); }} />
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
          {items.shownQuestions.map((q) => (
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
              onFocus={() => {
                setFocused(q.question.id);
                markSeen(q.question.id);
              }}
              onFinalChange={(v) => setFinal(q.question.id, v, !q.items)}
              items={items.focusOf(q)}
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
      {doubt && (
        <AcceptCheck
          doubt={doubt}
          onConfirm={() => void accept(true)}
          onBack={() => {
            const first = doubt.unseen[0] ?? doubt.overridden[0];
            setDoubt(null);
            if (first) focusQuestion(first.question.id);
          }}
        />
      )}
    </div>
  );
}


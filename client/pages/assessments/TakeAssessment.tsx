import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { unanswered, type AssessmentDto, type AttemptAnswer, type AttemptDto, type PasteEvent } from '@shared/api/assessments';
import { TaskItem } from './TaskItem';
import { assessmentsApi } from '../../api/people';
import { messageOf } from '../../api/client';
import { useStore } from '../../store';
import { InlineError, PageHeader } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { listenForPastes } from '../../session/integrity-log';
import Markdown from '../label/Markdown';
import './assessments.css';

/** How long typing rests before the answers so far are saved. */
const SAVE_DELAY_MS = 800;

type Save = 'saved' | 'pending' | 'saving' | 'error';

/**
 * Taking an assessment: written answers saved as they are typed (resumed on return), paste events
 * recorded for the graders, required answers named on submit, and a submitted attempt deleted to retake.
 */
export default function TakeAssessment() {
  const id = Number(useParams<{ id: string }>().id);
  const toast = useStore((s) => s.toast);
  const [, navigate] = useLocation();
  const [assessment, setAssessment] = useState<AssessmentDto | null>(null);
  const [attempt, setAttempt] = useState<AttemptDto | null>(null);
  const [answers, setAnswers] = useState<Record<string, AttemptAnswer>>({});
  // The task question whose editor has the keyboard (its hotkeys): the one last clicked or focused.
  const [activeTask, setActiveTask] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const [save, setSave] = useState<Save>('saved');
  const pastes = useRef<PasteEvent[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const latest = useRef(answers);
  latest.current = answers;

  const load = useCallback(async () => {
    try {
      const r = await assessmentsApi.get(id);
      setAssessment(r.assessment);
      setAttempt(r.attempt);
      setAnswers(r.attempt?.answers ?? {});
      pastes.current = r.attempt?.pastes ?? [];
    } catch (e) {
      setError(messageOf(e));
    }
  }, [id]);
  useEffect(() => { void load(); }, [load]);

  const submitted = attempt?.status === 'submitted';

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    setSave('saving');
    try {
      const r = await assessmentsApi.save(id, { answers: latest.current, pastes: pastes.current });
      setAttempt(r.attempt);
      setSave('saved');
    } catch (e) {
      setSave('error');
      setError(`Not saved: ${messageOf(e)}`);
    }
  }, [id]);

  // Pastes into an answer are recorded (size only) and saved with the answers.
  useEffect(() => {
    const root = form.current;
    if (!root || submitted) return;
    return listenForPastes(root, (question, chars) => { pastes.current = [...pastes.current, { question, chars }].slice(0, 100); });
  }, [assessment, submitted]);

  useEffect(() => () => { if (timer.current) clearTimeout(timer.current); }, []);

  function change(q: string, answer: AttemptAnswer) {
    setAnswers((a) => ({ ...a, [q]: answer }));
    setMissing((m) => m.filter((x) => x !== q));
    setSave('pending');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
  }

  async function submit() {
    if (!assessment) return;
    const blank = assessment.questions.filter((q) => q.required && unanswered(q, answers[q.id])).map((q) => q.id);
    setMissing(blank);
    if (blank.length) {
      setError(`Answer every required question first (${blank.length} left).`);
      document.getElementById(`aq-${blank[0]}`)?.focus();
      return;
    }
    if (timer.current) clearTimeout(timer.current);
    try {
      const r = await assessmentsApi.submit(id, { answers, pastes: pastes.current });
      setAttempt(r.attempt);
      setError(null);
      setSave('saved');
      toast('success', 'Submitted for grading');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function retake() {
    if (!window.confirm('Delete this attempt and start again? Its answers and grades will no longer count.')) return;
    try {
      await assessmentsApi.deleteAttempt(id);
      setAttempt(null);
      setAnswers({});
      pastes.current = [];
      toast('success', 'Attempt deleted: you can start again');
    } catch (e) {
      setError(messageOf(e));
    }
  }

  if (!assessment) return error ? <InlineError>{error}</InlineError> : <Loading label="Loading the assessment" />;
  return (
    <div className="assess">
      <PageHeader
        title={assessment.title}
        subtitle={submitted ? 'Submitted: graders score each answer from 1 to 5.' : 'Your answers are saved as you type; come back any time.'}
        actions={<Link href="/assessments" className="btn btn-secondary">All assessments</Link>}
      />
      {assessment.instructions && <div className="card section"><Markdown source={assessment.instructions} /></div>}
      <form ref={form} className="stack" onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate aria-label="Your answers">
        {assessment.questions.map((q, i) => {
          const grade = attempt?.grades[q.id];
          const given = answers[q.id];
          const text = typeof given === 'string' ? given : '';
          return (
            <div key={q.id} className={missing.includes(q.id) ? 'card section aq has-error' : 'card section aq'} data-question={q.id}
              onFocusCapture={() => setActiveTask(q.id)} onPointerDown={() => setActiveTask(q.id)}>
              <label htmlFor={q.kind === 'written' ? `aq-${q.id}` : undefined} id={`aq-${q.id}-prompt`} className="aq-prompt">
                <span className="aq-n">{i + 1}.</span> {q.prompt} {q.required ? <span className="muted">(required)</span> : <span className="muted">(optional)</span>}
              </label>
              <div className="aq-skill badge badge-info">{q.skill}</div>
              {q.kind === 'written' ? (
                <>
                  <textarea
                    id={`aq-${q.id}`} className="input aq-text" rows={5} value={text} maxLength={q.maxLength} readOnly={submitted}
                    aria-invalid={missing.includes(q.id)} aria-describedby={`aq-${q.id}-count`}
                    onChange={(e) => change(q.id, e.target.value)}
                  />
                  <div id={`aq-${q.id}-count`} className="field-hint">{text.length} / {q.maxLength} characters</div>
                </>
              ) : (
                <div id={`aq-${q.id}`} tabIndex={-1}>
                  <TaskItem task={q.task} data={q.data} value={typeof given === 'object' ? given : undefined} label={`Your answer to question ${i + 1}`}
                    onChange={submitted ? undefined : (next) => change(q.id, next as Record<string, unknown>)} active={!submitted && activeTask === q.id} />
                </div>
              )}
              {missing.includes(q.id) && <div className="field-error">This question needs {q.kind === 'written' ? 'an answer' : 'a complete answer'}.</div>}
              {grade && <div className="aq-grade"><strong>Score {grade.score} / 5</strong>{grade.note && <span> · {grade.note}</span>}</div>}
            </div>
          );
        })}
        <InlineError>{error}</InlineError>
        <div className="form-row-end">
          {!submitted && <span className="muted" role="status">{SAVE_TEXT[save]}</span>}
          {attempt && <button type="button" className="btn btn-danger" onClick={() => void retake()}>Delete attempt and retake</button>}
          {!submitted && <button type="submit" className="btn btn-primary">Submit for grading</button>}
          {submitted && <button type="button" className="btn btn-secondary" onClick={() => navigate('/assessments')}>Done</button>}
        </div>
      </form>
    </div>
  );
}

const SAVE_TEXT: Record<Save, string> = { saved: 'All changes saved', pending: 'Unsaved changes…', saving: 'Saving…', error: 'Not saved' };

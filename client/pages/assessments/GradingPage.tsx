import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'wouter';
import type { GradingItem } from '@shared/api/assessments';
import { gradingApi } from '../../api/people';
import { messageOf } from '../../api/client';
import { useStore } from '../../store';
import { InlineError, PageHeader } from '../../components/Form';
import { Loading } from '../../components/Loading';
import { TaskItem } from './TaskItem';
import { LARGE_PASTE_CHARS } from '@shared/api/assessments';
import './assessments.css';

type Graded = Awaited<ReturnType<typeof gradingApi.get>>;

/** A grader's queue (submitted attempts of what they grade, oldest first) or one attempt to grade. */
export default function GradingPage() {
  const { attemptId } = useParams<{ attemptId?: string }>();
  return attemptId ? <GradeAttempt attemptId={Number(attemptId)} /> : <GradingList />;
}

function GradingList() {
  const [items, setItems] = useState<GradingItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { gradingApi.list().then((r) => setItems(r.items), (e) => setError(messageOf(e))); }, []);
  return (
    <div className="assess">
      <PageHeader title="Grading" subtitle="Submitted attempts of the assessments you grade. Score each answer from 1 to 5." />
      <InlineError>{error}</InlineError>
      {!items && !error && <Loading label="Loading attempts" />}
      {items && items.length === 0 && <p className="empty-state">Nothing to grade.</p>}
      {items && items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Person</th><th>Assessment</th><th>Submitted</th><th>Graded</th><th /></tr></thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.attemptId}>
                  <td className="cell-primary">{i.person.name}</td>
                  <td>{i.assessment}</td>
                  <td>{new Date(i.submittedAt).toLocaleString()}</td>
                  <td>{i.graded} of {i.questions}</td>
                  <td className="cell-actions"><Link href={`/grading/${i.attemptId}`} className="btn btn-sm btn-primary">{i.graded < i.questions ? 'Grade' : 'Review'}</Link></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function GradeAttempt({ attemptId }: { attemptId: number }) {
  const [data, setData] = useState<Graded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => gradingApi.get(attemptId).then(setData, (e) => setError(messageOf(e))), [attemptId]);
  useEffect(() => { void load(); }, [load]);
  if (!data) return error ? <InlineError>{error}</InlineError> : <Loading label="Loading the attempt" />;
  const { assessment, attempt, person } = data;
  return (
    <div className="assess">
      <PageHeader
        title={`${person.name}: ${assessment.title}`}
        subtitle={`Submitted ${attempt.submittedAt ? new Date(attempt.submittedAt).toLocaleString() : ''}`}
        actions={<Link href="/grading" className="btn btn-secondary">All attempts</Link>}
      />
      {assessment.questions.map((q, i) => {
        const pasted = attempt.pastes.filter((p) => p.question === q.id);
        const large = pasted.filter((p) => p.chars >= LARGE_PASTE_CHARS);
        return (
          <section key={q.id} className="card section aq" aria-label={`Question ${i + 1}`}>
            <div className="aq-prompt"><span className="aq-n">{i + 1}.</span> {q.prompt}</div>
            <div className="aq-skill badge badge-info">{q.skill}</div>
            {q.kind === 'written' ? (
              <div className="aq-answer">{typeof attempt.answers[q.id] === 'string' && attempt.answers[q.id] ? attempt.answers[q.id] as string : <span className="muted">No answer</span>}</div>
            ) : (
              <div className="aq-compare">
                {attempt.answers[q.id] === undefined
                  ? <p className="aq-answer muted">No answer</p>
                  : <TaskItem task={q.task} data={q.data} value={attempt.answers[q.id]} readOnly active={false} label={`${person.name}'s answer to question ${i + 1}`} />}
                <details>
                  <summary>Reference answer</summary>
                  <TaskItem task={q.task} data={q.data} value={q.reference} readOnly active={false} label={`Reference answer of question ${i + 1}`} />
                </details>
              </div>
            )}
            {large.length > 0 && (
              <p className="aq-paste" role="note">
                Pasted: {large.map((p) => `${p.chars} characters`).join(', ')}{pasted.length > large.length ? ` (and ${pasted.length - large.length} small pastes)` : ''}
              </p>
            )}
            <GradeForm
              key={`${q.id}-${attempt.grades[q.id]?.gradedAt ?? 0}`} label={`Question ${i + 1}`} initial={attempt.grades[q.id]}
              onSave={async (score, note) => { setData(await gradingApi.grade(attemptId, q.id, score, note)); }}
            />
          </section>
        );
      })}
    </div>
  );
}

function GradeForm({ label, initial, onSave }: { label: string; initial?: { score: number; note: string; auto: boolean }; onSave(score: number, note: string): Promise<void> }) {
  const toast = useStore((s) => s.toast);
  const [score, setScore] = useState<number | null>(initial?.score ?? null);
  const [note, setNote] = useState(initial?.auto ? '' : initial?.note ?? '');
  const [busy, setBusy] = useState(false);
  async function save() {
    if (score === null) return;
    setBusy(true);
    try {
      await onSave(score, note);
      toast('success', `${label} graded ${score}`);
    } catch (e) {
      toast('error', messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="grade-row">
      <div className="score-picker" role="group" aria-label={`Score for ${label}`}>
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" className="btn btn-sm btn-secondary" aria-pressed={score === n} onClick={() => setScore(n)}>{n}</button>
        ))}
      </div>
      <input className="input input-sm" aria-label={`Note for ${label}`} placeholder="Note (optional)" value={note} maxLength={5000} onChange={(e) => setNote(e.target.value)} />
      <button type="button" className="btn btn-sm btn-primary" disabled={score === null || busy} onClick={() => void save()}>
        {initial && !initial.auto ? 'Update grade' : 'Save grade'}
      </button>
      {initial && <span className="muted">{initial.auto ? `Scored ${initial.score} / 5 against the reference: your grade replaces it` : `Graded ${initial.score} / 5`}</span>}
    </div>
  );
}

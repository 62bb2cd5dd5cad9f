import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import type { z } from 'zod';
import type { assessmentBody, WrittenQuestion } from '@shared/api/assessments';
import { SKILL_TYPES, type SkillType } from '@shared/skills';
import { TASK_TYPES, type TaskType } from '@shared/tasks/types';
import { TYPE_NAMES } from '../console/schema/model';
import { newTaskQuestion, TaskQuestionFields, type DraftTaskQuestion } from './TaskQuestionFields';
import type { UserDto } from '@shared/api/auth';
import { assessmentsApi } from '../../api/people';
import { usersApi } from '../../api/endpoints';
import { errorFields, messageOf } from '../../api/client';
import { useStore } from '../../store';
import { Field, InlineError, PageHeader } from '../../components/Form';
import { Loading } from '../../components/Loading';
import './assessments.css';

type EditorQuestion = WrittenQuestion | DraftTaskQuestion;

const blankQuestion = (n: number): EditorQuestion => ({ id: `q${n}`, kind: 'written', prompt: '', skill: 'Evaluation', required: true, maxLength: 2000 });

/** The question as another kind: written, or a question of a task type (its settings start afresh). */
function withKind(q: EditorQuestion, kind: 'written' | TaskType): EditorQuestion {
  const base = { id: q.id, prompt: q.prompt, skill: q.skill, required: q.required };
  return kind === 'written' ? { ...base, kind: 'written', maxLength: 2000 } : newTaskQuestion(base, kind);
}

/**
 * Administrators define an assessment (written questions and questions of a task type on a sample item with
 * a reference answer, each tagged with a skill type) and name its graders.
 */
export default function AssessmentEditor() {
  const params = useParams<{ id?: string }>();
  const id = params.id ? Number(params.id) : null;
  const [, navigate] = useLocation();
  const toast = useStore((s) => s.toast);
  const [title, setTitle] = useState('');
  const [instructions, setInstructions] = useState('');
  const [archived, setArchived] = useState(false);
  const [questions, setQuestions] = useState<EditorQuestion[]>([blankQuestion(1)]);
  const [users, setUsers] = useState<UserDto[]>([]);
  const [graders, setGraders] = useState<number[]>([]);
  const [loaded, setLoaded] = useState(id === null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  useEffect(() => {
    usersApi.list().then((r) => setUsers(r.users.filter((u) => !u.disabled)), () => {});
    if (id === null) return;
    assessmentsApi.get(id).then((r) => {
      setTitle(r.assessment.title);
      setInstructions(r.assessment.instructions);
      setArchived(r.assessment.archived);
      setQuestions(r.assessment.questions as EditorQuestion[]);
      setGraders(r.graders ?? []);
      setLoaded(true);
    }, (e) => setError(messageOf(e)));
  }, [id]);

  const replace = (i: number, next: EditorQuestion) => setQuestions((qs) => qs.map((q, j) => (j === i ? next : q)));
  const patch = (i: number, p: Partial<Pick<EditorQuestion, 'id' | 'prompt' | 'skill' | 'required'>>) => replace(i, { ...questions[i], ...p } as EditorQuestion);

  async function save() {
    setError(null);
    setFields({});
    try {
      const body = { title, instructions, questions: questions as z.input<typeof assessmentBody>['questions'], archived };
      const r = id === null ? { ...(await assessmentsApi.create(body)), rescored: 0 } : await assessmentsApi.update(id, body);
      await assessmentsApi.setGraders(r.assessment.id, graders);
      toast('success', r.rescored > 0
        ? `${r.assessment.title} saved; ${r.rescored} submitted ${r.rescored === 1 ? 'answer was' : 'answers were'} scored again against the changed references`
        : `${r.assessment.title} saved`);
      navigate('/assessments');
    } catch (e) {
      setError(messageOf(e));
      setFields(errorFields(e));
    }
  }

  if (!loaded) return error ? <InlineError>{error}</InlineError> : <Loading label="Loading the assessment" />;
  return (
    <div className="assess">
      <PageHeader title={id === null ? 'New assessment' : 'Edit assessment'} actions={<Link href="/assessments" className="btn btn-secondary">Cancel</Link>} />
      <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }} aria-label="Assessment">
        <div className="card section">
          <Field label="Title" htmlFor="as-title" error={fields.title}>
            <input id="as-title" className="input" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          </Field>
          <Field label="Instructions" htmlFor="as-instr" hint="Markdown; shown above the questions.">
            <textarea id="as-instr" className="input" rows={3} value={instructions} onChange={(e) => setInstructions(e.target.value)} />
          </Field>
          {id !== null && (
            <label className="check"><input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} /><span>Archived (hidden from people taking assessments)</span></label>
          )}
        </div>
        {questions.map((q, i) => (
          <fieldset key={i} className="card section">
            <legend>Question {i + 1}</legend>
            <div className="q-edit">
              <Field label="Prompt" htmlFor={`q-${i}-prompt`} error={fields[`questions.${i}.prompt`]}>
                <textarea id={`q-${i}-prompt`} className="input" rows={2} value={q.prompt} onChange={(e) => patch(i, { prompt: e.target.value })} />
              </Field>
              <Field label="Id" htmlFor={`q-${i}-id`} error={fields[`questions.${i}.id`]}>
                <input id={`q-${i}-id`} className="input input-narrow" value={q.id} onChange={(e) => patch(i, { id: e.target.value })} />
              </Field>
              <Field label="Skill" htmlFor={`q-${i}-skill`}>
                <select id={`q-${i}-skill`} className="input" value={q.skill} onChange={(e) => patch(i, { skill: e.target.value as SkillType })}>
                  {SKILL_TYPES.map((s) => <option key={s}>{s}</option>)}
                </select>
              </Field>
              <Field label="Answered with" htmlFor={`q-${i}-kind`}>
                <select id={`q-${i}-kind`} className="input" value={q.kind === 'written' ? 'written' : q.task.type}
                  onChange={(e) => replace(i, withKind(q, e.target.value as 'written' | TaskType))}>
                  <option value="written">Written answer</option>
                  {TASK_TYPES.map((t) => <option key={t} value={t}>Task: {TYPE_NAMES[t]}</option>)}
                </select>
              </Field>
              {q.kind === 'written' ? (
                <Field label="Max characters" htmlFor={`q-${i}-max`} error={fields[`questions.${i}.maxLength`]}>
                  <input id={`q-${i}-max`} className="input input-narrow" type="number" min={1} max={20000} value={q.maxLength} onChange={(e) => replace(i, { ...q, maxLength: Number(e.target.value) })} />
                </Field>
              ) : <span />}
              <div className="field">
                <label className="check"><input type="checkbox" checked={q.required} onChange={(e) => patch(i, { required: e.target.checked })} /><span>Required</span></label>
                {questions.length > 1 && <button type="button" className="btn btn-sm btn-ghost" onClick={() => setQuestions((qs) => qs.filter((_, j) => j !== i))}>Remove</button>}
              </div>
            </div>
            {q.kind === 'task' && <TaskQuestionFields key={`${q.task.type}-${i}`} q={q} index={i} errors={fields} onChange={(next) => replace(i, next)} />}
          </fieldset>
        ))}
        <div><button type="button" className="btn btn-secondary" onClick={() => setQuestions((qs) => [...qs, blankQuestion(qs.length + 1)])}>Add a question</button></div>
        <fieldset className="card section">
          <legend>Graders</legend>
          <p className="muted">They see submitted attempts of this assessment (never their own) and score each answer. Administrators grade every assessment.</p>
          <div className="checks">
            {users.filter((u) => !u.isAdmin).map((u) => (
              <label key={u.id} className="check">
                <input type="checkbox" checked={graders.includes(u.id)} onChange={(e) => setGraders((g) => (e.target.checked ? [...g, u.id] : g.filter((x) => x !== u.id)))} />
                <span>{u.name} <span className="muted">{u.email}</span></span>
              </label>
            ))}
          </div>
        </fieldset>
        <InlineError>{error}</InlineError>
        <div className="form-row-end"><button type="submit" className="btn btn-primary">Save assessment</button></div>
      </form>
    </div>
  );
}

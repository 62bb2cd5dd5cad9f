import { useState, type ComponentType } from 'react';
import type { TaskQuestion } from '@shared/api/assessments';
import { questionModule } from '@shared/tasks/question-module';
import type { TaskType } from '@shared/tasks/types';
import { clientTaskModule, moduleOf } from '../../tasks/registry';
import { patched } from '../../tasks/config-form/kit';
import type { ConfigEditorProps } from '../../tasks/types';
import { newQuestion, validateSchema } from '../console/schema/model';
import { Field } from '../../components/Form';
import { TaskItem } from './TaskItem';

type Config = Record<string, unknown>;
/** A task question as the editor holds it: the config being written may not be valid yet (the server judges it). */
export type DraftTaskQuestion = Omit<TaskQuestion, 'task'> & { task: { id: string; type: TaskType; title: string; required?: boolean; config: Config } };

/** A new task question of a type: the schema builder's new question, its sample item and an empty reference. */
export function newTaskQuestion(base: { id: string; prompt: string; skill: TaskQuestion['skill']; required: boolean }, type: TaskType): DraftTaskQuestion {
  const task = newQuestion(type, []);
  const m = clientTaskModule(type);
  return { ...base, kind: 'task', task, data: m.sampleData(task.config as never), reference: questionModule(task).empty(task.config) };
}

/**
 * The parts of an assessment question of a task type: the type's own config form, the sample item (JSON of
 * its data fields) and the reference answer, given with the type's editor on that item. `errors` are the
 * server's field messages by path (`questions.0.reference`).
 */
export function TaskQuestionFields({ q, index, errors, onChange }: { q: DraftTaskQuestion; index: number; errors: Record<string, string>; onChange(next: DraftTaskQuestion): void }) {
  const [dataText, setDataText] = useState(() => JSON.stringify(q.data, null, 2));
  const [dataError, setDataError] = useState<string | null>(null);
  const checked = validateSchema([{ ...q.task, required: true }]);
  const task = checked.ok ? checked.schema[0] : null;
  const issues = checked.ok ? [] : checked.issues.filter((i) => i.index === 0).map((i) => ({ path: i.path, message: i.message }));
  const ConfigEditor = moduleOf(q.task).ConfigEditor as ComponentType<ConfigEditorProps<Config>>;
  const prefix = `q-${index}-task`;
  // The server names the deepest path (`questions.0.reference.labels.0`): shown under the part it is in.
  const at = (k: string) => Object.entries(errors).find(([path]) => path === `questions.${index}.${k}` || path.startsWith(`questions.${index}.${k}.`))?.[1];

  function setData(text: string) {
    setDataText(text);
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the sample item is an object of data fields: {"field": value}');
      setDataError(null);
      onChange({ ...q, data: parsed as Record<string, unknown> });
    } catch (e) {
      setDataError((e as Error).message);
    }
  }

  return (
    <div className="aq-task-edit">
      <ConfigEditor config={q.task.config} prefix={prefix} issues={issues}
        set={(patch) => onChange({ ...q, task: { ...q.task, config: patched(q.task.config, patch) } })} />
      <Field label="Sample item (JSON of its data fields)" htmlFor={`${prefix}-data`} error={dataError ?? at('data')}
        hint="What the person judges, as a row's data: the fields the question reads.">
        <textarea id={`${prefix}-data`} className="input mono" rows={4} value={dataText} onChange={(e) => setData(e.target.value)} />
      </Field>
      <div className="field">
        <span className="field-label">Reference answer</span>
        <p className="field-hint">Answer it as a perfect labeler would: each answer is scored against this with the type's own agreement (1 to 5).</p>
        {task && !dataError
          ? <TaskItem task={task} data={q.data} value={q.reference} onChange={(reference) => onChange({ ...q, reference })} active={false} label={`Reference answer of question ${index + 1}`} />
          : <p className="muted">Fix the question's settings above to give its reference answer.</p>}
        {at('reference') && <div className="field-error" role="alert">{at('reference')}</div>}
      </div>
    </div>
  );
}

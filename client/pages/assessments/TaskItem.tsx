import { Fragment, useId, useMemo } from 'react';
import type { Question } from '@shared/tasks/question';
import { TaskEditor } from '../../tasks/TaskEditor';
import { moduleOf } from '../../tasks/registry';

/**
 * A task question's sample item and the type's own editor on it: the data fields the editor does not draw
 * itself are listed above it (as text: React escapes them), the way the workbench's data panel shows them.
 */
export function TaskItem({ task, data, value, onChange, readOnly, active, label }: {
  task: Question;
  data: Record<string, unknown>;
  value: unknown;
  onChange?(next: unknown): void;
  readOnly?: boolean;
  active: boolean;
  /** What the item is, for screen readers ("Your answer", "Reference answer"). */
  label: string;
}) {
  // Editors register their hotkeys and element ids under the question's id: a page may show one question
  // twice (an answer beside its reference) or two questions with one id, so each item gets its own.
  const uid = useId().replace(/[^A-Za-z0-9]/g, '');
  const own = useMemo(() => ({ ...task, id: `${task.id}_${uid}` }), [task, uid]);
  const drawn = new Set(moduleOf(task).shownFields(task.config));
  const fields = Object.entries(data).filter(([k]) => !drawn.has(k));
  return (
    <div className="aq-task" role="group" aria-label={label}>
      {fields.length > 0 && (
        <dl className="aq-data">
          {fields.map(([k, v]) => (
            <Fragment key={k}><dt>{k}</dt><dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd></Fragment>
          ))}
        </dl>
      )}
      <TaskEditor question={own} data={data} value={value} onChange={(next) => onChange?.(next)} readOnly={readOnly || !onChange} active={active} />
    </div>
  );
}

import type { QuestionInput } from '@shared/tasks/question';
import { TASK_TYPES as TYPES, type TaskType } from '@shared/tasks/types';
import { clientTaskModule } from '../tasks/registry';
import { commaList, type Starter, type StarterInput } from '../tasks/starter';

export type { StarterInput };

export interface TaskTypeInfo extends Starter {
  type: TaskType;
  name: string;
}

/** The new-project form's cards, one per task type, from each type's module. */
export const TASK_TYPES: TaskTypeInfo[] = TYPES.map((type) => ({ type, name: clientTaskModule(type).name, ...clientTaskModule(type).starter }));

export const taskTypeInfo = (t: TaskType) => TASK_TYPES.find((x) => x.type === t)!;

/** The schema the form produces: the type's first question, and any its starter adds for the choices made. */
export function starterSchema(type: TaskType, input: StarterInput): QuestionInput[] {
  const info = taskTypeInfo(type);
  const field = input.field.trim();
  const items = commaList(input.items);
  const config = info.config(input, field, items);
  const more = info.more?.(input, field, items) ?? [];
  return [{ id: info.questionId, title: input.title.trim(), type, config }, ...more.map((q) => ({ ...q, type }))] as QuestionInput[];
}

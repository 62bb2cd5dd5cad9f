import type { AnyTaskModule, TaskType } from './types';
import type { TaskInterop } from './interop';
import { taskInterop, taskModule } from './registry';
import { scopedInterop, scopedModule, type Scope } from './scope';

/** The part of a question that says how it is asked (a structural view of `Question`, which imports this file). */
export interface QuestionShape {
  type: TaskType;
  config: unknown;
  scope?: Scope;
}

const modules = new WeakMap<QuestionShape, ReturnType<typeof scopedModule>>();
const interops = new WeakMap<QuestionShape, TaskInterop<any, any>>();

/**
 * The module that answers for a question: its type's, or, for a scoped question, the type's asked once
 * per item. Code that holds a question asks this rather than `taskModule(q.type)`, so scopes work everywhere.
 */
export function questionModule(q: QuestionShape): AnyTaskModule {
  if (!q.scope) return taskModule(q.type);
  let m = modules.get(q);
  if (!m) modules.set(q, (m = scopedModule(taskModule(q.type), q.scope)));
  return m;
}

/** The import and export pieces for a question (its type's, or per item for a scoped question). */
export function questionInterop(q: QuestionShape): TaskInterop<any, any> {
  if (!q.scope) return taskInterop(q.type);
  let i = interops.get(q);
  if (!i) interops.set(q, (i = scopedInterop(taskInterop(q.type), q.scope)));
  return i;
}

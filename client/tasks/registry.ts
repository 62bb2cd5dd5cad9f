import type { TaskType } from '@shared/tasks/types';
import type { ClientTaskModule } from './types';
import { classification } from './classification';
import { ner } from './ner';
import { bbox } from './bbox';
import { audio } from './audio';
import { ranking } from './ranking';
import { rating } from './rating';
import { text } from './text';

/** Every task type's client module: a plain typed object, so a missing type fails to compile. */
export const clientTaskModules: { [T in TaskType]: ClientTaskModule<T> } = { classification, ner, bbox, audio, ranking, rating, text };

export function clientTaskModule<T extends TaskType>(type: T): ClientTaskModule<T> {
  const m = clientTaskModules[type];
  if (!m) throw new Error(`no editor for task type "${type}"`);
  return m;
}

/**
 * The module of a question whose type is known only at run time: its functions take that question's own
 * config, which the caller passes from the same question.
 */
export const moduleOf = (q: { type: TaskType }): ClientTaskModule<any> => clientTaskModule(q.type);

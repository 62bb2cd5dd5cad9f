import { visibility, type Visibility } from '@shared/tasks/conditions';
import type { ProjectSchema, RowAnswer } from '@shared/tasks/question';

/**
 * The conditions' visibility, where a question asked per item whose condition holds for no item counts as
 * hidden too: it is not asked at all (and is dropped at submit like a hidden one).
 */
export function shownQuestions(schema: ProjectSchema, answers: RowAnswer, data: Record<string, unknown>): Visibility {
  const v = visibility(schema, answers, data);
  const hidden = new Set(v.hidden);
  for (const [id, items] of v.items) if (items.length === 0) hidden.add(id);
  return { hidden, items: v.items };
}

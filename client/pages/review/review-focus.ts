import { useCallback, useMemo, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import type { Visibility } from '@shared/tasks/conditions';
import { submittedAnswer, type RowAnswer } from '@shared/tasks/question';
import { taskModule } from '@shared/tasks/registry';
import { itemTitle, type ScopedAnswer } from '@shared/tasks/scope';
import type { QaTask } from '../../api/review';
import { cloneAnswer } from '../../tasks/compare-common/equal';
import { itemAnswer, withItem } from '../../tasks/scoped/items';
import { shownQuestions } from '../../tasks/shown-questions';
import type { ItemsFocus } from './QuestionCard';
import { itemKey, undecidedItems } from './review-items';
import type { QuestionReview, ReviewPlan } from './review-model';

const NOTHING_HIDDEN: Visibility = { hidden: new Set(), items: new Map() };

/**
 * What the resolution screen asks, by the final's conditions: the questions shown (a question the final
 * hides is not asked, and its answer is not part of the final), the items of each per-item question, the
 * item each such question is on, and its undecided items.
 */
export function useReviewFocus(
  task: QaTask,
  plan: ReviewPlan,
  answers: RowAnswer,
  touched: ReadonlySet<string>,
  setTouched: Dispatch<SetStateAction<ReadonlySet<string>>>,
  setFinal: (questionId: string, value: unknown, decided?: boolean) => void,
) {
  const { schema, row } = task;
  const conditional = schema.some((q) => q.showIf);
  const vis = useMemo(() => (conditional ? shownQuestions(schema, answers, row.data) : NOTHING_HIDDEN), [conditional, schema, answers, row.data]);
  const shown = useMemo(() => plan.questions.filter((q) => !vis.hidden.has(q.question.id)), [plan, vis]);
  const [activeItems, setActiveItems] = useState<Readonly<Record<string, number>>>({});

  // The same array while an item list stays the same, so the comparisons are not rebuilt on every edit.
  const kept = useRef(new Map<string, number[]>());
  const shownItems = useCallback((questionId: string): readonly number[] | undefined => {
    const list = vis.items.get(questionId);
    if (!list) return undefined;
    const before = kept.current.get(questionId);
    if (before && before.length === list.length && before.every((x, i) => x === list[i])) return before;
    kept.current.set(questionId, list);
    return list;
  }, [vis]);

  const decideItem = useCallback(
    (questionId: string, item: number) => setTouched((t) => (t.has(itemKey(questionId, item)) ? t : new Set(t).add(itemKey(questionId, item)))),
    [setTouched],
  );

  /** The item a per-item question is on: the one the reviewer chose, else its first item in conflict, else its first. */
  const currentItem = (q: QuestionReview): number | null => {
    const list = (q.items ?? []).filter((it) => shownItems(q.question.id)?.includes(it.index) ?? true);
    const picked = activeItems[q.question.id];
    if (picked !== undefined && list.some((it) => it.index === picked)) return picked;
    return (list.find((it) => !it.agreement.agree) ?? list[0])?.index ?? null;
  };

  return {
    shownQuestions: shown,
    conflicts: shown.filter((q) => !q.agreement.agree).length,
    shownItems,
    focusOf(q: QuestionReview): ItemsFocus | undefined {
      if (!q.items) return undefined;
      const id = q.question.id;
      const list = shownItems(id);
      return {
        shown: list,
        undecided: undecidedItems(id, q.items, touched, list),
        onDecideItem: (item) => decideItem(id, item),
        activeItem: currentItem(q),
        onActiveItem: (item) => setActiveItems((m) => (m[id] === item ? m : { ...m, [id]: item })),
      };
    },
    /** Alt+A / Alt+B on a per-item question: that labeler's answer for the item the question is on. */
    takeItem(q: QuestionReview, side: 0 | 1) {
      const item = currentItem(q);
      if (item === null) return;
      const given = itemAnswer((side === 0 ? q.a : q.b) as ScopedAnswer, item);
      const value = given === undefined ? taskModule(q.question.type).empty(q.question.config) : cloneAnswer(given);
      setFinal(q.question.id, withItem(answers[q.question.id] as ScopedAnswer, item, value), false);
      decideItem(q.question.id, item);
    },
    /** “Quality” (Turn 2, Turn 4): a question and, for a per-item one, the items still to decide. */
    undecidedName(q: QuestionReview): string {
      if (!q.items || !q.question.scope) return `“${q.question.title}”`;
      const open = undecidedItems(q.question.id, q.items, touched, shownItems(q.question.id));
      return `“${q.question.title}” (${open.map((i) => itemTitle(q.question.scope!, i)).join(', ')})`;
    },
    submitted: (answer: RowAnswer) => submittedAnswer(schema, answer, row.data),
  };
}

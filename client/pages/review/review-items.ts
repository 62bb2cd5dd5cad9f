import type { Question } from '@shared/tasks/question';
import { taskModule } from '@shared/tasks/registry';
import { scopeItems, type ScopedAnswer } from '@shared/tasks/scope';
import type { Agreement } from '@shared/tasks/types';
import { cloneAnswer, deepEqual } from '../../tasks/compare-common/equal';

// QA of a question asked per turn or per response: each item is compared and decided on its own, and the
// final is assembled item by item, by the same rules as a whole question (review-model.ts).

/** Where an item's final starts (as `Start` of a question). */
export type ItemStart = 'agreed' | 'expert' | 'draft' | 'common' | 'empty';

export interface ItemReview {
  index: number;
  a: unknown;
  b: unknown;
  agreement: Agreement;
  start: ItemStart;
}

/** The key of an item in the set of finals the reviewer has touched (a question's own key is its id). */
export const itemKey = (questionId: string, item: number) => `${questionId}#${item}`;

const itemsOf = (a: unknown): Record<string, unknown> => {
  const items = (a as ScopedAnswer | null | undefined)?.items;
  return items && typeof items === 'object' ? items : {};
};

/**
 * Each item of the row, compared, and the final it starts from: an agreed item the merge of both; an item
 * in conflict the expert's answer when the reviewer lacks their domain (`preselect`), else what both share
 * when that is not just one side's answer, else nothing (so neither labeler is silently favoured). A draft
 * the reviewer already wrote for an item wins.
 */
export function planItems(
  question: Question,
  a: unknown,
  b: unknown,
  data: Record<string, unknown>,
  preselect: 0 | 1 | null,
  draft: unknown,
): { items: ItemReview[]; initial: ScopedAnswer } {
  const inner = taskModule(question.type);
  const config = question.config;
  const [ia, ib, id] = [itemsOf(a), itemsOf(b), itemsOf(draft)];
  const items: ItemReview[] = [];
  const initial: Record<string, unknown> = {};
  for (const index of scopeItems(question.scope!, data)) {
    const k = String(index);
    const given = [ia[k], ib[k]].filter((x) => x !== undefined && x !== null);
    const x = ia[k] ?? inner.empty(config);
    const y = ib[k] ?? inner.empty(config);
    const agreement: Agreement = given.length === 0 ? { score: 1, agree: true } : inner.agreement(x, y, config);
    let start: ItemStart;
    let value: unknown;
    if (agreement.agree) {
      start = 'agreed';
      value = given.length ? inner.merge(given, config) : undefined;
    } else if (preselect !== null) {
      start = 'expert';
      const side = preselect === 0 ? ia[k] : ib[k];
      value = side === undefined ? undefined : cloneAnswer(side);
    } else {
      const common = inner.merge([x, y], config);
      const oneSided = deepEqual(common, x) || deepEqual(common, y);
      start = oneSided ? 'empty' : 'common';
      value = oneSided ? undefined : common;
    }
    if (id[k] !== undefined && id[k] !== null && !deepEqual(id[k], value)) {
      value = id[k];
      if (!agreement.agree) start = 'draft';
    }
    if (value !== undefined) initial[k] = value;
    items.push({ index, a: ia[k], b: ib[k], agreement, start });
  }
  return { items, initial: { items: initial } };
}

/** The items in conflict nobody has decided yet (among those shown, when conditions hide some). */
export function undecidedItems(questionId: string, items: readonly ItemReview[], touched: ReadonlySet<string>, shown?: readonly number[]): number[] {
  if (touched.has(questionId)) return [];
  return items
    .filter((it) => !it.agreement.agree && (it.start === 'empty' || it.start === 'common') && !touched.has(itemKey(questionId, it.index)))
    .filter((it) => !shown || shown.includes(it.index))
    .map((it) => it.index);
}

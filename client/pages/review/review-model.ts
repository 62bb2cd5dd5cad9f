import { incompleteQuestions, type ProjectSchema, type Question, type RowAnswer } from '@shared/tasks/question';
import { questionModule } from '@shared/tasks/question-module';
import type { Agreement } from '@shared/tasks/types';
import { cloneAnswer, deepEqual } from '../../tasks/compare-common/equal';
import type { QaLabel, QaTask } from '../../api/review';
import { planItems, undecidedItems, type ItemReview } from './review-items';

/** Where a question's final starts, which decides whether the reviewer still has to act on it. */
export type Start = 'agreed' | 'expert' | 'draft' | 'common' | 'empty';

export interface QuestionReview {
  question: Question;
  a: unknown;
  b: unknown;
  agreement: Agreement;
  /** The one labeler with a domain the row needs (both or neither: null). */
  expert: 0 | 1 | null;
  bestEffort: [boolean, boolean];
  prelabel: unknown;
  initial: unknown;
  start: Start;
  /** A question asked per turn or response: each item compared and started on its own. */
  items?: ItemReview[];
}

export interface ReviewPlan {
  /** Conflicts first, then agreed questions, each in schema order. */
  questions: QuestionReview[];
  /** Why the expert's answer is preselected, when it is. */
  expertNote: string | null;
  conflicts: number;
}

export const sideName = (side: 0 | 1) => `Labeler ${side + 1}`;

function slotLabels(labels: readonly QaLabel[] | undefined): [QaLabel | undefined, QaLabel | undefined] {
  const sorted = [...(labels ?? [])].sort((x, y) => x.slot - y.slot);
  return [sorted[0], sorted[1]];
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** A QA task whose draft may be the device's copy (any answer) rather than the server's. */
export type PlannedTask = Omit<QaTask, 'draft'> & { draft: RowAnswer | null };

/**
 * What the resolution screen starts from. Rule 4: when the reviewer lacks a domain the expert labeler
 * brought, each conflicting question starts from the expert's answer. Otherwise a conflict starts from
 * what both labelers share (the module's merge) when that is not just one side's answer, else empty, so
 * neither labeler is silently favoured; agreed questions start from the merge.
 */
export function planReview(task: PlannedTask, reviewerExpertise: readonly string[]): ReviewPlan {
  const [l1, l2] = slotLabels(task.labels);
  const expertSide: 0 | 1 | null = l1?.expert && !l2?.expert ? 0 : l2?.expert && !l1?.expert ? 1 : null;
  const expertLabel = expertSide === null ? undefined : [l1, l2][expertSide];
  const mine = new Set(reviewerExpertise);
  const lacking = expertLabel ? expertLabel.expertDomains.filter((d) => !mine.has(d)) : [];
  const preselect = expertSide !== null && lacking.length > 0;

  const items = task.schema.map((question): QuestionReview => {
    const m = questionModule(question);
    const empty = () => m.empty(question.config);
    const a = l1?.answer[question.id] ?? empty();
    const b = l2?.answer[question.id] ?? empty();
    const local = m.agreement(a, b, question.config);
    const server = task.agreement?.[question.id];
    const agreement: Agreement = server ? { ...local, score: server.score, agree: server.agree } : local;
    const draft = task.draft?.[question.id];
    const base = { question, a, b, agreement, expert: expertSide, bestEffort: [l1?.bestEffort ?? false, l2?.bestEffort ?? false] as [boolean, boolean], prelabel: task.prelabels?.[question.id] ?? null };
    if (question.scope) {
      const { items, initial } = planItems(question, a, b, task.row.data, preselect ? expertSide : null, draft);
      const starts = new Set(items.map((it) => it.start));
      const start: Start = agreement.agree ? 'agreed' : starts.has('draft') ? 'draft' : preselect ? 'expert' : starts.has('common') ? 'common' : 'empty';
      return { ...base, initial, start, items };
    }
    let initial: unknown;
    let start: Start;
    if (agreement.agree) {
      initial = m.merge([a, b], question.config);
      start = 'agreed';
    } else if (preselect) {
      initial = cloneAnswer(expertSide === 0 ? a : b);
      start = 'expert';
    } else {
      const common = m.merge([a, b], question.config);
      const oneSided = deepEqual(common, a) || deepEqual(common, b);
      initial = oneSided ? empty() : common;
      start = oneSided ? 'empty' : 'common';
    }
    // A resumed claim keeps what the reviewer had already decided.
    if (draft !== undefined && draft !== null && !deepEqual(draft, initial)) {
      initial = draft;
      if (!agreement.agree) start = 'draft';
    }
    return { ...base, initial, start };
  });
  const questions = [...items.filter((q) => !q.agreement.agree), ...items.filter((q) => q.agreement.agree)];
  const conflicts = items.length - items.filter((q) => q.agreement.agree).length;
  const expertNote = preselect && conflicts > 0
    ? `${sideName(expertSide!)} is ${article(lacking[0])} ${lacking.join(' and ')} expert: their answer is preselected` +
      ` for ${conflicts === 1 ? 'the question' : `the ${conflicts} questions`} in conflict. You are not; keep it unless you are sure.`
    : null;
  return { questions, expertNote, conflicts };
}

/**
 * A conflict whose final nobody has chosen yet: neither preselected, resumed, nor touched. A question
 * asked per item needs one while any item shown (`shownItems`, by the final's conditions) does.
 */
export function needsDecision(q: QuestionReview, touched: ReadonlySet<string>, shownItems?: readonly number[]): boolean {
  if (q.items) return !q.agreement.agree && undecidedItems(q.question.id, q.items, touched, shownItems).length > 0;
  return !q.agreement.agree && (q.start === 'empty' || q.start === 'common') && !touched.has(q.question.id);
}

export function initialAnswers(plan: ReviewPlan): RowAnswer {
  return Object.fromEntries(plan.questions.map((q) => [q.question.id, q.initial]));
}

/** The answer Accept sends: every question the store holds, in schema order. */
export function finalAnswer(schema: readonly Question[], answers: RowAnswer): RowAnswer {
  const out: RowAnswer = {};
  for (const q of schema) if (answers[q.id] !== undefined && answers[q.id] !== null) out[q.id] = answers[q.id];
  return out;
}

/** Titles of required questions (shown, by the final's conditions) whose final is not complete yet. */
export function incompleteTitles(schema: ProjectSchema, answers: RowAnswer, data: Record<string, unknown>): string[] {
  const ids = new Set(incompleteQuestions(schema, answers, data));
  return schema.filter((q) => ids.has(q.id)).map((q) => q.title);
}

import { Suspense, memo, useCallback, useRef } from 'react';
import type { Question, RowAnswer } from '@shared/tasks/question';
import type { Visibility } from '@shared/tasks/conditions';
import { questionModule } from '@shared/tasks/question-module';
import { scopeItems, type ScopedAnswer } from '@shared/tasks/scope';
import type { AnswerStore } from '../../tasks/answer-store';
import { useAnswer } from '../../tasks/answer-store';
import type { ChangeMeta } from '../../tasks/types';
import { ErrorBoundary } from '../../tasks/common/ErrorBoundary';
import { ScopedEditor, itemsDone } from '../../tasks/scoped/ScopedEditor';
import { itemNoun } from '../../tasks/scoped/items';
import { useEditor } from './editors';

interface QuestionProps {
  question: Question;
  index: number;
  store: AnswerStore;
  data: Record<string, unknown>;
  prelabel: unknown;
  active: boolean;
  onActivate(index: number): void;
  /** A question asked per item whose condition holds item by item: the items shown. */
  shownItems?: readonly number[];
  activeItem: number | null;
  onActiveItem(questionId: string, item: number): void;
}

/** Done, for the header: a whole-row answer is complete; a per-item one counts its items ("2/5"). */
function progressOf(question: Question, value: unknown, data: Record<string, unknown>, shownItems?: readonly number[]) {
  if (!question.scope) {
    const done = value !== undefined && value !== null && questionModule(question).isComplete(value, question.config, data);
    return { done, count: null };
  }
  const items = shownItems ?? scopeItems(question.scope, data);
  const n = itemsDone(question, value as ScopedAnswer | undefined, data, items);
  return { done: n === items.length, count: `${n}/${items.length}` };
}

/** One question: its title, whether it is done, and its lazy editor, which owns the keyboard while active. */
const QuestionBox = memo(function QuestionBox({ question, index, store, data, prelabel, active, onActivate, shownItems, activeItem, onActiveItem }: QuestionProps) {
  const value = useAnswer(store, question.id);
  const onChange = useCallback(
    (next: unknown, meta?: ChangeMeta) => store.getState().setAnswer(question.id, next, meta),
    [store, question.id],
  );
  const onItem = useCallback((item: number) => onActiveItem(question.id, item), [onActiveItem, question.id]);
  const Editor = useEditor(question);
  const { done, count } = progressOf(question, value, data, shownItems);
  const loading = <div className="lb-editor-loading" role="status">Loading the {question.type} editor…</div>;
  return (
    <section
      className={`lb-question${active ? ' is-active' : ''}`}
      aria-labelledby={`q-${question.id}-title`}
      data-question={question.id}
      data-active={active || undefined}
      onPointerDownCapture={() => onActivate(index)}
      onFocusCapture={() => onActivate(index)}
      tabIndex={-1}
    >
      <header className="lb-question-head">
        <span className={`lb-question-status${done ? ' is-done' : ''}`} aria-hidden="true">{done ? '✓' : index + 1}</span>
        <h2 id={`q-${question.id}-title`} className="lb-question-title">{question.title}</h2>
        {question.scope && (
          <span className="lb-muted lb-question-scope" title={`Asked about each ${itemNoun(question.scope)} of “${question.scope.field}”`}>
            per {itemNoun(question.scope)} · {count} done
          </span>
        )}
        {question.required ? (
          !done && <span className="lb-req">required</span>
        ) : (
          <span className="lb-muted">optional</span>
        )}
        {active && <span className="lb-keys-live">keys live</span>}
      </header>
      {question.description && <p className="lb-question-desc">{question.description}</p>}
      {value === undefined ? null : Editor === null ? (
        loading
      ) : (
        <ErrorBoundary
          fallback={(error) => (
            <div className="lb-editor-error" role="alert">
              This editor failed: {error.message}. Your other answers are kept; reload the page to try again.
            </div>
          )}
        >
          <Suspense fallback={loading}>
            {question.scope ? (
              <ScopedEditor
                question={question}
                Editor={Editor}
                data={data}
                value={value as ScopedAnswer}
                onChange={onChange}
                prelabel={(prelabel ?? null) as ScopedAnswer | null}
                active={active}
                shown={shownItems}
                activeItem={activeItem}
                onActiveItem={onItem}
              />
            ) : (
              <Editor
                question={question}
                config={question.config}
                data={data}
                value={value}
                onChange={onChange}
                prelabel={prelabel ?? null}
                active={active}
              />
            )}
          </Suspense>
        </ErrorBoundary>
      )}
    </section>
  );
});

/** The shown items per question, the same array while its contents stay the same (boxes are memoized). */
function useStableItems(items: ReadonlyMap<string, number[]>): (questionId: string) => readonly number[] | undefined {
  const kept = useRef(new Map<string, number[]>());
  const next = new Map<string, number[]>();
  for (const [id, list] of items) {
    const before = kept.current.get(id);
    next.set(id, before && before.length === list.length && before.every((x, i) => x === list[i]) ? before : list);
  }
  kept.current = next;
  return (id) => next.get(id);
}

export function QuestionPanel({
  schema,
  store,
  data,
  prelabels,
  activeIndex,
  onActivate,
  rowKey,
  visibility,
  activeItems,
  onActiveItem,
}: {
  schema: readonly Question[];
  store: AnswerStore;
  data: Record<string, unknown>;
  prelabels: RowAnswer | null;
  activeIndex: number;
  onActivate(index: number): void;
  /** Editors keep internal state (selection, zoom): a new row mounts fresh ones. */
  rowKey: number;
  /** Questions (and items) the answer so far hides: not shown, not asked; their drafts are kept. */
  visibility: Visibility;
  activeItems: Readonly<Record<string, number>>;
  onActiveItem(questionId: string, item: number): void;
}) {
  const shownItems = useStableItems(visibility.items);
  return (
    <div className="lb-questions" aria-label="Questions" role="region">
      {schema.map((q, i) =>
        visibility.hidden.has(q.id) ? null : (
          <QuestionBox
            key={`${rowKey}:${q.id}`}
            question={q}
            index={i}
            store={store}
            data={data}
            prelabel={prelabels?.[q.id]}
            active={i === activeIndex}
            onActivate={onActivate}
            shownItems={shownItems(q.id)}
            activeItem={activeItems[q.id] ?? null}
            onActiveItem={onActiveItem}
          />
        ),
      )}
    </div>
  );
}

import { Suspense, memo, useCallback } from 'react';
import type { Question, RowAnswer } from '@shared/tasks/question';
import { questionModule } from '@shared/tasks/question-module';
import type { AnswerStore } from '../../tasks/answer-store';
import { useAnswer } from '../../tasks/answer-store';
import type { ChangeMeta } from '../../tasks/types';
import { ErrorBoundary } from '../../tasks/common/ErrorBoundary';
import { useEditor } from './editors';

interface QuestionProps {
  question: Question;
  index: number;
  store: AnswerStore;
  data: Record<string, unknown>;
  prelabel: unknown;
  active: boolean;
  onActivate(index: number): void;
}

/** One question: its title, whether it is done, and its lazy editor, which owns the keyboard while active. */
const QuestionBox = memo(function QuestionBox({ question, index, store, data, prelabel, active, onActivate }: QuestionProps) {
  const value = useAnswer(store, question.id);
  const onChange = useCallback(
    (next: unknown, meta?: ChangeMeta) => store.getState().setAnswer(question.id, next, meta),
    [store, question.id],
  );
  const Editor = useEditor(question);
  const done = value !== undefined && value !== null && questionModule(question).isComplete(value, question.config, data);
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
        {question.required ? (
          !done && <span className="lb-req">required</span>
        ) : (
          <span className="lb-muted">optional</span>
        )}
        {active && <span className="lb-keys-live">keys live</span>}
      </header>
      {question.description && <p className="lb-question-desc">{question.description}</p>}
      {value === undefined ? null : Editor === null ? (
        <div className="lb-editor-loading" role="status">Loading the {question.type} editor…</div>
      ) : (
        <ErrorBoundary
          fallback={(error) => (
            <div className="lb-editor-error" role="alert">
              This editor failed: {error.message}. Your other answers are kept; reload the page to try again.
            </div>
          )}
        >
          <Suspense fallback={<div className="lb-editor-loading" role="status">Loading the {question.type} editor…</div>}>
            <Editor
              question={question}
              config={question.config}
              data={data}
              value={value}
              onChange={onChange}
              prelabel={prelabel ?? null}
              active={active}
            />
          </Suspense>
        </ErrorBoundary>
      )}
    </section>
  );
});

export function QuestionPanel({
  schema,
  store,
  data,
  prelabels,
  activeIndex,
  onActivate,
  rowKey,
}: {
  schema: readonly Question[];
  store: AnswerStore;
  data: Record<string, unknown>;
  prelabels: RowAnswer | null;
  activeIndex: number;
  onActivate(index: number): void;
  /** Editors keep internal state (selection, zoom): a new row mounts fresh ones. */
  rowKey: number;
}) {
  return (
    <div className="lb-questions" aria-label="Questions" role="region">
      {schema.map((q, i) => (
        <QuestionBox
          key={`${rowKey}:${q.id}`}
          question={q}
          index={i}
          store={store}
          data={data}
          prelabel={prelabels?.[q.id]}
          active={i === activeIndex}
          onActivate={onActivate}
        />
      ))}
    </div>
  );
}

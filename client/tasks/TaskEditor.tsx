import { Suspense, type ComponentType } from 'react';
import type { Question } from '@shared/tasks/question';
import { questionModule } from '@shared/tasks/question-module';
import { clientTaskModule } from './registry';
import { ErrorBoundary } from './common/ErrorBoundary';
import type { ChangeMeta, EditorProps } from './types';
import './common/common.css';

export interface TaskEditorProps {
  question: Question;
  data: Record<string, unknown>;
  /** The question's answer; absent means the type's empty answer. */
  value: unknown;
  onChange(next: unknown, meta?: ChangeMeta): void;
  prelabel?: unknown;
  readOnly?: boolean;
  active: boolean;
}

/**
 * One question's editor, loaded on first use, inside its own Suspense and error boundary (a broken
 * question, e.g. a hotkey conflict in its config, does not take the others down).
 */
export function TaskEditor({ question, data, value, onChange, prelabel, readOnly, active }: TaskEditorProps) {
  // The union of all editors' props collapses to this once the question's type is known at run time.
  const Editor = clientTaskModule(question.type).Editor as unknown as ComponentType<EditorProps<unknown, unknown>>;
  const v = value ?? questionModule(question).empty(question.config);
  return (
    <ErrorBoundary
      fallback={(error) => (
        <div className="tk-status" role="alert">
          The editor of “{question.title}” failed: {error.message}
        </div>
      )}
      onError={(error, info) => console.error(`editor of "${question.title}" failed`, error, info.componentStack)}
    >
      <Suspense fallback={<div className="tk-muted">Loading the editor…</div>}>
        <Editor
          question={question}
          config={question.config}
          data={data}
          value={v}
          onChange={onChange}
          prelabel={prelabel ?? null}
          readOnly={readOnly}
          active={active}
        />
      </Suspense>
    </ErrorBoundary>
  );
}

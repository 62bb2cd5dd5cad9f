import { Component, Suspense, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import type { Question } from '@shared/tasks/question';
import { taskModule } from '@shared/tasks/registry';
import { clientTaskModule } from './registry';
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

class EditorBoundary extends Component<{ title: string; children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(`editor of "${this.props.title}" failed`, error, info.componentStack);
  }
  override render() {
    if (this.state.error)
      return (
        <div className="tk-status" role="alert">
          The editor of “{this.props.title}” failed: {this.state.error.message}
        </div>
      );
    return this.props.children;
  }
}

/**
 * One question's editor, loaded on first use, inside its own Suspense and error boundary (a broken
 * question, e.g. a hotkey conflict in its config, does not take the others down).
 */
export function TaskEditor({ question, data, value, onChange, prelabel, readOnly, active }: TaskEditorProps) {
  // The union of all editors' props collapses to this once the question's type is known at run time.
  const Editor = clientTaskModule(question.type).Editor as unknown as ComponentType<EditorProps<unknown, unknown>>;
  const v = value ?? taskModule(question.type).empty(question.config);
  return (
    <EditorBoundary title={question.title}>
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
    </EditorBoundary>
  );
}

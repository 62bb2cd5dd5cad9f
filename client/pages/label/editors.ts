import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Question } from '@shared/tasks/question';
import type { EditorProps } from '../../tasks/types';

type EditorModule = { default: ComponentType<EditorProps<any, any>> };

// A glob rather than the per-type modules: each editor lands in its own commit, and a type whose editor
// is not there yet must not break the page for the others (it says so in its question box instead).
const loaders = import.meta.glob('../../tasks/*/Editor.tsx') as Record<string, () => Promise<EditorModule>>;

const byType = new Map<string, () => Promise<EditorModule>>();
for (const [path, load] of Object.entries(loaders)) {
  const type = /tasks\/([^/]+)\/Editor\.tsx$/.exec(path)?.[1];
  if (type) byType.set(type, load);
}

const lazyEditors = new Map<string, LazyExoticComponent<ComponentType<EditorProps<any, any>>>>();

/** The lazy editor of a task type, or null when that type has no editor in this build. */
export function editorFor(type: string): LazyExoticComponent<ComponentType<EditorProps<any, any>>> | null {
  const load = byType.get(type);
  if (!load) return null;
  let c = lazyEditors.get(type);
  if (!c) {
    c = lazy(load);
    lazyEditors.set(type, c);
  }
  return c;
}

/** Starts downloading the editors a schema needs, so the row after this one opens without a spinner. */
export function preloadEditors(schema: readonly Question[]): Promise<unknown> {
  return Promise.all([...new Set(schema.map((q) => q.type))].map((t) => byType.get(t)?.().catch(() => undefined)));
}

/**
 * The data fields a question's editor draws itself; the data panel shows every other field, so nothing is
 * shown twice and nothing is hidden.
 */
export function fieldsShownByEditor(q: Question): string[] {
  switch (q.type) {
    case 'ner':
    case 'bbox':
    case 'audio':
      return [q.config.field];
    case 'ranking':
      return [q.config.promptField, q.config.responsesField];
    case 'text':
      return q.config.sourceField ? [q.config.sourceField] : [];
    default:
      return [];
  }
}

/** The fields questions point at (shown first, in schema order): what the labeler is asked about. */
export function fieldsAskedAbout(q: Question): string[] {
  switch (q.type) {
    case 'classification':
    case 'rating':
    case 'text':
      return q.config.field ? [q.config.field] : [];
    default:
      return [];
  }
}

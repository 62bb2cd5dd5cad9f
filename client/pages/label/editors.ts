import type { ComponentType, LazyExoticComponent } from 'react';
import type { Question } from '@shared/tasks/question';
import { moduleOf } from '../../tasks/registry';
import type { EditorProps } from '../../tasks/types';

/** The lazy editor of a question's task type. */
export function editorFor(q: Question): LazyExoticComponent<ComponentType<EditorProps<any, any>>> {
  return moduleOf(q).Editor;
}

/** Starts downloading the editors a schema needs, so the row after this one opens without a spinner. */
export function preloadEditors(schema: readonly Question[]): Promise<unknown> {
  const types = new Map(schema.map((q) => [q.type, q]));
  return Promise.all([...types.values()].map((q) => moduleOf(q).preloadEditor().catch(() => undefined)));
}

/**
 * The data fields a question's editor draws itself; the data panel shows every other field, so nothing is
 * shown twice and nothing is hidden.
 */
export const fieldsShownByEditor = (q: Question): string[] => moduleOf(q).shownFields(q.config);

/** The fields questions point at (shown first, in schema order): what the labeler is asked about. */
export const fieldsAskedAbout = (q: Question): string[] => moduleOf(q).askedFields(q.config);

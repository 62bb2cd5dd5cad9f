import { useEffect, useState, type ComponentType } from 'react';
import type { Question } from '@shared/tasks/question';
import type { TaskType } from '@shared/tasks/types';
import { moduleOf } from '../../tasks/registry';
import type { ClientTaskModule, EditorProps } from '../../tasks/types';

type AnyEditor = ComponentType<EditorProps<any, any>>;
type AnyModule = ClientTaskModule<any>;

const loadedEditors = new WeakMap<AnyModule, AnyEditor>();
const loadingEditors = new WeakMap<AnyModule, Promise<void>>();

function loadEditor(m: AnyModule): Promise<void> {
  let pending = loadingEditors.get(m);
  if (!pending) {
    pending = m.preloadEditor().then(
      (mod) => {
        const Editor = (mod as { default?: AnyEditor } | undefined)?.default;
        if (Editor) loadedEditors.set(m, Editor);
      },
      (error: unknown) => {
        // A failed download (a deploy, a dropped connection) is tried again by the next row.
        loadingEditors.delete(m);
        throw error;
      },
    );
    loadingEditors.set(m, pending);
  }
  return pending;
}

/**
 * The editor of a question's task type, or null while its code downloads. Not a Suspense boundary:
 * React 19 holds content revealed after a Suspense fallback for up to 300 ms (its throttled reveal), which
 * on a first open cost more than the download itself. Once loaded, the module's component is rendered
 * directly; a failed download falls back to the lazy one, whose error reaches the editor's ErrorBoundary.
 * An instance keeps the component it first got: switching from the lazy one to the loaded one would
 * remount the editor and lose its state.
 */
export function useEditor(q: Question): AnyEditor | null {
  const m = moduleOf(q);
  const [Editor, setEditor] = useState<AnyEditor | null>(() => {
    const loaded = loadedEditors.get(m);
    if (!loaded) loadEditor(m).catch(() => undefined);
    return loaded ?? null;
  });
  useEffect(() => {
    if (Editor) return;
    let live = true;
    loadEditor(m).then(
      () => live && setEditor(() => loadedEditors.get(m) ?? m.Editor),
      () => live && setEditor(() => m.Editor),
    );
    return () => {
      live = false;
    };
  }, [m, Editor]);
  return Editor;
}

/** Starts downloading the editors a schema needs, so the row after this one opens without a spinner. */
export function preloadEditors(schema: readonly { type: TaskType }[]): Promise<unknown> {
  const types = new Map(schema.map((q) => [q.type, moduleOf(q)]));
  return Promise.all([...types.values()].map((m) => loadEditor(m).catch(() => undefined)));
}

/**
 * The data fields a question's editor draws itself; the data panel shows every other field, so nothing is
 * shown twice and nothing is hidden.
 */
export const fieldsShownByEditor = (q: Question): string[] => moduleOf(q).shownFields(q.config);

/** The fields questions point at (shown first, in schema order): what the labeler is asked about, a scope's field included. */
export const fieldsAskedAbout = (q: Question): string[] => [...moduleOf(q).askedFields(q.config), ...(q.scope ? [q.scope.field] : [])];

import { Suspense, lazy, type ComponentType } from 'react';
import { ErrorBoundary } from '../common/ErrorBoundary';
import type { EditorProps } from '../types';
import type { CompareViewProps } from './types';
import './compare-common.css';

type EditorModule = { default: ComponentType<EditorProps<any, any>> };

/**
 * The lazy editor of a type folder, from `import.meta.glob('./Editor.tsx')` in its Compare.tsx. A glob
 * rather than a plain `import('./Editor')` because editors and comparison views land separately: a view
 * whose editor is not there yet still builds, and says so instead of failing the whole review page.
 */
export function editorFromGlob<C, A>(modules: Record<string, () => Promise<unknown>>): ComponentType<EditorProps<C, A>> | null {
  const load = Object.values(modules)[0];
  if (!load) return null;
  return lazy(load as () => Promise<EditorModule>) as unknown as ComponentType<EditorProps<C, A>>;
}

/**
 * The final answer in the same editor the annotators use. The editor is lazy (Konva, wavesurfer) and may
 * fail to load; a failure stays inside this box so the take buttons keep working.
 */
export function FinalEditor<C, A>({
  Editor,
  view,
}: {
  Editor: ComponentType<EditorProps<C, A>> | null;
  view: Pick<CompareViewProps<C, A>, 'question' | 'config' | 'data' | 'final' | 'onFinalChange' | 'active'>;
}) {
  const { question, config, data, final: value, onFinalChange: onChange, active = false } = view;
  return (
    <section className="cmp-final" aria-label="Final answer">
      <div className="cmp-version-head cmp-final-head">
        <strong className="cmp-name">Final</strong>
      </div>
      {Editor === null ? (
        <div className="cmp-muted">This task type has no editor yet: take a version above.</div>
      ) : (
        <ErrorBoundary
          fallback={(error) => (
            <div className="cmp-editor-error" role="alert">
              The editor could not be loaded: {error.message}. The versions above can still be taken.
            </div>
          )}
        >
          <Suspense fallback={<div className="cmp-loading">Loading editor…</div>}>
            {/* No prelabel here: the comparison already shows it as a reference with its own take button. */}
            <Editor question={question} config={config} data={data} value={value} onChange={(next) => onChange(next)} active={active} />
          </Suspense>
        </ErrorBoundary>
      )}
    </section>
  );
}

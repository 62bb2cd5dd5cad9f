import { Component, lazy, Suspense, useEffect, useMemo, useState, type ComponentType, type ReactNode } from 'react';
import type { ProjectSchema } from '@shared/tasks/question';
import { questionModule } from '@shared/tasks/question-module';
import type { TaskType } from '@shared/tasks/types';
import { HotkeyDispatcher } from '../../../hotkeys/dispatcher';
import { HotkeyContext } from '../../../hotkeys/useHotkeys';
import type { EditorProps } from '../../../tasks/types';

// By glob, like the comparison views: a type whose editor has not landed yet shows a note instead of
// breaking the whole preview, and each editor (Konva, wavesurfer) still loads only when a question needs it.
const editorModules = import.meta.glob('../../../tasks/*/Editor.tsx');
const editors = new Map<string, ComponentType<EditorProps<any, any>>>();
function editorOf(type: TaskType): ComponentType<EditorProps<any, any>> | null {
  const key = `../../../tasks/${type}/Editor.tsx`;
  const load = editorModules[key];
  if (!load) return null;
  let E = editors.get(key);
  if (!E) {
    E = lazy(load as () => Promise<{ default: ComponentType<EditorProps<any, any>> }>);
    editors.set(key, E);
  }
  return E;
}

class Boundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null; key: string }> {
  override state = { error: null as Error | null, key: this.props.resetKey };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  static getDerivedStateFromProps(props: { resetKey: string }, state: { key: string }) {
    // A new config is a new chance: the lead may just have fixed what broke the editor.
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }
  override render() {
    if (this.state.error) return <div className="inline-error" role="alert">The editor cannot show this config: {this.state.error.message}</div>;
    return this.props.children;
  }
}

function FieldValue({ value }: { value: unknown }) {
  if (typeof value === 'string') {
    if (/^(data:image\/|\/api\/media\/|https?:\/\/.*\.(png|jpe?g|gif|webp|svg)$)/i.test(value)) return <img className="preview-img" src={value} alt="" />;
    return <div className="preview-text">{value}</div>;
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return <ol className="preview-list">{value.map((v, i) => <li key={i}>{v as string}</li>)}</ol>;
  return <pre className="preview-json">{JSON.stringify(value, null, 2)}</pre>;
}

/**
 * The annotator's screen for one row, with the real editors: the row's fields, then every question.
 * Answers here are scratch values: they reset when a question's config changes.
 */
export function Preview({ schema, data, prelabels, source }: {
  schema: ProjectSchema;
  data: Record<string, unknown>;
  prelabels: Record<string, unknown> | null;
  source: ReactNode;
}) {
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [active, setActive] = useState<number>(-1);
  const dispatcher = useMemo(() => new HotkeyDispatcher(), []);
  useEffect(() => dispatcher.attach(window), [dispatcher]);
  const keyOf = (q: ProjectSchema[number]) => `${q.id}:${q.type}:${JSON.stringify(q.config)}`;

  return (
    <HotkeyContext.Provider value={dispatcher}>
      <div className="preview" aria-label="Annotator preview">
        <div className="preview-source muted">{source}</div>
        <dl className="preview-data">
          {Object.entries(data).map(([k, v]) => (
            <div key={k}>
              <dt><code>{k}</code></dt>
              <dd><FieldValue value={v} /></dd>
            </div>
          ))}
          {Object.keys(data).length === 0 && <div className="muted">No data fields.</div>}
        </dl>
        {schema.map((q, i) => {
          const Editor = editorOf(q.type);
          const key = keyOf(q);
          const m = questionModule(q);
          const value = answers[key] ?? m.empty(q.config);
          const pre = prelabels?.[q.id];
          return (
            <section
              key={`${i}:${q.id}`} className={i === active ? 'preview-question active' : 'preview-question'}
              onFocusCapture={() => setActive(i)} onMouseDown={() => setActive(i)} aria-label={`Preview: ${q.title}`}
            >
              <h3>{q.title}{!q.required && <span className="muted"> (optional)</span>}</h3>
              {q.description && <p className="muted">{q.description}</p>}
              {Editor ? (
                <Boundary resetKey={key}>
                  <Suspense fallback={<div className="muted" role="status">Loading the {q.type} editor…</div>}>
                    <Editor
                      question={q} config={q.config} data={data} value={value}
                      prelabel={pre === undefined ? null : pre}
                      onChange={(next) => setAnswers((a) => ({ ...a, [key]: next }))}
                      active={i === active}
                    />
                  </Suspense>
                </Boundary>
              ) : (
                <div className="notice">The {q.type} editor is not part of this build yet; the question is saved and validated all the same.</div>
              )}
            </section>
          );
        })}
      </div>
    </HotkeyContext.Provider>
  );
}

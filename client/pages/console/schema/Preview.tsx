import { Component, lazy, Suspense, useEffect, useMemo, useState, type ComponentType, type ReactNode } from 'react';
import type { ProjectSchema, Question } from '@shared/tasks/question';
import { isConversation } from '@shared/conversation';
import { scopeItems, type ScopedAnswer } from '@shared/tasks/scope';
import { questionModule } from '@shared/tasks/question-module';
import type { TaskType } from '@shared/tasks/types';
import { HotkeyDispatcher } from '../../../hotkeys/dispatcher';
import { HotkeyContext } from '../../../hotkeys/useHotkeys';
import type { EditorProps } from '../../../tasks/types';
import { Transcript } from '../../../components/rich/Transcript';
import { ScopedEditor } from '../../../tasks/scoped/ScopedEditor';
import { shownQuestions } from '../../../tasks/shown-questions';
import './preview.css';

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

function FieldValue({ value, focus }: { value: unknown; focus?: number }) {
  if (typeof value === 'string') {
    if (/^(data:image\/|\/api\/media\/|https?:\/\/.*\.(png|jpe?g|gif|webp|svg)$)/i.test(value)) return <img className="preview-img" src={value} alt="" />;
    return <div className="preview-text">{value}</div>;
  }
  if (isConversation(value)) return <Transcript messages={value} activeTurn={focus} />;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    return <ol className="preview-list">{value.map((v, i) => <li key={i} className={i === focus ? 'is-focus' : undefined}>{v as string}</li>)}</ol>;
  return <pre className="preview-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** “Harm” is shown when “Safety” is unsafe: what a hidden question waits for, in the lead's words. */
function conditionText(schema: ProjectSchema, q: Question): string {
  const parent = schema.find((p) => p.id === q.showIf?.question);
  const equals = q.showIf ? (Array.isArray(q.showIf.equals) ? q.showIf.equals.join(' or ') : q.showIf.equals) : '';
  return `Shown when “${parent?.title ?? q.showIf?.question}” is ${equals}${q.scope && parent?.scope ? `, for those ${q.scope.each}s` : ''}.`;
}

/**
 * The annotator's screen for one row, with the real editors: the row's fields, then every question, each
 * asked per turn or response where its scope says so, and shown only when its condition holds (a hidden
 * question says what it waits for). Answers here are scratch values: they reset when a question's config changes.
 */
export function Preview({ schema, data, prelabels, source }: {
  schema: ProjectSchema;
  data: Record<string, unknown>;
  prelabels: Record<string, unknown> | null;
  source: ReactNode;
}) {
  const [answers, setAnswers] = useState<Record<string, unknown>>({});
  const [active, setActive] = useState<number>(-1);
  const [activeItems, setActiveItems] = useState<Record<string, number>>({});
  const dispatcher = useMemo(() => new HotkeyDispatcher(), []);
  useEffect(() => dispatcher.attach(window), [dispatcher]);
  const keyOf = (q: Question) => `${q.id}:${q.type}:${JSON.stringify(q.config)}:${JSON.stringify(q.scope ?? null)}`;
  // Conditions read answers by question id; the scratch answers are kept per config (see keyOf).
  const byId = Object.fromEntries(schema.map((q) => [q.id, answers[keyOf(q)] ?? questionModule(q).empty(q.config)]));
  const vis = shownQuestions(schema, byId, data);
  const activeQ = schema[active];
  const focus = activeQ?.scope ? (activeItems[activeQ.id] ?? (vis.items.get(activeQ.id) ?? scopeItems(activeQ.scope, data))[0]) : undefined;

  return (
    <HotkeyContext.Provider value={dispatcher}>
      <div className="preview" aria-label="Annotator preview">
        <div className="preview-source muted">{source}</div>
        <dl className="preview-data">
          {Object.entries(data).map(([k, v]) => (
            <div key={k}>
              <dt><code>{k}</code></dt>
              <dd><FieldValue value={v} focus={activeQ?.scope?.field === k ? focus : undefined} /></dd>
            </div>
          ))}
          {Object.keys(data).length === 0 && <div className="muted">No data fields.</div>}
        </dl>
        {schema.map((q, i) => {
          const Editor = editorOf(q.type);
          const key = keyOf(q);
          const value = byId[q.id];
          const pre = prelabels?.[q.id];
          const onChange = (next: unknown) => setAnswers((a) => ({ ...a, [key]: next }));
          if (vis.hidden.has(q.id))
            return <p key={`${i}:${q.id}`} className="preview-hidden muted" aria-label={`Preview: ${q.title} (hidden)`}>“{q.title}” is hidden. {conditionText(schema, q)}</p>;
          return (
            <section
              key={`${i}:${q.id}`} className={i === active ? 'preview-question active' : 'preview-question'}
              onFocusCapture={() => setActive(i)} onMouseDown={() => setActive(i)} aria-label={`Preview: ${q.title}`}
            >
              <h3>{q.title}{!q.required && <span className="muted"> (optional)</span>}</h3>
              {q.description && <p className="muted">{q.description}</p>}
              {q.showIf && <p className="muted">{conditionText(schema, q)}</p>}
              {Editor ? (
                <Boundary resetKey={key}>
                  <Suspense fallback={<div className="muted" role="status">Loading the {q.type} editor…</div>}>
                    {q.scope ? (
                      <ScopedEditor
                        question={q} Editor={Editor} data={data} value={value as ScopedAnswer} onChange={onChange}
                        prelabel={(pre ?? null) as ScopedAnswer | null} active={i === active} shown={vis.items.get(q.id)}
                        activeItem={activeItems[q.id] ?? null} onActiveItem={(item) => setActiveItems((m) => ({ ...m, [q.id]: item }))}
                      />
                    ) : (
                      <Editor
                        question={q} config={q.config} data={data} value={value}
                        prelabel={pre === undefined ? null : pre}
                        onChange={onChange}
                        active={i === active}
                      />
                    )}
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

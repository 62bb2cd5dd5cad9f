import { act, render } from '@testing-library/react';
import { useEffect, useState, type ComponentType } from 'react';
import { useStore } from 'zustand';
import { vi } from 'vitest';
import { questionSchema, type Question, type QuestionInput } from '@shared/tasks/question';
import { questionModule } from '@shared/tasks/question-module';
import { HotkeyDispatcher } from '../hotkeys/dispatcher';
import { HotkeyContext } from '../hotkeys/useHotkeys';
import { createAnswerStore, useUndoRedoHotkeys, type AnswerStore } from '../tasks/answer-store';
import type { EditorProps } from '../tasks/types';

interface Options<A> {
  data?: Record<string, unknown>;
  prelabel?: A | null;
  value?: A;
  readOnly?: boolean;
  active?: boolean;
}

/**
 * Renders an editor the way the workbench will: value from the answer store, onChange into it, its own
 * hotkey dispatcher on the window, and the global undo/redo keys.
 */
export function renderEditor<C, A>(Editor: ComponentType<EditorProps<C, A>>, input: QuestionInput, options: Options<A> = {}) {
  const question: Question = questionSchema.parse(input);
  const config = question.config as C;
  const empty = questionModule(question).empty(question.config) as A;
  const store: AnswerStore = createAnswerStore(options.value === undefined ? {} : { [question.id]: options.value });
  const dispatcher = new HotkeyDispatcher(false);
  const onChange = vi.fn((next: A, meta?: { coalesce?: string }) => store.getState().setAnswer(question.id, next, meta));
  let setActive: (a: boolean) => void = () => {};

  function Harness() {
    const [active, set] = useState(options.active ?? true);
    setActive = set;
    useEffect(() => dispatcher.attach(window), []);
    useUndoRedoHotkeys(store);
    const value = (useStore(store, (s) => s.answers[question.id]) as A | undefined) ?? empty;
    return (
      <Editor
        question={question}
        config={config}
        data={options.data ?? {}}
        value={value}
        onChange={onChange}
        prelabel={options.prelabel}
        readOnly={options.readOnly}
        active={active}
      />
    );
  }

  const utils = render(
    <HotkeyContext.Provider value={dispatcher}>
      <Harness />
    </HotkeyContext.Provider>,
  );
  return {
    ...utils,
    store,
    dispatcher,
    onChange,
    question,
    /** The current answer of the question. */
    answer: () => (store.getState().answers[question.id] ?? empty) as A,
    /** The last value passed to onChange. */
    last: () => onChange.mock.calls.at(-1)?.[0] as A,
    setActive: (a: boolean) => act(() => setActive(a)),
  };
}

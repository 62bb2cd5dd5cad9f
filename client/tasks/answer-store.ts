import { createStore, useStore, type StoreApi } from 'zustand';
import { temporal, type TemporalState } from 'zundo';
import type { RowAnswer } from '@shared/tasks/question';
import { useActionHotkeys } from '../hotkeys/keymap';
import type { ChangeMeta } from './types';

/**
 * The whole row's answer in one store, so undo/redo is one history across every question of the row
 * and every editor gets it for free by calling `onChange`.
 */
export interface AnswerState {
  answers: RowAnswer;
  setAnswer(questionId: string, value: unknown, meta?: ChangeMeta): void;
  /** Starts a row (or restores its draft): replaces the answers and forgets the history. */
  reset(answers: RowAnswer): void;
  undo(): void;
  redo(): void;
}

type Tracked = Pick<AnswerState, 'answers'>;
export type AnswerStore = StoreApi<AnswerState> & { temporal: StoreApi<TemporalState<Tracked>> };

export interface AnswerStoreOptions {
  /** Edits of one coalescing stream closer together than this merge into one undo step. */
  coalesceMs?: number;
  /** Undo steps kept. */
  limit?: number;
  now?: () => number;
}

export function createAnswerStore(initial: RowAnswer = {}, options: AnswerStoreOptions = {}): AnswerStore {
  const { coalesceMs = 1000, limit = 300, now = Date.now } = options;
  // The last coalescing stream and when it last changed; typing a sentence is one step, not forty.
  let stream: { key: string; at: number } | null = null;
  let store: AnswerStore;

  const withoutHistory = (fn: () => void) => {
    const t = store.temporal.getState();
    t.pause();
    try {
      fn();
    } finally {
      t.resume();
    }
  };

  store = createStore<AnswerState>()(
    temporal(
      (set, get) => ({
        answers: initial,
        setAnswer(questionId, value, meta) {
          if (get().answers[questionId] === value) return;
          const key = meta?.coalesce ? `${questionId}\u0000${meta.coalesce}` : null;
          const t = now();
          const merge = key !== null && stream !== null && stream.key === key && t - stream.at < coalesceMs;
          stream = key === null ? null : { key, at: t };
          const apply = () => set((s) => ({ answers: { ...s.answers, [questionId]: value } }));
          if (merge) withoutHistory(apply);
          else apply();
        },
        reset(answers) {
          stream = null;
          withoutHistory(() => set({ answers }));
          store.temporal.getState().clear();
        },
        undo() {
          stream = null;
          store.temporal.getState().undo();
        },
        redo() {
          stream = null;
          store.temporal.getState().redo();
        },
      }),
      {
        partialize: (s): Tracked => ({ answers: s.answers }),
        equality: (a, b) => a.answers === b.answers,
        limit,
      },
    ),
  ) as AnswerStore;
  return store;
}

/** The workbench's store. */
export const answerStore = createAnswerStore();

/** One question's answer, re-rendering only when it changes. */
export function useAnswer<A = unknown>(store: AnswerStore, questionId: string): A | undefined {
  return useStore(store, (s) => s.answers[questionId] as A | undefined);
}

export function useHistory(store: AnswerStore): { canUndo: boolean; canRedo: boolean } {
  const canUndo = useStore(store.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo };
}

/** Undo / redo over the whole row (Ctrl+Z, Ctrl+Shift+Z or Ctrl+Y by default), from anywhere, text boxes included. */
export function useUndoRedoHotkeys(store: AnswerStore): void {
  useActionHotkeys('label', {
    undo: { allowInInputs: true, run: () => store.getState().undo() },
    redo: { allowInInputs: true, run: () => store.getState().redo() },
  }, [store]);
}

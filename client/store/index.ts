import { create } from 'zustand';
import { setUnauthorizedHandler } from '../api/client';
import type { AppState } from './types';
import { createSessionSlice } from './session';
import { createToastSlice } from './toasts';
import { createProjectsSlice } from './projects';

export type { AppState, Slice } from './types';

/**
 * The one store. Read it with one-field selectors, `useStore((s) => s.user)`, so a component re-renders
 * only when that field changes.
 */
export const useStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createToastSlice(...a),
  ...createProjectsSlice(...a),
}));

setUnauthorizedHandler((err) => useStore.getState().sessionExpired(err.message));

const initialState = useStore.getState();
/** Back to a fresh store (tests, and nothing else, need this). */
export function resetStore() {
  useStore.setState(initialState, true);
}

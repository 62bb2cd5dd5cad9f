import type { StateCreator } from 'zustand';
import type { SessionSlice } from './session';
import type { ToastSlice } from './toasts';
import type { ProjectsSlice } from './projects';

/**
 * The whole client state: one intersection of slices. A new feature adds its slice file, one line here and
 * one line in store/index.ts.
 */
export type AppState = SessionSlice & ToastSlice & ProjectsSlice;

/** The type of a slice creator: sees (and may call into) the whole state, returns its own part. */
export type Slice<T> = StateCreator<AppState, [], [], T>;

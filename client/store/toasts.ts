import type { Slice } from './types';

export type ToastKind = 'success' | 'error' | 'info';
export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
}

export interface ToastSlice {
  toasts: Toast[];
  /** Shows a short message at the bottom right; errors stay until dismissed, others fade after a few seconds. */
  toast: (kind: ToastKind, text: string) => void;
  dismissToast: (id: number) => void;
}

let nextId = 1;

export const createToastSlice: Slice<ToastSlice> = (set, get) => ({
  toasts: [],
  toast(kind, text) {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] });
    if (kind !== 'error') setTimeout(() => get().dismissToast(id), 4000);
  },
  dismissToast(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
});

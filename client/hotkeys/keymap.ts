import { useSyncExternalStore } from 'react';
import {
  describeAction,
  effectiveKeymap,
  KEYMAP,
  type KeymapActionId,
  type KeymapContext,
  type KeymapOverrides,
} from '@shared/keymap/actions';
import type { HotkeyBinding, HotkeyScope } from './dispatcher';
import { useHotkeys } from './useHotkeys';

/**
 * The signed-in person's keymap on this page: the shared defaults (shared/keymap/actions.ts) with their
 * remaps over them. Loaded once from the account (`/api/me/keymap`) and replaced when the account page
 * saves, so every page's bindings re-register with the new keys.
 */
let overrides: KeymapOverrides = {};
let keys = effectiveKeymap(overrides);
const listeners = new Set<() => void>();

export function setKeymapOverrides(next: KeymapOverrides): void {
  overrides = next;
  keys = effectiveKeymap(next);
  for (const l of listeners) l();
}

export function keymapOverrides(): KeymapOverrides {
  return overrides;
}

/** An action's current keys (the person's remap, else the default). */
export function keysOf(id: KeymapActionId): readonly string[] {
  return keys[id];
}

export function useKeymap(): Record<KeymapActionId, readonly string[]> {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => keys,
  );
}

/** What a page gives for one of its actions: what it does, and optionally when it applies. */
export type ActionHandler = Pick<HotkeyBinding, 'run'> & Partial<Pick<HotkeyBinding, 'when' | 'allowInInputs' | 'repeat'>>;

/** The dispatcher binding of a keymap action on one screen. */
export function actionBinding(id: KeymapActionId, context: KeymapContext, handler: ActionHandler, scope: HotkeyScope = 'global'): HotkeyBinding {
  return { id, keys: keysOf(id), scope, group: KEYMAP[id].group, description: describeAction(id, context), ...handler };
}

/**
 * Registers a screen's keymap actions, with the person's keys; a remap re-registers them. Only actions the
 * keymap lists for this context can be bound here (checked by type), so a page cannot invent its own key.
 */
export function useActionHotkeys(context: KeymapContext, handlers: Partial<Record<KeymapActionId, ActionHandler>>, deps: readonly unknown[] = []): void {
  const map = useKeymap();
  const bindings = (Object.keys(handlers) as KeymapActionId[]).map((id) => {
    if (!(KEYMAP[id].contexts as readonly string[]).includes(context)) throw new Error(`keymap action "${id}" is not bound on ${context}`);
    return actionBinding(id, context, handlers[id]!);
  });
  useHotkeys(bindings, [map, Object.keys(handlers).join(','), ...deps]);
}

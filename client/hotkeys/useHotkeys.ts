import { createContext, useContext, useEffect, useLayoutEffect, useRef, useSyncExternalStore, type DependencyList } from 'react';
import { hotkeys, type HotkeyBinding, type HotkeyDispatcher, type HotkeyScope, type RegisteredBinding } from './dispatcher';

/** The dispatcher components register with; tests provide a fresh one. */
export const HotkeyContext = createContext<HotkeyDispatcher>(hotkeys);

export function useHotkeyDispatcher(): HotkeyDispatcher {
  return useContext(HotkeyContext);
}

/**
 * Registers bindings while the component is mounted; re-registers when `deps` change. A conflict throws
 * during the commit, so it surfaces in the error boundary and in tests rather than as a dead key.
 * `run` and `when` always see the latest render's closures, so deps only need what changes the
 * binding list itself (its keys, ids, descriptions).
 */
export function useHotkeys(bindings: readonly HotkeyBinding[], deps: DependencyList): void {
  const dispatcher = useHotkeyDispatcher();
  const latest = useRef(bindings);
  useLayoutEffect(() => {
    latest.current = bindings;
  });
  useLayoutEffect(() => {
    dispatcher.attach();
    const current = (b: HotkeyBinding) => latest.current.find((x) => x.id === b.id && x.scope === b.scope) ?? b;
    const proxied = latest.current.map((b): HotkeyBinding => ({
      ...b,
      run: (e) => current(b).run(e),
      when: b.when ? () => current(b).when?.() ?? true : undefined,
    }));
    return dispatcher.register(proxied);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dispatcher, ...deps]);
}

/**
 * Makes a question's scope the live one while `active` is true (and names it in the help overlay).
 * Giving up the scope only clears it when no other question has taken it meanwhile.
 */
export function useQuestionScope(questionId: string, active: boolean, title?: string): HotkeyScope {
  const dispatcher = useHotkeyDispatcher();
  const scope: HotkeyScope = `question:${questionId}`;
  useEffect(() => {
    if (title === undefined) return;
    dispatcher.setScopeTitle(scope, title);
    return () => dispatcher.setScopeTitle(scope, null);
  }, [dispatcher, scope, title]);
  useEffect(() => {
    if (!active) return;
    dispatcher.setActiveQuestion(questionId);
    return () => {
      if (dispatcher.getActiveQuestion() === questionId) dispatcher.setActiveQuestion(null);
    };
  }, [dispatcher, questionId, active]);
  return scope;
}

/** The registered bindings, re-rendering when they change. */
export function useBindings(): readonly RegisteredBinding[] {
  const dispatcher = useHotkeyDispatcher();
  return useSyncExternalStore(
    (l) => dispatcher.subscribe(l),
    () => dispatcher.listBindings(),
  );
}

import { lazy, useEffect, useState, type ComponentType } from 'react';

export interface PreloadableComponent<P extends object = object> {
  (props: P): React.ReactNode;
  /** Starts the download (once; again after a failure); resolves when the component can render at once. */
  preload(): Promise<ComponentType<P>>;
  /** The component once its module has loaded, else undefined. */
  loaded(): ComponentType<P> | undefined;
}

/**
 * A lazy component that stops suspending once its module is here: it renders the loaded component
 * directly, so a preloaded page or a second visit never shows its Suspense fallback again (and React 19's
 * throttled reveal, up to 300 ms after a fallback, never applies to it).
 */
export function lazyWithPreload<P extends object>(load: () => Promise<{ default: ComponentType<P> }>): PreloadableComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const preload = () =>
    (pending ??= load().then(
      (m) => (loaded = m.default),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    ));
  // Through `preload`, so `loaded` is set before this one resolves: a committed lazy instance is never
  // swapped for the loaded component (which would remount it).
  const Lazy = lazy(() => preload().then((C) => ({ default: C })));
  function Preloadable(props: P) {
    const Component = loaded ?? Lazy;
    return <Component {...(props as P & React.JSX.IntrinsicAttributes)} />;
  }
  return Object.assign(Preloadable, { preload, loaded: () => loaded });
}

/**
 * Whether `component` has loaded, starting its download if needed. A failed download counts as ready, so
 * the caller renders it and its error reaches the nearest ErrorBoundary.
 */
export function usePreloaded(component: PreloadableComponent<any>): boolean {
  const [ready, setReady] = useState(() => {
    if (component.loaded()) return true;
    component.preload().catch(() => undefined);
    return false;
  });
  const isReady = ready || component.loaded() !== undefined;
  useEffect(() => {
    if (isReady) return;
    let live = true;
    const done = () => live && setReady(true);
    component.preload().then(done, done);
    return () => {
      live = false;
    };
  }, [component, isReady]);
  return isReady;
}

import { useCallback, useRef } from 'react';

const GAP = 12;

/**
 * A sticky side pane that is never clipped: while it fits below the top bar it sticks there; when it is
 * taller than the window it scrolls with the page and sticks once its bottom is in view, so every part of
 * it is reached by scrolling the page (no scroll box inside the page, whose end would sit below the fold).
 */
export function useFitSticky<T extends HTMLElement>() {
  const cleanup = useRef<() => void>(undefined);
  return useCallback((el: T | null) => {
    cleanup.current?.();
    cleanup.current = undefined;
    if (!el) return;
    const place = () => {
      const bar = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--topbar-h')) || 0;
      el.style.top = `${Math.min(bar + GAP, window.innerHeight - el.offsetHeight - GAP)}px`;
    };
    place();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(place);
    observer?.observe(el);
    window.addEventListener('resize', place);
    cleanup.current = () => {
      observer?.disconnect();
      window.removeEventListener('resize', place);
    };
  }, []);
}

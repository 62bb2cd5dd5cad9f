import { useEffect, useState, type RefObject } from 'react';

/** How far outside the visible part of the scroll box an element counts as near (rendered before it shows). */
const MARGIN = '1200px 0px';

/** The closest ancestor that scrolls vertically: the box whose visible part decides what is near. */
export function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if (overflowY === 'auto' || overflowY === 'scroll') return p;
  }
  return null;
}

/**
 * Whether the element is, or has once been, within reach of the reader's view. It turns true once and
 * stays true, so content rendered rich is never thrown away again. Without IntersectionObserver (tests,
 * old browsers) everything counts as near.
 */
export function useNearView(ref: RefObject<HTMLElement | null>, force = false): boolean {
  const [near, setNear] = useState(() => force || typeof IntersectionObserver === 'undefined');
  const isNear = near || force;
  useEffect(() => {
    const el = ref.current;
    if (isNear || !el) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setNear(true);
          io.disconnect();
        }
      },
      // The scroll box as root, so the margin reaches past its clipped edges (with the viewport as root
      // the box would clip everything below its fold, however large the margin).
      { root: scrollParent(el), rootMargin: MARGIN },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, isNear]);
  return isNear;
}

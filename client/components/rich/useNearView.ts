import { useEffect, useState, type RefObject } from 'react';
import { NEAR_MARGIN, scrollParent } from './useNearTurns';

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
      { root: scrollParent(el), rootMargin: NEAR_MARGIN },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, isNear]);
  return isNear;
}

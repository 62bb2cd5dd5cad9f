import { useEffect, useState, type RefObject } from 'react';

/** How far outside the visible part of the scroll box a turn counts as near (rendered before it shows). */
export const NEAR_MARGIN = '600px 0px';
const NONE: ReadonlySet<number> = new Set();

/** The closest ancestor that scrolls vertically: the box whose visible part decides what is near. */
export function scrollParent(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if (overflowY === 'auto' || overflowY === 'scroll') return p;
  }
  return null;
}

/**
 * Which turns of the transcript in `box` are, or have once been, within reach of the reader's view
 * (its direct children with data-turn), for this `messages`. A turn stays near once it was, so content
 * rendered rich is never thrown away. `all` is true without IntersectionObserver (tests, old browsers):
 * then every turn counts as near. One observer watches every turn.
 */
export function useNearTurns(box: RefObject<HTMLElement | null>, messages: unknown): { near: ReadonlySet<number>; all: boolean } {
  const all = typeof IntersectionObserver === 'undefined';
  const [state, setState] = useState<{ of: unknown; near: ReadonlySet<number> }>({ of: messages, near: NONE });
  useEffect(() => {
    const el = box.current;
    if (all || !el) return;
    const io = new IntersectionObserver(
      (entries) => {
        const seen = entries.filter((e) => e.isIntersecting).map((e) => e.target as HTMLElement);
        if (seen.length === 0) return;
        seen.forEach((t) => io.unobserve(t));
        setState((s) => {
          const near = new Set(s.of === messages ? s.near : NONE);
          for (const t of seen) near.add(Number(t.dataset.turn));
          return { of: messages, near };
        });
      },
      // The scroll box as root, so the margin reaches past its clipped edges (with the viewport as root
      // the box would clip everything below its fold, however large the margin).
      { root: scrollParent(el), rootMargin: NEAR_MARGIN },
    );
    el.querySelectorAll(':scope > [data-turn]').forEach((t) => io.observe(t));
    return () => io.disconnect();
  }, [box, messages, all]);
  return { near: state.of === messages ? state.near : NONE, all };
}

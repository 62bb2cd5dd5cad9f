import { useEffect, useRef, type RefObject } from 'react';
import type Konva from 'konva';

/**
 * A pan moves the stage and redraws it at most once an animation frame, outside React (the view state
 * catches up through `onEnd` when the button is released). The stage stops listening meanwhile: Konva
 * would otherwise redraw its hit canvases and read a pixel back from each on every mouse move, for hover
 * events nobody needs mid-pan. `panning()` tells whether one is under way.
 */
export function usePan(stage: RefObject<Konva.Stage | null>, box: RefObject<HTMLDivElement | null>, onEnd: (at: { x: number; y: number }) => void) {
  /** Ends the pan under way, if any (on unmount too). */
  const endPan = useRef<(() => void) | null>(null);
  useEffect(() => () => endPan.current?.(), []);

  const startPan = (down: MouseEvent) => {
    const st = stage.current;
    const el = box.current;
    if (!st || !el || endPan.current) return;
    const from = { x: down.clientX, y: down.clientY };
    const start = { x: st.x(), y: st.y() };
    let at = from;
    let frame = 0;
    const apply = () => {
      frame = 0;
      st.position({ x: start.x + at.x - from.x, y: start.y + at.y - from.y });
      st.draw();
    };
    const move = (e: MouseEvent) => {
      at = { x: e.clientX, y: e.clientY };
      if (!frame) frame = requestAnimationFrame(apply);
    };
    const stop = () => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      cancelAnimationFrame(frame);
      el.classList.remove('is-panning');
      st.listening(true);
      endPan.current = null;
    };
    const up = () => {
      stop();
      apply();
      onEnd(st.position());
    };
    st.listening(false);
    el.classList.add('is-panning');
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    endPan.current = stop;
  };

  return { startPan, panning: () => endPan.current !== null };
}

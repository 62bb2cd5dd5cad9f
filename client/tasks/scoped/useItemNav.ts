import { useCallback, useMemo, useRef } from 'react';
import type { Question } from '@shared/tasks/question';
import { useHotkeys } from '../../hotkeys/useHotkeys';
import { moduleOf } from '../registry';
import { itemNavKeys } from './items';

/**
 * The item a per-item question is on (the one chosen, while it is listed, else the first), the keys that
 * move between its items, and the move itself. `move` stays the same function from render to render (it
 * reads the list through a ref), so a change to one item does not re-render the others.
 */
export function useItemCursor(question: Question, order: readonly number[], chosen: number | null, go: (item: number) => void) {
  const current = chosen !== null && order.includes(chosen) ? chosen : (order[0] ?? null);
  const nav = useMemo(() => itemNavKeys(moduleOf(question).hotkeys(question.config)), [question]);
  const position = useRef({ order, current });
  position.current = { order, current };
  const move = useCallback(
    (delta: number) => {
      const { order: o, current: c } = position.current;
      const next = o[(c === null ? -1 : o.indexOf(c)) + delta];
      if (next !== undefined) go(next);
    },
    [go],
  );
  return { current, nav, move };
}

/**
 * The next / previous item keys of one item, bound in that item's own hotkey scope: live exactly while the
 * item's editor owns the keyboard, and never in the way of the type's own keys (the pair is chosen to
 * avoid them, see `itemNavKeys`). They show in the help overlay under the item's title.
 */
export function useItemNav(
  itemQuestionId: string,
  nav: { next: string; prev: string },
  noun: string,
  at: { hasNext: boolean; hasPrev: boolean },
  onMove: (delta: number) => void,
): void {
  const scope = `question:${itemQuestionId}` as const;
  useHotkeys(
    [
      // `when` reads this render's closure (useHotkeys keeps it current): at the last item the key is left alone.
      { id: 'item:next', keys: nav.next, scope, group: 'Items', description: `Next ${noun}`, when: () => at.hasNext, run: () => onMove(1) },
      { id: 'item:prev', keys: nav.prev, scope, group: 'Items', description: `Previous ${noun}`, when: () => at.hasPrev, run: () => onMove(-1) },
    ],
    [scope, nav.next, nav.prev, noun],
  );
}

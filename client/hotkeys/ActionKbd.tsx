import type { KeymapActionId } from '@shared/keymap/actions';
import { comboParts } from './keys';
import { Kbd } from './Kbd';
import { useKeymap } from './keymap';

/** The person's current keys of a keymap action, as badges (a remap shows at once). */
export function ActionKbd({ action, className }: { action: KeymapActionId; className?: string }) {
  return <Kbd keys={useKeymap()[action]} className={className} />;
}

/** A function giving the "Alt+S" of an action with the person's keys, for title attributes. */
export function useKeyText(): (action: KeymapActionId) => string {
  const map = useKeymap();
  return (action) => map[action].map((k) => comboParts(k).join('+')).join(' / ');
}

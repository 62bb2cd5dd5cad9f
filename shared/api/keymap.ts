import { z } from 'zod';
import { KEYMAP_ACTION_IDS, type KeymapActionId } from '../keymap/actions';

/**
 * A person's remapped keys (issue 18): only the actions they moved, each to one to three combos. Unknown
 * action ids are refused by name so a typo does not vanish; clashes are checked by the route with
 * `checkKeymap` (a 400 naming the key and the action already on it).
 */
export const KEYMAP_KEYS_MAX = 3;
const actionId = z.enum(KEYMAP_ACTION_IDS as [KeymapActionId, ...KeymapActionId[]], 'unknown action');
const combo = z.string('expected a key combination such as "alt+s"').trim().min(1, 'empty key combination').max(40, 'at most 40 characters');

export const keymapBody = z.object({
  keys: z.partialRecord(
    actionId,
    z.array(combo).min(1, 'give at least one key, or leave the action out to use its default').max(KEYMAP_KEYS_MAX, `at most ${KEYMAP_KEYS_MAX} keys per action`),
  ),
}).strict();
export type KeymapBody = z.input<typeof keymapBody>;

/** What the server holds: the actions a person moved and their keys. */
export const keymapDto = z.object({ keys: z.partialRecord(actionId, z.array(z.string())) });
export type KeymapDto = z.infer<typeof keymapDto>;

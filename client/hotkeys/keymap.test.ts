import { describe, expect, it } from 'vitest';
import { TASK_TYPES } from '@shared/tasks/types';
import { sampleConfigs } from '@shared/tasks/arbitraries';
import { canonicalCombo, checkKeymap, KEYMAP, KEYMAP_ACTION_IDS, KEYMAP_CONTEXTS, type KeymapActionId } from '@shared/keymap';
import { clientTaskModules } from '../tasks/registry';
import { HotkeyDispatcher } from './dispatcher';
import { actionBinding } from './keymap';

const combosOf = (keys: readonly string[], mac: boolean) => keys.map((k) => canonicalCombo(k, mac));

describe('the one keymap', () => {
  it('binds every action of every context in a dispatcher without a clash, on a PC and on a Mac', () => {
    for (const mac of [false, true]) {
      for (const context of KEYMAP_CONTEXTS) {
        const d = new HotkeyDispatcher(mac);
        const ids = KEYMAP_ACTION_IDS.filter((id) => (KEYMAP[id].contexts as readonly string[]).includes(context));
        // register throws HotkeyConflictError on the first combo bound twice.
        expect(() => d.register(ids.map((id) => actionBinding(id, context, { run: () => {} })))).not.toThrow();
      }
    }
  });

  it('never puts two actions on one key, whichever screens they are on', () => {
    for (const mac of [false, true]) {
      const owner = new Map<string, KeymapActionId>();
      for (const id of KEYMAP_ACTION_IDS) {
        for (const c of combosOf(KEYMAP[id].keys, mac)) {
          expect(owner.get(c) ?? id, `${c} is bound to ${owner.get(c)} and ${id}`).toBe(id);
          owner.set(c, id);
        }
      }
    }
  });

  it('binds the same key to the same action in labeling and review', () => {
    const shared = KEYMAP_ACTION_IDS.filter((id) => ['label', 'review'].every((c) => (KEYMAP[id].contexts as readonly string[]).includes(c)));
    expect(shared).toEqual(expect.arrayContaining(['submit', 'skip', 'escalate', 'next-question', 'prev-question', 'help', 'undo', 'redo']));
  });

  it('keeps every task type’s keys (each sample config) off the page actions that are live beside its questions', () => {
    for (const mac of [false, true]) {
      const page = new Set(
        KEYMAP_ACTION_IDS.filter((id) => KEYMAP[id].contexts.some((c) => c === 'label' || c === 'review')).flatMap((id) => combosOf(KEYMAP[id].keys, mac)),
      );
      for (const type of TASK_TYPES) {
        for (const config of sampleConfigs[type] as unknown[]) {
          const help = (clientTaskModules[type].hotkeys as (c: unknown) => { keys: string | readonly string[]; description: string }[])(config);
          for (const h of help) {
            for (const c of combosOf(typeof h.keys === 'string' ? [h.keys] : h.keys, mac)) {
              const owner = KEYMAP_ACTION_IDS.find((id) => combosOf(KEYMAP[id].keys, mac).includes(c));
              // The one shared question action ("use suggestion") is the type's own key, as it should be.
              if (owner && (KEYMAP[owner].contexts as readonly string[]).includes('question')) continue;
              expect(page.has(c), `${type}: "${h.description}" on ${c} clashes with a page action`).toBe(false);
            }
          }
        }
      }
    }
  });

  it('refuses a remap onto another action’s key, a plain key, or nonsense, naming the key and the action', () => {
    expect(checkKeymap({ skip: ['alt+x'] })).toEqual([]);
    expect(checkKeymap({ skip: ['alt+a'] })[0].message).toBe('Alt+A is already “Take Labeler 1’s answer for the focused question”: pick another key for “Skip this row (give it back)”');
    expect(checkKeymap({ escalate: ['q'] })[0].message).toMatch(/needs Alt, Ctrl or ⌘/);
    expect(checkKeymap({ escalate: ['alt+x+y'] })[0].message).toMatch(/not a key combination/);
    // Two remaps swapping keys are fine; two remaps onto one key are not.
    expect(checkKeymap({ skip: ['alt+e'], escalate: ['alt+s'] })).toEqual([]);
    expect(checkKeymap({ skip: ['alt+x'], escalate: ['alt+x'] })).toHaveLength(1);
    // "mod" is Ctrl on a PC: Ctrl+Z remapped elsewhere clashes with undo.
    expect(checkKeymap({ flag: ['ctrl+z'] })[0].message).toMatch(/already “Undo”/);
  });
});

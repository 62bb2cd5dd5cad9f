import { actionDef, describeAction, effectiveKeymap, KEYMAP_ACTION_IDS, type KeymapActionId, type KeymapOverrides } from './actions';
import { canonicalCombo, hasCommandKey } from './combo';

export interface KeymapProblem {
  action: KeymapActionId;
  key: string;
  message: string;
}

/** "alt+shift+b" as a person reads it: "Alt+Shift+B". */
export function comboText(combo: string): string {
  return combo
    .split('+')
    .map((p) => (p === 'mod' ? 'Ctrl/⌘' : p.length === 1 ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1)))
    .join('+');
}

/**
 * Why a person's remapped keys cannot be used, one problem per bad key (empty: fine). A key must parse, hold
 * Alt, Ctrl or ⌘ (plain keys belong to the questions: label letters, digits, arrows), and belong to one
 * action only, on every screen: one key never means two things in Triad. Both Mac and PC readings are
 * checked, since "mod" is Ctrl on one and ⌘ on the other.
 */
export function checkKeymap(overrides: KeymapOverrides): KeymapProblem[] {
  const problems: KeymapProblem[] = [];
  for (const id of Object.keys(overrides) as KeymapActionId[]) {
    if (!KEYMAP_ACTION_IDS.includes(id)) continue;
    if (actionDef(id).fixed) problems.push({ action: id, key: '', message: `“${describeAction(id)}” keeps its key` });
    for (const key of overrides[id] ?? []) {
      try {
        if (!hasCommandKey(canonicalCombo(key, false)))
          problems.push({ action: id, key, message: `${comboText(key)} for “${describeAction(id)}” needs Alt, Ctrl or ⌘: plain keys belong to the questions` });
      } catch (e) {
        problems.push({ action: id, key, message: `“${key}” is not a key combination (${(e as Error).message})` });
      }
    }
  }
  if (problems.length) return problems;
  const keys = effectiveKeymap(overrides);
  for (const mac of [false, true]) {
    const owner = new Map<string, KeymapActionId>();
    for (const id of KEYMAP_ACTION_IDS) {
      for (const key of keys[id]) {
        const c = canonicalCombo(key, mac);
        const other = owner.get(c);
        if (other && other !== id) {
          const changed = overrides[id] ? id : other;
          const kept = changed === id ? other : id;
          if (!problems.some((p) => p.action === changed && p.key === key))
            problems.push({ action: changed, key, message: `${comboText(key)} is already “${describeAction(kept)}”: pick another key for “${describeAction(changed)}”` });
        } else owner.set(c, id);
      }
    }
  }
  return problems;
}

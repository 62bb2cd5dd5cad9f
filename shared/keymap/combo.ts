/**
 * Key combos as written in bindings ("mod+enter", "shift+z", "?", "arrowup") and their canonical form,
 * so that "mod+z" and "ctrl+z" are recognised as the same combo on a PC (and "mod+z" as "meta+z" on a Mac).
 * Shared: the client dispatches by it, the server checks a person's remapped keys for clashes with it.
 */

export const MODIFIERS = ['ctrl', 'meta', 'alt', 'shift'] as const;
type Modifier = (typeof MODIFIERS)[number];

export const KEY_ALIASES: Record<string, string> = {
  esc: 'escape',
  del: 'delete',
  return: 'enter',
  up: 'arrowup',
  down: 'arrowdown',
  left: 'arrowleft',
  right: 'arrowright',
  ' ': 'space',
  spacebar: 'space',
  plus: '+',
  cmd: 'meta',
  command: 'meta',
  control: 'ctrl',
  option: 'alt',
};

/**
 * A printable symbol that needs shift on common layouts ("?", "!", "+") already says shift was held,
 * so shift is not part of its combo; otherwise "?" would have to be written "shift+/" on one layout
 * and "shift+," on another.
 */
export function isShiftedSymbol(key: string): boolean {
  return key.length === 1 && !/[a-z0-9]/.test(key) && key !== ' ';
}

/** Canonical form of a combo written in a binding: modifiers in a fixed order, then the key. Throws on nonsense. */
export function canonicalCombo(combo: string, mac: boolean): string {
  const text = combo.trim().toLowerCase();
  if (!text) throw new Error('empty key combo');
  // "+" alone, or "mod++", names the plus key itself.
  const parts = text === '+' ? ['+'] : text.endsWith('++') ? [...text.slice(0, -2).split('+'), '+'] : text.split('+');
  const mods = new Set<Modifier>();
  let key: string | undefined;
  for (const part of parts) {
    const p = KEY_ALIASES[part] ?? part;
    if (p === 'mod') mods.add(mac ? 'meta' : 'ctrl');
    else if ((MODIFIERS as readonly string[]).includes(p)) mods.add(p as Modifier);
    else if (key !== undefined) throw new Error(`key combo "${combo}" names two keys ("${key}" and "${p}")`);
    else if (!p) throw new Error(`key combo "${combo}" has an empty part`);
    else key = p;
  }
  if (key === undefined) {
    // A lone modifier ("shift") names the key itself, as in a "hold Shift" hint.
    if (mods.size !== 1 || parts.length !== 1) throw new Error(`key combo "${combo}" has no key`);
    return [...mods][0];
  }
  if (isShiftedSymbol(key)) mods.delete('shift');
  return [...MODIFIERS.filter((m) => mods.has(m)), key].join('+');
}

/** Whether a canonical combo holds a modifier that makes it a command rather than typing (Alt, Ctrl, ⌘). */
export function hasCommandKey(canonical: string): boolean {
  const parts = canonical.split('+');
  return parts.length > 1 && parts.some((p) => p === 'ctrl' || p === 'meta' || p === 'alt');
}

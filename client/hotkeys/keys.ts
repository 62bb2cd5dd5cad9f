/**
 * Key combos as written in bindings ("mod+enter", "shift+z", "?", "arrowup") and their canonical form,
 * so that "mod+z" and "ctrl+z" are recognised as the same combo on a PC (and "mod+z" as "meta+z" on a Mac).
 */

const MODIFIERS = ['ctrl', 'meta', 'alt', 'shift'] as const;
type Modifier = (typeof MODIFIERS)[number];

const ALIASES: Record<string, string> = {
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

export function isMacPlatform(): boolean {
  if (typeof navigator === 'undefined') return false;
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac|iphone|ipad/i.test(nav.userAgentData?.platform ?? nav.platform ?? '');
}

function keyName(raw: string): string {
  const k = raw.length === 1 ? raw.toLowerCase() : raw.toLowerCase();
  return ALIASES[k] ?? k;
}

/**
 * A printable symbol that needs shift on common layouts ("?", "!", "+") already says shift was held,
 * so shift is not part of its combo; otherwise "?" would have to be written "shift+/" on one layout
 * and "shift+," on another.
 */
function isShiftedSymbol(key: string): boolean {
  return key.length === 1 && !/[a-z0-9]/.test(key) && key !== ' ';
}

/** Canonical form of a combo written in a binding: modifiers in a fixed order, then the key. */
export function canonicalCombo(combo: string, mac = isMacPlatform()): string {
  const text = combo.trim().toLowerCase();
  if (!text) throw new Error('empty key combo');
  // "+" alone, or "mod++", names the plus key itself.
  const parts = text === '+' ? ['+'] : text.endsWith('++') ? [...text.slice(0, -2).split('+'), '+'] : text.split('+');
  const mods = new Set<Modifier>();
  let key: string | undefined;
  for (const part of parts) {
    const p = ALIASES[part] ?? part;
    if (p === 'mod') mods.add(mac ? 'meta' : 'ctrl');
    else if ((MODIFIERS as readonly string[]).includes(p)) mods.add(p as Modifier);
    else if (key !== undefined) throw new Error(`key combo "${combo}" names two keys ("${key}" and "${p}")`);
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

/** Canonical combo of a keyboard event, comparable with `canonicalCombo`. */
export function eventCombo(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string {
  const key = keyName(e.key);
  const mods: string[] = [];
  if (e.ctrlKey && key !== 'control' && key !== 'ctrl') mods.push('ctrl');
  if (e.metaKey && key !== 'meta') mods.push('meta');
  if (e.altKey && key !== 'alt') mods.push('alt');
  if (e.shiftKey && key !== 'shift' && !isShiftedSymbol(key)) mods.push('shift');
  return [...mods, key].join('+');
}

/** Whether a canonical combo holds ctrl or meta: such combos are shortcuts even while typing. */
export function hasCommandModifier(canonical: string): boolean {
  const parts = canonical.split('+');
  return parts.length > 1 && (parts.includes('ctrl') || parts.includes('meta'));
}

const LABELS: Record<string, string> = {
  ctrl: 'Ctrl',
  meta: '⌘',
  alt: 'Alt',
  shift: 'Shift',
  enter: 'Enter',
  escape: 'Esc',
  delete: 'Del',
  backspace: '⌫',
  space: 'Space',
  arrowup: '↑',
  arrowdown: '↓',
  arrowleft: '←',
  arrowright: '→',
  tab: 'Tab',
};

/** Human form of a combo for kbd badges: "mod+shift+z" → ["Ctrl", "Shift", "Z"]. */
export function comboParts(combo: string, mac = isMacPlatform()): string[] {
  return canonicalCombo(combo, mac)
    .split('+')
    .map((p) => LABELS[p] ?? (p.length === 1 ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1)));
}

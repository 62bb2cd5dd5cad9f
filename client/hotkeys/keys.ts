/**
 * Key combos as written in bindings ("mod+enter", "shift+z", "?", "arrowup") and their canonical form,
 * so that "mod+z" and "ctrl+z" are recognised as the same combo on a PC (and "mod+z" as "meta+z" on a Mac).
 */

import { canonicalCombo as canonical, isShiftedSymbol, KEY_ALIASES as ALIASES } from '@shared/keymap/combo';

export function isMacPlatform(): boolean {
  if (typeof navigator === 'undefined') return false;
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac|iphone|ipad/i.test(nav.userAgentData?.platform ?? nav.platform ?? '');
}

function keyName(raw: string): string {
  const k = raw.toLowerCase();
  return ALIASES[k] ?? k;
}

/** Canonical form of a combo written in a binding (shared/keymap/combo.ts), on this platform by default. */
export function canonicalCombo(combo: string, mac = isMacPlatform()): string {
  return canonical(combo, mac);
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

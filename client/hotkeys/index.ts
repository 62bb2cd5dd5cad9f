export { hotkeys, listBindings, HotkeyDispatcher, HotkeyConflictError, isTypingTarget, scopesOverlap } from './dispatcher';
export type { HotkeyBinding, HotkeyScope, RegisteredBinding } from './dispatcher';
export { canonicalCombo, eventCombo, comboParts, isMacPlatform } from './keys';
export { useHotkeys, useQuestionScope, useBindings, useHotkeyDispatcher, HotkeyContext } from './useHotkeys';
export { HelpOverlay } from './HelpOverlay';
export { Kbd } from './Kbd';

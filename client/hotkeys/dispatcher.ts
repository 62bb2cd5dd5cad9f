import { canonicalCombo, eventCombo, hasCommandModifier, isMacPlatform } from './keys';

/** Where a binding applies: everywhere, or while one question owns the keyboard. */
export type HotkeyScope = 'global' | `question:${string}`;

/**
 * One keyboard binding, a plain object (compare Excalidraw's actions): the dispatcher owns every one of
 * them, so the help overlay can list them all and two features can never silently fight over a key.
 */
export interface HotkeyBinding {
  /** Unique within its scope, e.g. "label:PER" or "submit". */
  id: string;
  /** One combo ("mod+enter", "1", "shift+z", "?") or several alternatives. */
  keys: string | readonly string[];
  scope: HotkeyScope;
  description: string;
  /** Help overlay grouping inside a scope ("Labels", "Boxes"…); defaults to none. */
  group?: string;
  /** When present and false, the key is left to the browser (and to nothing else). */
  when?(): boolean;
  run(event: KeyboardEvent): void;
  /** Fire even while the focus is in a text field (mod+ combos always do). */
  allowInInputs?: boolean;
  /** Fire on auto-repeat while the key is held (default true: nudging with a held arrow key). */
  repeat?: boolean;
}

export interface RegisteredBinding extends HotkeyBinding {
  /** Canonical combos of `keys`. */
  combos: string[];
}

export class HotkeyConflictError extends Error {
  constructor(
    readonly binding: HotkeyBinding,
    readonly existing: HotkeyBinding,
    readonly combo: string,
  ) {
    super(
      `hotkey conflict: "${combo}" of "${binding.id}" (${binding.scope}: ${binding.description}) ` +
        `is already bound to "${existing.id}" (${existing.scope}: ${existing.description})`,
    );
    this.name = 'HotkeyConflictError';
  }
}

/** Two scopes overlap when a keystroke could reach both: global reaches every question. */
export function scopesOverlap(a: HotkeyScope, b: HotkeyScope): boolean {
  return a === 'global' || b === 'global' || a === b;
}

/** Elements in which plain keys are text, not commands. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'color', 'file', 'image'].includes(type);
  }
  return el.isContentEditable || el.closest?.('[contenteditable="true"], [contenteditable=""]') != null;
}

type Listener = () => void;

export class HotkeyDispatcher {
  private bindings: RegisteredBinding[] = [];
  private activeQuestion: string | null = null;
  private scopeTitles = new Map<string, string>();
  private listeners = new Set<Listener>();
  private snapshot: readonly RegisteredBinding[] = [];
  private detach: (() => void) | null = null;

  constructor(private readonly mac = isMacPlatform()) {}

  /**
   * Registers bindings (all or none) and returns their unregister function. Throws
   * `HotkeyConflictError` when a combo is already bound in an overlapping scope, or when an id repeats
   * in the same scope.
   */
  register(bindings: HotkeyBinding | readonly HotkeyBinding[]): () => void {
    const list = (Array.isArray(bindings) ? bindings : [bindings]) as readonly HotkeyBinding[];
    const added: RegisteredBinding[] = [];
    for (const b of list) {
      const combos = [...new Set((typeof b.keys === 'string' ? [b.keys] : b.keys).map((k) => canonicalCombo(k, this.mac)))];
      const candidate: RegisteredBinding = { ...b, combos };
      for (const other of [...this.bindings, ...added]) {
        if (!scopesOverlap(other.scope, b.scope)) continue;
        if (other.scope === b.scope && other.id === b.id)
          throw new Error(`hotkey "${b.id}" is registered twice in scope ${b.scope}`);
        const combo = combos.find((c) => other.combos.includes(c));
        if (combo) throw new HotkeyConflictError(b, other, combo);
      }
      added.push(candidate);
    }
    this.bindings.push(...added);
    this.changed();
    return () => {
      const before = this.bindings.length;
      this.bindings = this.bindings.filter((b) => !added.includes(b));
      if (this.bindings.length !== before) this.changed();
    };
  }

  /** The question whose bindings are live; bindings of other questions stay registered but silent. */
  setActiveQuestion(questionId: string | null): void {
    if (this.activeQuestion === questionId) return;
    this.activeQuestion = questionId;
    this.changed();
  }

  getActiveQuestion(): string | null {
    return this.activeQuestion;
  }

  /** A readable name for a scope in the help overlay (e.g. the question's title). */
  setScopeTitle(scope: HotkeyScope, title: string | null): void {
    if (title === null) this.scopeTitles.delete(scope);
    else this.scopeTitles.set(scope, title);
    this.changed();
  }

  scopeTitle(scope: HotkeyScope): string {
    return this.scopeTitles.get(scope) ?? (scope === 'global' ? 'General' : scope.slice('question:'.length));
  }

  isScopeActive(scope: HotkeyScope): boolean {
    return scope === 'global' || (this.activeQuestion !== null && scope === `question:${this.activeQuestion}`);
  }

  /** Every registered binding (stable array between changes, for useSyncExternalStore). */
  listBindings(): readonly RegisteredBinding[] {
    return this.snapshot;
  }

  /** The bindings a keystroke could reach right now: global ones and the active question's. */
  listActiveBindings(): RegisteredBinding[] {
    return this.snapshot.filter((b) => this.isScopeActive(b.scope));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs the binding a key event selects, if any; returns whether one ran (and then prevents the default). */
  handle(e: KeyboardEvent): boolean {
    if (e.defaultPrevented || e.isComposing || e.key === undefined) return false;
    const combo = eventCombo(e);
    const typing = isTypingTarget(e.target);
    for (const b of this.bindings) {
      if (!b.combos.includes(combo) || !this.isScopeActive(b.scope)) continue;
      if (typing && !b.allowInInputs && !hasCommandModifier(combo)) continue;
      if (e.repeat && b.repeat === false) continue;
      if (b.when && !b.when()) continue;
      e.preventDefault();
      b.run(e);
      return true;
    }
    return false;
  }

  /** Listens on a window (or any target) for keydown; idempotent. */
  attach(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): () => void {
    if (this.detach) return this.detach;
    const onKey = (e: Event) => void this.handle(e as KeyboardEvent);
    target.addEventListener('keydown', onKey);
    this.detach = () => {
      target.removeEventListener('keydown', onKey);
      this.detach = null;
    };
    return this.detach;
  }

  private changed(): void {
    this.snapshot = [...this.bindings];
    for (const l of this.listeners) l();
  }
}

/** The application's one dispatcher. */
export const hotkeys = new HotkeyDispatcher();

export function listBindings(): readonly RegisteredBinding[] {
  return hotkeys.listBindings();
}

import { describe, expect, it, vi } from 'vitest';
import { HotkeyConflictError, HotkeyDispatcher, type HotkeyBinding } from './dispatcher';
import { canonicalCombo, comboParts, eventCombo } from './keys';

function key(key: string, init: KeyboardEventInit = {}, target?: HTMLElement): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
  if (target) Object.defineProperty(e, 'target', { value: target });
  return e;
}

function binding(over: Partial<HotkeyBinding> & Pick<HotkeyBinding, 'id' | 'keys'>): HotkeyBinding {
  return { scope: 'global', description: over.id, run: () => {}, ...over };
}

describe('key combos', () => {
  it('canonicalises modifiers, aliases and mod per platform', () => {
    expect(canonicalCombo('Shift+Mod+Z', false)).toBe('ctrl+shift+z');
    expect(canonicalCombo('mod+z', true)).toBe('meta+z');
    expect(canonicalCombo('esc')).toBe('escape');
    expect(canonicalCombo('up')).toBe('arrowup');
    expect(canonicalCombo('shift+?')).toBe('?');
    expect(canonicalCombo('mod++', false)).toBe('ctrl++');
    expect(() => canonicalCombo('a+b')).toThrow(/two keys/);
  });

  it('reads events the same way', () => {
    expect(eventCombo(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('ctrl+shift+z');
    expect(eventCombo(key('?', { shiftKey: true }))).toBe('?');
    expect(eventCombo(key(' '))).toBe('space');
    expect(eventCombo(key('ArrowLeft', { shiftKey: true }))).toBe('shift+arrowleft');
  });

  it('renders badges', () => {
    expect(comboParts('mod+shift+z', false)).toEqual(['Ctrl', 'Shift', 'Z']);
    expect(comboParts('arrowup', false)).toEqual(['↑']);
  });
});

describe('HotkeyDispatcher', () => {
  it('runs the bound action and prevents the default', () => {
    const d = new HotkeyDispatcher(false);
    const run = vi.fn();
    d.register(binding({ id: 'submit', keys: 'mod+enter', run }));
    const e = key('Enter', { ctrlKey: true });
    expect(d.handle(e)).toBe(true);
    expect(run).toHaveBeenCalledTimes(1);
    expect(e.defaultPrevented).toBe(true);
    expect(d.handle(key('Enter'))).toBe(false);
  });

  it('refuses a conflicting combo in an overlapping scope, naming both bindings', () => {
    const d = new HotkeyDispatcher(false);
    d.register(binding({ id: 'undo', keys: 'mod+z', description: 'Undo' }));
    expect(() => d.register(binding({ id: 'zoom', keys: 'ctrl+z', scope: 'question:q1', description: 'Zoom' }))).toThrow(
      HotkeyConflictError,
    );
    try {
      d.register(binding({ id: 'zoom', keys: ['x', 'ctrl+z'], scope: 'question:q1', description: 'Zoom' }));
    } catch (err) {
      expect(String(err)).toMatch(/"zoom".*"undo"/);
      expect(String(err)).toContain('ctrl+z');
    }
    // Nothing of a refused batch is kept.
    expect(d.listBindings().map((b) => b.id)).toEqual(['undo']);
  });

  it('refuses conflicts inside one batch and between alternatives', () => {
    const d = new HotkeyDispatcher(false);
    expect(() =>
      d.register([binding({ id: 'a', keys: ['delete', 'backspace'] }), binding({ id: 'b', keys: 'del' })]),
    ).toThrow(/"b".*"a"/);
    expect(d.listBindings()).toHaveLength(0);
  });

  it('lets different questions reuse a key, and only the active question hears it', () => {
    const d = new HotkeyDispatcher(false);
    const q1 = vi.fn();
    const q2 = vi.fn();
    d.register(binding({ id: 'label:a', keys: '1', scope: 'question:q1', run: q1 }));
    d.register(binding({ id: 'label:a', keys: '1', scope: 'question:q2', run: q2 }));
    expect(d.handle(key('1'))).toBe(false);
    d.setActiveQuestion('q2');
    d.handle(key('1'));
    expect(q2).toHaveBeenCalledTimes(1);
    expect(q1).not.toHaveBeenCalled();
    d.setActiveQuestion('q1');
    d.handle(key('1'));
    expect(q1).toHaveBeenCalledTimes(1);
    expect(d.listActiveBindings().map((b) => b.scope)).toEqual(['question:q1']);
  });

  it('ignores plain keys typed in text fields but not mod+ combos', () => {
    const d = new HotkeyDispatcher(false);
    const label = vi.fn();
    const submit = vi.fn();
    const esc = vi.fn();
    d.register([
      binding({ id: 'label', keys: '1', run: label }),
      binding({ id: 'submit', keys: 'mod+enter', run: submit }),
      binding({ id: 'blur', keys: 'escape', run: esc, allowInInputs: true }),
    ]);
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
    const editable = document.createElement('div');
    editable.contentEditable = 'true';
    document.body.append(input, textarea, checkbox, editable);
    for (const target of [input, textarea]) {
      expect(d.handle(key('1', {}, target))).toBe(false);
      expect(d.handle(key('Enter', { ctrlKey: true }, target))).toBe(true);
      expect(d.handle(key('Escape', {}, target))).toBe(true);
    }
    expect(d.handle(key('1', {}, checkbox))).toBe(true);
    expect(label).toHaveBeenCalledTimes(1);
    expect(submit).toHaveBeenCalledTimes(2);
    expect(esc).toHaveBeenCalledTimes(2);
    editable.remove();
    input.remove();
    textarea.remove();
    checkbox.remove();
  });

  it('honours when(), repeat:false and unregistering', () => {
    const d = new HotkeyDispatcher(false);
    let enabled = false;
    const run = vi.fn();
    const off = d.register(binding({ id: 'del', keys: 'delete', when: () => enabled, run, repeat: false }));
    const e = key('Delete');
    expect(d.handle(e)).toBe(false);
    expect(e.defaultPrevented).toBe(false);
    enabled = true;
    expect(d.handle(key('Delete', { repeat: true }))).toBe(false);
    expect(d.handle(key('Delete'))).toBe(true);
    off();
    expect(d.handle(key('Delete'))).toBe(false);
    expect(run).toHaveBeenCalledTimes(1);
    // After unregistering, the combo is free again.
    expect(() => d.register(binding({ id: 'other', keys: 'delete' }))).not.toThrow();
  });

  it('listens on the window once attached', () => {
    const d = new HotkeyDispatcher(false);
    const run = vi.fn();
    d.register(binding({ id: 'help', keys: '?', run }));
    const detach = d.attach(window);
    expect(d.attach(window)).toBe(detach);
    window.dispatchEvent(key('?', { shiftKey: true }));
    detach();
    window.dispatchEvent(key('?', { shiftKey: true }));
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('notifies subscribers and keeps a stable snapshot between changes', () => {
    const d = new HotkeyDispatcher(false);
    const seen = vi.fn();
    d.subscribe(seen);
    const a = d.listBindings();
    expect(d.listBindings()).toBe(a);
    d.register(binding({ id: 'x', keys: 'x' }));
    expect(seen).toHaveBeenCalledTimes(1);
    expect(d.listBindings()).not.toBe(a);
  });
});

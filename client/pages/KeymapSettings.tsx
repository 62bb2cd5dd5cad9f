import { useState, type KeyboardEvent } from 'react';
import { CONTEXT_TITLES, describeAction, KEYMAP, KEYMAP_ACTION_IDS, type KeymapActionId, type KeymapOverrides } from '@shared/keymap/actions';
import { checkKeymap } from '@shared/keymap/check';
import { keymapApi } from '../api/keymap';
import { messageOf } from '../api/client';
import { Kbd } from '../hotkeys/Kbd';
import { comboParts, eventCombo } from '../hotkeys/keys';
import { keymapOverrides, setKeymapOverrides, useKeymap } from '../hotkeys/keymap';
import { InlineError } from '../components/Form';
import { useStore } from '../store';

const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock']);
const remappable = KEYMAP_ACTION_IDS.filter((id) => !('fixed' in KEYMAP[id]));

/**
 * The account page's keyboard section: every action of the one keymap with its keys; "Change" listens for
 * the next key combination and saves it with the account, unless it clashes (the message says with what).
 */
export function KeymapSettings() {
  const keys = useKeymap();
  const toast = useStore((s) => s.toast);
  const [recording, setRecording] = useState<KeymapActionId | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (next: KeymapOverrides, done: string) => {
    const problems = checkKeymap(next);
    if (problems.length) {
      setError(problems.map((p) => p.message).join(' '));
      return;
    }
    setBusy(true);
    try {
      const saved = await keymapApi.put({ keys: next as Record<KeymapActionId, string[]> });
      setKeymapOverrides(saved.keys);
      setError(null);
      toast('success', done);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const onKey = (id: KeymapActionId) => (e: KeyboardEvent<HTMLButtonElement>) => {
    if (recording !== id) return;
    if (e.key === 'Tab') return;
    e.preventDefault();
    e.stopPropagation();
    if (e.key === 'Escape') return setRecording(null);
    if (MODIFIER_KEYS.has(e.key)) return;
    const combo = eventCombo(e.nativeEvent);
    setRecording(null);
    void save({ ...keymapOverrides(), [id]: [combo] }, `“${describeAction(id)}” is now ${comboParts(combo).join('+')}`);
  };

  const reset = (id: KeymapActionId) => {
    const next = { ...keymapOverrides() };
    delete next[id];
    void save(next, `“${describeAction(id)}” is back on its default key`);
  };

  return (
    <section className="card section" aria-labelledby="keys-title">
      <div className="section-head">
        <h2 id="keys-title">Keyboard shortcuts</h2>
        {Object.keys(keymapOverrides()).length > 0 && (
          <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={() => void save({}, 'Every shortcut is back on its default key')}>
            Reset all
          </button>
        )}
      </div>
      <p className="muted">
        The same action is on the same key on every screen. Change a key here and it changes everywhere, in any browser you sign in
        from. A key must use Alt, Ctrl or ⌘ (plain keys belong to the questions) and may do one thing only.
      </p>
      <InlineError>{error}</InlineError>
      <table className="table keymap-table" aria-label="Keyboard shortcuts">
        <thead>
          <tr><th>Action</th><th>Where</th><th>Keys</th><th /></tr>
        </thead>
        <tbody>
          {remappable.map((id) => {
            const changed = keymapOverrides()[id] !== undefined;
            return (
              <tr key={id} data-action={id}>
                <td>{describeAction(id)}</td>
                <td className="muted">{KEYMAP[id].contexts.map((c) => CONTEXT_TITLES[c]).join(', ')}</td>
                <td>
                  {recording === id ? <span className="muted">Press the new keys… (Esc: keep)</span> : <Kbd keys={keys[id]} />}
                  {changed && recording !== id && <span className="muted"> (yours)</span>}
                </td>
                <td className="actions">
                  <button
                    type="button" className="btn btn-secondary btn-sm" disabled={busy}
                    aria-label={`Change the keys of ${describeAction(id)}`}
                    aria-pressed={recording === id}
                    onClick={() => setRecording(recording === id ? null : id)}
                    onKeyDown={onKey(id)}
                    onBlur={() => recording === id && setRecording(null)}
                  >
                    {recording === id ? 'Listening…' : 'Change'}
                  </button>
                  {changed && (
                    <button type="button" className="btn btn-ghost btn-sm" disabled={busy} onClick={() => reset(id)} aria-label={`Reset ${describeAction(id)}`}>
                      Reset
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

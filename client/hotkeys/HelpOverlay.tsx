import { useEffect, useMemo, useRef } from 'react';
import { Kbd } from './Kbd';
import { useBindings, useHotkeyDispatcher } from './useHotkeys';
import { useEscapeToClose } from './useEscape';
import type { HotkeyScope, RegisteredBinding } from './dispatcher';
import './hotkeys.css';

interface Props {
  open: boolean;
  onClose(): void;
}

/**
 * Lists every binding a keystroke can reach now (global ones and the active question's), grouped by
 * scope then group. The `?` binding that opens it belongs to the page, which owns `open`.
 */
export function HelpOverlay({ open, onClose }: Props) {
  const dispatcher = useHotkeyDispatcher();
  const all = useBindings();
  const closeRef = useRef<HTMLButtonElement>(null);

  const sections = useMemo(() => {
    const byScope = new Map<HotkeyScope, Map<string, RegisteredBinding[]>>();
    for (const b of all) {
      if (!dispatcher.isScopeActive(b.scope)) continue;
      const groups = byScope.get(b.scope) ?? new Map<string, RegisteredBinding[]>();
      byScope.set(b.scope, groups);
      const g = b.group ?? '';
      groups.set(g, [...(groups.get(g) ?? []), b]);
    }
    // Global first: the keys that work everywhere are the ones people look for most.
    return [...byScope].sort(([a], [b]) => (a === 'global' ? -1 : b === 'global' ? 1 : a.localeCompare(b)));
  }, [all, dispatcher]);

  useEffect(() => {
    if (open) closeRef.current?.focus();
  }, [open, onClose]);
  useEscapeToClose(onClose, open);

  if (!open) return null;
  return (
    <div className="hk-overlay" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div className="hk-panel" onClick={(e) => e.stopPropagation()}>
        <header className="hk-head">
          <h2>Keyboard shortcuts</h2>
          <button ref={closeRef} type="button" className="hk-close" onClick={onClose} aria-label="Close">
            Esc
          </button>
        </header>
        {sections.length === 0 && <p className="hk-empty">No shortcuts are active.</p>}
        {sections.map(([scope, groups]) => (
          <section key={scope} className="hk-scope" aria-label={dispatcher.scopeTitle(scope)}>
            <h3>{dispatcher.scopeTitle(scope)}</h3>
            {[...groups].map(([group, bindings]) => (
              <div key={group} className="hk-group">
                {group && <h4>{group}</h4>}
                <dl>
                  {bindings.map((b) => (
                    <div key={b.id} className="hk-row">
                      <dt>
                        <Kbd keys={typeof b.keys === 'string' ? [b.keys] : b.keys} />
                      </dt>
                      <dd>{b.description}</dd>
                    </div>
                  ))}
                </dl>
              </div>
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}

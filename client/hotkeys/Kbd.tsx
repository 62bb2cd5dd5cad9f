import { comboParts } from './keys';
import './hotkeys.css';

/** A key combo as small kbd badges ("Ctrl" "Z"); several combos are joined by "/". */
export function Kbd({ keys, className }: { keys: string | readonly string[] | undefined; className?: string }) {
  if (keys === undefined || keys.length === 0) return null;
  const list = typeof keys === 'string' ? [keys] : keys;
  return (
    <span className={`hk-kbd-group${className ? ` ${className}` : ''}`} aria-hidden="true">
      {list.map((combo, i) => (
        <span key={combo} className="hk-combo">
          {i > 0 && <span className="hk-or">/</span>}
          {comboParts(combo).map((p, j) => (
            <kbd key={j} className="hk-kbd">
              {p}
            </kbd>
          ))}
        </span>
      ))}
    </span>
  );
}

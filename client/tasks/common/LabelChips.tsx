import { Kbd } from '../../hotkeys/Kbd';
import type { HotkeyBinding, HotkeyScope } from '../../hotkeys/dispatcher';
import type { LabelView } from './labels';
import './common.css';

interface Props {
  labels: readonly LabelView[];
  /** Values shown as chosen (pressed). */
  selected?: readonly string[];
  /** Values a prelabel suggests: dashed outline and a badge. */
  suggested?: readonly string[];
  onPick(value: string): void;
  readOnly?: boolean;
  /** Keep the page's text selection when a chip is clicked (span editors read it on click). */
  keepSelection?: boolean;
  /** Accessible name of the group. */
  name?: string;
}

/** Label chips: colour, title, hotkey hint; pressed when chosen. */
export function LabelChips({ labels, selected = [], suggested = [], onPick, readOnly, keepSelection, name = 'Labels' }: Props) {
  return (
    <div className="tk-chips" role="group" aria-label={name}>
      {labels.map((l) => {
        const on = selected.includes(l.value);
        const sug = suggested.includes(l.value);
        return (
          <button
            key={l.value}
            type="button"
            className={`tk-chip${on ? ' is-on' : ''}${sug ? ' is-suggested' : ''}`}
            style={{ ['--chip' as string]: l.color }}
            aria-pressed={on}
            title={l.description ?? l.title}
            disabled={readOnly}
            onMouseDown={keepSelection ? (e) => e.preventDefault() : undefined}
            onClick={() => onPick(l.value)}
          >
            <span className="tk-swatch" aria-hidden="true" />
            <span className="tk-chip-title">{l.title}</span>
            {sug && <span className="tk-badge">suggested</span>}
            {l.hotkey && <Kbd keys={l.hotkey} />}
          </button>
        );
      })}
    </div>
  );
}

/** One binding per label with a hotkey, in a question's scope. */
export function labelBindings(
  scope: HotkeyScope,
  labels: readonly LabelView[],
  pick: (value: string) => void,
  describe: (label: LabelView) => string = (l) => `Label “${l.title}”`,
): HotkeyBinding[] {
  return labels
    .filter((l) => l.hotkey)
    .map((l) => ({
      id: `label:${l.value}`,
      keys: l.hotkey!,
      scope,
      group: 'Labels',
      description: describe(l),
      run: () => pick(l.value),
    }));
}

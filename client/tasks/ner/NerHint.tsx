import type { NerSpan } from '@shared/tasks/registry';
import { Kbd } from '../../hotkeys/Kbd';
import { labelTitle, type LabelView } from '../common/labels';
import { Mark } from './Mark';

interface NerHintProps {
  text: string;
  views: readonly LabelView[];
  selected: NerSpan | null;
  sug: NerSpan | null;
  cursorRange: { start: number; end: number } | null;
  /** The mouse selection waiting for a label, as it would be tagged. */
  pending: { start: number; end: number } | null;
  armed: string | null;
  readOnly?: boolean;
  onDelete(s: NerSpan): void;
}

/** What the keys would act on now, and which keys those are. */
export function NerHint({ text, views, selected, sug, cursorRange, pending, armed, readOnly, onDelete }: NerHintProps) {
  return (
    <div className="ner-hint tk-muted" aria-live="polite">
      {selected ? (
        <>
          Selected <Mark label={selected.label} views={views} /> “{selected.text}” · label key to relabel ·{' '}
          <Kbd keys="delete" /> delete · <Kbd keys="shift+arrowright" /> resize
          {!readOnly && (
            <button type="button" className="tk-btn is-danger ner-del" onClick={() => onDelete(selected)}>
              Delete span
            </button>
          )}
        </>
      ) : sug ? (
        <>
          Suggested <Mark label={sug.label} views={views} /> “{text.slice(sug.start, sug.end)}” · <Kbd keys="enter" /> accept
        </>
      ) : cursorRange ? (
        <>
          Selected: “{text.slice(cursorRange.start, cursorRange.end)}” — press a label key · <Kbd keys={['shift+arrowleft', 'shift+arrowright']} /> extend ·{' '}
          <Kbd keys="escape" /> cancel
        </>
      ) : pending ? (
        <>“{text.slice(pending.start, pending.end)}” selected: press a label key or click a label</>
      ) : armed ? (
        <>Select text to tag it {labelTitle(views, armed)}</>
      ) : (
        <>
          Select text (or move a word cursor with <Kbd keys={['arrowleft', 'arrowright']} />), then press a label key · click a span to select it
        </>
      )}
    </div>
  );
}

import type { AudioAnswer, ClipQuestion } from '@shared/tasks/registry';
import { scaleBounds } from '@shared/tasks/audio';
import { Kbd } from '../../hotkeys/Kbd';

/** The values a clip question offers, in button order. */
export function clipOptions(q: ClipQuestion): (string | number)[] {
  if (q.kind !== 'scale') return [...(q.options ?? [])];
  const { min, max } = scaleBounds(q);
  const out: number[] = [];
  for (let v = min; v <= max; v++) out.push(v);
  return out;
}

/**
 * The value one step left or right of the current one, stopping at the ends. With no answer yet, → starts
 * at the first value and ← at the last, so either end of a scale is one key away.
 */
export function stepClip(q: ClipQuestion, current: string | number | undefined, dir: -1 | 1): string | number | undefined {
  const options = clipOptions(q);
  if (options.length === 0) return undefined;
  const at = current === undefined ? -1 : options.indexOf(current);
  if (at < 0) return dir > 0 ? options[0] : options[options.length - 1];
  return options[Math.max(0, Math.min(options.length - 1, at + dir))];
}

/** Whole-clip questions: choice buttons or a min…max scale; clicking the chosen value again clears it. */
export function ClipQuestions({
  questions,
  clip,
  suggested,
  onChange,
  readOnly,
  focused,
}: {
  questions: readonly ClipQuestion[];
  clip: AudioAnswer['clip'];
  suggested?: AudioAnswer['clip'];
  onChange(next: AudioAnswer['clip']): void;
  readOnly?: boolean;
  /** The question the arrow keys answer, if any. */
  focused?: string | null;
}) {
  if (questions.length === 0) return null;
  const set = (id: string, v: string | number) => {
    const next = { ...clip };
    if (next[id] === v) delete next[id];
    else next[id] = v;
    onChange(next);
  };
  return (
    <div className="au-clip">
      {!readOnly && (
        <div className="tk-muted au-clip-hint">
          <Kbd keys="c" /> next question · <Kbd keys={['arrowleft', 'arrowright']} /> change its answer
        </div>
      )}
      {questions.map((q) => {
        const isFocused = focused === q.id;
        return (
          <div key={q.id} className={`au-clip-q${isFocused ? ' is-focused' : ''}`} role="group" aria-label={q.title} aria-current={isFocused || undefined}>
            <span className="au-clip-title">{q.title}</span>
            <div className="tk-toolbar">
              {clipOptions(q).map((v) => (
                <button
                  key={v}
                  type="button"
                  className={`tk-btn${clip[q.id] === v ? ' is-on' : ''}${suggested?.[q.id] === v ? ' is-suggested' : ''}`}
                  aria-pressed={clip[q.id] === v}
                  disabled={readOnly}
                  onClick={() => set(q.id, v)}
                >
                  {v}
                </button>
              ))}
            </div>
            {isFocused && <Kbd keys={['arrowleft', 'arrowright']} className="au-clip-keys" />}
          </div>
        );
      })}
    </div>
  );
}

import type { AudioAnswer, ClipQuestion } from '@shared/tasks/registry';
import { scaleBounds } from '@shared/tasks/audio';

/** Whole-clip questions: choice buttons or a min…max scale; clicking the chosen value again clears it. */
export function ClipQuestions({
  questions,
  clip,
  suggested,
  onChange,
  readOnly,
}: {
  questions: readonly ClipQuestion[];
  clip: AudioAnswer['clip'];
  suggested?: AudioAnswer['clip'];
  onChange(next: AudioAnswer['clip']): void;
  readOnly?: boolean;
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
      {questions.map((q) => {
        let options: (string | number)[] = q.options ?? [];
        if (q.kind === 'scale') {
          const { min, max } = scaleBounds(q);
          options = [];
          for (let v = min; v <= max; v++) options.push(v);
        }
        return (
          <div key={q.id} className="au-clip-q" role="group" aria-label={q.title}>
            <span className="au-clip-title">{q.title}</span>
            <div className="tk-toolbar">
              {options.map((v) => (
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
          </div>
        );
      })}
    </div>
  );
}

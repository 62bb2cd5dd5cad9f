import { useLayoutEffect, useRef, useState } from 'react';
import { DEFAULT_REVIEW_REASONS, REVIEW_REASONS_MAX, reviewReasonsSchema } from '@shared/review-reasons';
import './review-reasons.css';

/** What is wrong with a list, per entry and for the whole list, in the shared schema's words (what the server says). */
export function reasonProblems(reasons: readonly string[]): { byIndex: Map<number, string>; list: string | null } {
  const byIndex = new Map<number, string>();
  let list: string | null = null;
  const parsed = reviewReasonsSchema.safeParse(reasons);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const i = issue.path[0];
      if (typeof i === 'number') {
        if (!byIndex.has(i)) byIndex.set(i, issue.message);
      } else list ??= issue.message;
    }
  }
  return { byIndex, list };
}

type Focus = { index: number; part: 'input' | 'up' | 'down' | 'remove' } | { index: -1; part: 'new' };

/**
 * The reasons a reviewer picks from when overruling a label or sending a row back (issue 18): a lead adds,
 * renames, reorders and removes them here; they are saved with the rest of the workflow settings. Reasons
 * already given keep their wording in the labelers' history and the statistics, so a rename applies from now on.
 */
export function ReviewReasonsField({ reasons, onChange }: { reasons: readonly string[]; onChange(next: string[]): void }) {
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string | null>(null);
  const refs = useRef(new Map<string, HTMLElement>());
  const problems = reasonProblems(reasons);
  const full = reasons.length >= REVIEW_REASONS_MAX;

  // After a move or a removal the control the person used is somewhere else: keep the keyboard where they are.
  // Focused as the move is committed (a layout effect), not on the next frame: rows are keyed by position,
  // so a second Alt+↑ pressed before that frame went to the input now holding another reason and moved it.
  const pending = useRef<Focus | null>(null);
  useLayoutEffect(() => {
    const f = pending.current;
    if (!f) return;
    pending.current = null;
    refs.current.get(`${f.index}:${f.part}`)?.focus();
  });
  const focusLater = (f: Focus) => { pending.current = f; };
  const ref = (index: number, part: Focus['part']) => (el: HTMLElement | null) => {
    const key = `${index}:${part}`;
    if (el) refs.current.set(key, el);
    else refs.current.delete(key);
  };

  const move = (from: number, to: number, part: Focus['part']) => {
    if (to < 0 || to >= reasons.length) return;
    const next = [...reasons];
    const [r] = next.splice(from, 1);
    next.splice(to, 0, r);
    onChange(next);
    focusLater({ index: to, part } as Focus);
  };
  const remove = (i: number) => {
    onChange(reasons.filter((_, k) => k !== i));
    focusLater(reasons.length > 1 ? { index: Math.min(i, reasons.length - 2), part: 'remove' } : { index: -1, part: 'new' });
  };
  const add = () => {
    const next = [...reasons, draft];
    // The new entry is checked the way the whole list will be: empty, too long or already listed stays in the box.
    const problem = reasonProblems(next).byIndex.get(next.length - 1) ?? (full ? `at most ${REVIEW_REASONS_MAX} reasons: remove one first` : null);
    if (problem) {
      setDraftError(problem);
      return;
    }
    onChange(next.map((r, i) => (i === next.length - 1 ? r.trim() : r)));
    setDraft('');
    setDraftError(null);
  };

  return (
    <fieldset className="field reasons-field">
      <legend className="field-label">Review reasons</legend>
      <div className="field-hint" id="reasons-hint">
        What a reviewer picks when the final overrules a label or a row goes back; the labeler reads it in their history.
        Renaming applies from now on: reasons already given keep their words. {reasons.length} of {REVIEW_REASONS_MAX}.
      </div>
      {reasons.length === 0 ? (
        <p className="reasons-empty muted" role="note">
          No reasons: reviewers send rows back with a note alone and overrule a label without saying why.{' '}
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => onChange([...DEFAULT_REVIEW_REASONS])}>Use the suggested reasons</button>
        </p>
      ) : (
        <ol className="reasons-list" aria-label="Review reasons">
          {reasons.map((r, i) => {
            const problem = problems.byIndex.get(i);
            const n = i + 1;
            return (
              <li key={i} className={problem ? 'reasons-row has-error' : 'reasons-row'}>
                <span className="reasons-n muted" aria-hidden="true">{n}.</span>
                <input
                  ref={ref(i, 'input')} className="input input-sm" aria-label={`Reason ${n}`} value={r}
                  aria-invalid={problem ? true : undefined} aria-describedby={problem ? `reason-error-${i}` : undefined}
                  onChange={(e) => onChange(reasons.map((x, k) => (k === i ? e.target.value : x)))}
                  onKeyDown={(e) => {
                    // Alt+↑/↓ moves the reason being edited, as the buttons do.
                    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
                      e.preventDefault();
                      move(i, e.key === 'ArrowUp' ? i - 1 : i + 1, 'input');
                    }
                  }}
                />
                <button ref={ref(i, 'up')} type="button" className="btn btn-ghost btn-sm" aria-label={`Move reason ${n} up`} title="Move up (Alt+↑ in the field)"
                  disabled={i === 0} onClick={() => move(i, i - 1, i - 1 === 0 ? 'down' : 'up')}>↑</button>
                <button ref={ref(i, 'down')} type="button" className="btn btn-ghost btn-sm" aria-label={`Move reason ${n} down`} title="Move down (Alt+↓ in the field)"
                  disabled={i === reasons.length - 1} onClick={() => move(i, i + 1, i + 1 === reasons.length - 1 ? 'up' : 'down')}>↓</button>
                <button ref={ref(i, 'remove')} type="button" className="btn btn-ghost btn-sm" aria-label={`Remove reason ${n}`} title="Remove" onClick={() => remove(i)}>✕</button>
                {problem && <div className="field-error reasons-error" id={`reason-error-${i}`}>{problem}</div>}
              </li>
            );
          })}
        </ol>
      )}
      {problems.list && <div className="field-error" role="alert">{problems.list}</div>}
      <div className="reasons-add">
        <input
          ref={ref(-1, 'new')} className="input input-sm" aria-label="New reason" placeholder={full ? 'The list is full' : 'e.g. Sarcasm read literally'}
          value={draft} aria-invalid={draftError ? true : undefined} aria-describedby={draftError ? 'reason-new-error' : 'reasons-hint'}
          onChange={(e) => { setDraft(e.target.value); setDraftError(null); }}
          onKeyDown={(e) => {
            // Enter adds the reason instead of submitting anything around it.
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="btn btn-secondary btn-sm" onClick={add} disabled={full}>+ Reason</button>
      </div>
      {draftError && <div className="field-error" id="reason-new-error" role="alert">{draftError}</div>}
    </fieldset>
  );
}

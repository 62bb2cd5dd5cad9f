import { useEffect, useRef, useState, type RefObject } from 'react';
import { useEscapeToClose } from '../../hotkeys/useEscape';
import { deepEqual } from '../../tasks/compare-common/equal';
import type { RowAnswer } from '@shared/tasks/question';
import { sideName, type QuestionReview } from './review-model';

/** What makes an Accept worth a second look: conflicts not looked at, and experts' answers overridden. */
export interface AcceptDoubt {
  unseen: QuestionReview[];
  overridden: QuestionReview[];
}

/**
 * Conflicting questions the reviewer has looked at: a card counts once half of it (or all of a tall one's
 * first screen) has been in view, or once it was opened, focused or clicked. Under `qa: all` most rows agree,
 * and this is what stops a row being accepted with its one conflict never on screen. Where the browser has
 * no IntersectionObserver (tests in jsdom) nothing can be known, and every card counts as seen.
 */
export function useSeenQuestions(ids: readonly string[], cards: RefObject<Map<string, HTMLElement>>): [ReadonlySet<string>, (id: string) => void] {
  const [seen, setSeen] = useState<ReadonlySet<string>>(() => (typeof IntersectionObserver === 'undefined' ? new Set(ids) : new Set()));
  const mark = (id: string) => setSeen((s) => (s.has(id) ? s : new Set(s).add(id)));
  const key = ids.join('\n');
  useEffect(() => {
    if (typeof IntersectionObserver === 'undefined') return;
    const byEl = new Map<Element, string>();
    const io = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const vh = e.rootBounds?.height ?? window.innerHeight;
          if (e.isIntersecting && (e.intersectionRatio >= 0.5 || e.intersectionRect.height >= vh * 0.5)) {
            const id = byEl.get(e.target);
            if (id) mark(id);
          }
        }
      },
      { threshold: [0, 0.25, 0.5, 0.75, 1] },
    );
    for (const id of ids) {
      const el = cards.current?.get(id);
      if (el) {
        byEl.set(el, id);
        io.observe(el);
      }
    }
    return () => io.disconnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, cards]);
  return [seen, mark];
}

/** The doubts about accepting now, or null when there are none. */
export function acceptDoubt(questions: readonly QuestionReview[], seen: ReadonlySet<string>, final: RowAnswer): AcceptDoubt | null {
  const unseen = questions.filter((q) => !q.agreement.agree && !seen.has(q.question.id));
  const overridden = questions.filter((q) => q.start === 'expert' && q.expert !== null && !deepEqual(final[q.question.id], q.expert === 0 ? q.a : q.b));
  return unseen.length || overridden.length ? { unseen, overridden } : null;
}

const titles = (qs: readonly QuestionReview[]) => qs.map((q) => `“${q.question.title}”`).join(', ');

/** Asks once before an Accept the reviewer may not mean: Enter accepts, Esc goes back to the first doubt. */
export function AcceptCheck({ doubt, onConfirm, onBack }: { doubt: AcceptDoubt; onConfirm(): void; onBack(): void }) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
  useEscapeToClose(onBack, true);
  // Enter confirms wherever the focus is, caught before the page's keys (an editor behind may bind Enter).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || e.repeat) return;
      e.preventDefault();
      e.stopPropagation();
      if (document.activeElement instanceof HTMLElement && document.activeElement.closest('.rv-check') && document.activeElement !== confirm.current) {
        document.activeElement.click();
      } else onConfirm();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onConfirm]);
  return (
    <div className="rv-check-backdrop">
      <div className="rv-check card" role="alertdialog" aria-modal="true" aria-labelledby="rv-check-title" aria-describedby="rv-check-body">
        <h2 id="rv-check-title">Accept this row?</h2>
        <div id="rv-check-body">
          {doubt.unseen.length > 0 && (
            <p>
              You have not looked at {doubt.unseen.length === 1 ? 'the conflict in' : `${doubt.unseen.length} conflicts:`} {titles(doubt.unseen)}.
              The labelers disagree there.
            </p>
          )}
          {doubt.overridden.map((q) => (
            <p key={q.question.id}>
              Your final for “{q.question.title}” overrides {sideName(q.expert!)}’s answer, and {sideName(q.expert!)} is the expert this
              row needs.
            </p>
          ))}
        </div>
        <div className="form-actions">
          <button ref={confirm} type="button" className="btn btn-primary" onClick={onConfirm}>
            Accept anyway <kbd className="hk-kbd">Enter</kbd>
          </button>
          <button type="button" className="btn btn-ghost" onClick={onBack}>
            Go back and look <kbd className="hk-kbd">Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}

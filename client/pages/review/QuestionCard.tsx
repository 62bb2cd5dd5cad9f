import { Suspense } from 'react';
import { Badge } from '../../components/Badges';
import { Loading } from '../../components/Loading';
import { AgreementPill } from '../../tasks/compare-common/parts';
import { deepEqual } from '../../tasks/compare-common/equal';
import type { ScopedAnswer } from '@shared/tasks/scope';
import { ScopedCompare } from '../../tasks/scoped/ScopedCompare';
import { compareViewFor } from './compareViews';
import { TaskEditor } from '../../tasks/TaskEditor';

const noChange = () => undefined;
import { sideName, type QuestionReview } from './review-model';

/** What a card of a question asked per turn or response needs beyond a whole question's. */
export interface ItemsFocus {
  /** Items the final's conditions show (absent: all). */
  shown?: readonly number[];
  undecided: readonly number[];
  onDecideItem(item: number): void;
  activeItem: number | null;
  onActiveItem(item: number): void;
}

/** One question of the row: its agreement, whether it is decided, and (open) the comparison with the final. */
export function QuestionCard({
  q,
  data,
  final,
  open,
  focused,
  undecided,
  onToggle,
  onFocus,
  onFinalChange,
  onKeep,
  cardRef,
  items,
}: {
  q: QuestionReview;
  data: Record<string, unknown>;
  final: unknown;
  open: boolean;
  focused: boolean;
  undecided: boolean;
  onToggle(): void;
  onFocus(): void;
  onFinalChange(v: unknown): void;
  onKeep(): void;
  cardRef(el: HTMLElement | null): void;
  items?: ItemsFocus;
}) {
  const Compare = compareViewFor(q.question.type);
  const conflict = !q.agreement.agree;
  const bodyId = `rv-q-${q.question.id}`;
  const source = deepEqual(final, q.a) && deepEqual(final, q.b) ? 'both' : deepEqual(final, q.a) ? sideName(0) : deepEqual(final, q.b) ? sideName(1) : q.items ? 'assembled item by item' : 'edited';
  const view = {
    question: q.question, config: q.question.config, data, a: q.a, b: q.b, labels: [sideName(0), sideName(1)] as [string, string],
    expert: q.expert, prelabel: q.prelabel, agreement: q.agreement, final, onFinalChange, bestEffort: q.bestEffort, active: focused,
  };
  return (
    <section
      ref={cardRef}
      className={`rv-q card ${conflict ? 'is-conflict' : 'is-agree'}${focused ? ' is-focused' : ''}`}
      aria-label={`Question: ${q.question.title}`}
      data-question={q.question.id}
      onFocusCapture={onFocus}
      onPointerDownCapture={onFocus}
    >
      <header className="rv-q-head">
        <button type="button" className="rv-q-toggle" aria-expanded={open} aria-controls={bodyId} onClick={onToggle}>
          <span className="rv-q-caret" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="rv-q-title">{q.question.title}</span>
        </button>
        <span className="muted rv-q-type">{q.question.type}</span>
        <Badge tone={conflict ? 'danger' : 'success'}>{conflict ? 'conflict' : 'agreed'}</Badge>
        {/* Open, the comparison's own bar shows the score. */}
        {!open && <AgreementPill agreement={q.agreement} />}
        {undecided ? (
          <span className="rv-q-undecided">
            <Badge tone="warning">undecided</Badge>
            <button
              type="button" className="btn btn-sm btn-ghost" onClick={onKeep}
              title="Marks this question decided with the final below exactly as it stands now (what both labelers share, or empty), without taking either labeler’s version"
            >
              Use the final as shown
            </button>
          </span>
        ) : (
          <span className="muted rv-q-source">final: {source === 'both' ? 'agreed answer' : source}</span>
        )}
      </header>
      {open ? (
        <div id={bodyId} className="rv-q-body">
          <Suspense fallback={<Loading label="Loading the comparison" />}>
            {q.items && items ? (
              <ScopedCompare
                {...view} a={q.a as ScopedAnswer} b={q.b as ScopedAnswer} final={final as ScopedAnswer} prelabel={q.prelabel as ScopedAnswer | null}
                Compare={Compare} items={q.items} {...items}
              />
            ) : (
              <Compare {...view} />
            )}
          </Suspense>
        </div>
      ) : conflict || q.items ? (
        <p id={bodyId} className="rv-q-collapsed muted">
          {conflict ? 'In conflict: open to resolve.' : 'Both labelers agree; the final holds the agreed answer. Open to see it item by item.'}
        </p>
      ) : (
        // Folded, an agreed question still shows what is agreed, in the type's own view (read-only): a
        // reviewer accepting under `qa: all` reads the value, not just the word "agree".
        <div id={bodyId} className="rv-q-collapsed rv-q-agreed" aria-label={`Agreed answer: ${q.question.title}`} role="group">
          <span className="muted">Both labelers agree on:</span>
          <TaskEditor question={q.question} data={data} value={final} onChange={noChange} readOnly active={false} />
        </div>
      )}
    </section>
  );
}


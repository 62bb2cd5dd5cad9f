import { Suspense, memo, useCallback, useEffect, useMemo, useRef, useState, type ComponentType } from 'react';
import type { Question } from '@shared/tasks/question';
import { taskModule } from '@shared/tasks/registry';
import type { ScopedAnswer } from '@shared/tasks/scope';
import type { Agreement } from '@shared/tasks/types';
import { ErrorBoundary } from '../common/ErrorBoundary';
import { AgreementPill } from '../compare-common/parts';
import type { CompareViewProps } from '../compare-common/types';
import { ItemContent } from './ItemContent';
import { itemAnswer, itemNoun, itemQuestion, scopeItemViews, withItem, type ScopeItemView } from './items';
import { useItemCursor, useItemNav } from './useItemNav';
import '../common/common.css';
import './scoped.css';

type AnyCompare = ComponentType<CompareViewProps<any, any>>;

export interface ScopedCompareProps extends CompareViewProps<unknown, ScopedAnswer> {
  /** The question type's own comparison view, shown once per item. */
  Compare: AnyCompare;
  /** Each item's agreement (the page computes it once, with the item's start). */
  items: ReadonlyArray<{ index: number; agreement: Agreement }>;
  /** Items the final's conditions show (absent: all). */
  shown?: readonly number[];
  /** Items in conflict whose final nobody has chosen yet. */
  undecided: readonly number[];
  /** The reviewer decided an item: changed its final, or kept it as it is. */
  onDecideItem(item: number): void;
  activeItem: number | null;
  onActiveItem(item: number): void;
}

/**
 * QA of a question asked per turn or per response: each item's content above the type's own comparison
 * of the two labelers' answers for it, items in conflict first and marked; the final is assembled item by
 * item. Agreed items start folded with the agreed answer already in the final.
 */
export function ScopedCompare(props: ScopedCompareProps) {
  const { question, data, final, onFinalChange, onDecideItem, items, shown, undecided, active, activeItem, onActiveItem } = props;
  const scope = question.scope!;
  const views = useMemo(() => new Map(scopeItemViews(scope, data, shown).map((v) => [v.index, v])), [scope, data, shown]);
  const agreements = useMemo(() => new Map(items.map((it) => [it.index, it.agreement])), [items]);
  const ordered = useMemo(() => {
    const list = [...views.keys()];
    const conflict = (i: number) => agreements.get(i)?.agree === false;
    return [...list.filter(conflict), ...list.filter((i) => !conflict(i))];
  }, [views, agreements]);
  const [open, setOpen] = useState<ReadonlySet<number>>(() => new Set(ordered.filter((i) => agreements.get(i)?.agree === false)));
  const latest = useRef(final);
  latest.current = final;

  const change = useCallback(
    (item: number, next: unknown) => {
      const whole = withItem(latest.current, item, next);
      latest.current = whole;
      onFinalChange(whole);
      onDecideItem(item);
    },
    [onFinalChange, onDecideItem],
  );
  const go = useCallback(
    (item: number) => {
      setOpen((o) => (o.has(item) ? o : new Set(o).add(item)));
      onActiveItem(item);
    },
    [onActiveItem],
  );
  const { current, nav, move } = useItemCursor(question, ordered, activeItem, go);
  const toggle = useCallback((item: number) => setOpen((o) => {
    const n = new Set(o);
    if (n.has(item)) n.delete(item);
    else n.add(item);
    return n;
  }), []);

  const conflicts = ordered.filter((i) => agreements.get(i)?.agree === false).length;
  if (ordered.length === 0) return <p className="tk-muted sc-none">No {itemNoun(scope)} of this row is asked about.</p>;
  return (
    <div className="sc-compare">
      <p className="sc-compare-summary tk-muted" role="status" data-testid="items-summary">
        {conflicts === 0 ? `All ${itemNoun(scope, ordered.length)} agree` : `${conflicts} of ${itemNoun(scope, ordered.length)} in conflict`}
        {undecided.length > 0 && ` · ${undecided.length} undecided`}
      </p>
      {ordered.map((index, pos) => (
        <CompareItem
          key={index}
          view={props}
          item={views.get(index)!}
          agreement={agreements.get(index) ?? { score: 1, agree: true }}
          final={itemAnswer(final, index)}
          open={open.has(index)}
          current={index === current}
          active={!!active && index === current}
          undecided={undecided.includes(index)}
          nav={nav}
          at={{ hasNext: pos < ordered.length - 1, hasPrev: pos > 0 }}
          onToggle={toggle}
          onFocus={onActiveItem}
          onChange={change}
          onMove={move}
        />
      ))}
    </div>
  );
}

interface ItemProps {
  view: ScopedCompareProps;
  item: ScopeItemView;
  agreement: Agreement;
  final: unknown;
  open: boolean;
  current: boolean;
  active: boolean;
  undecided: boolean;
  nav: { next: string; prev: string };
  at: { hasNext: boolean; hasPrev: boolean };
  onToggle(item: number): void;
  onFocus(item: number): void;
  onChange(item: number, next: unknown): void;
  onMove(delta: number): void;
}

const CompareItem = memo(function CompareItem({ view, item, agreement, final, open, current, active, undecided, nav, at, onToggle, onFocus, onChange, onMove }: ItemProps) {
  const { question, Compare, data, a, b, labels, expert, prelabel, bestEffort, onDecideItem } = view;
  const inner = taskModule(question.type);
  const empty = () => inner.empty(question.config);
  const iq: Question = itemQuestion(question, item.index);
  const conflict = !agreement.agree;
  const ref = useRef<HTMLElement>(null);
  useItemNav(iq.id, nav, itemNoun(question.scope!), at, onMove);
  useEffect(() => {
    if (active) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);
  const bodyId = `sc-${question.id}-${item.index}`;
  return (
    <article
      ref={ref}
      className={`sc-item sc-compare-item${conflict ? ' is-conflict' : ''}${current ? ' is-current' : ''}${active ? ' is-active' : ''}`}
      aria-label={`${item.title}${conflict ? ' (conflict)' : ''}`}
      data-item={item.index}
      data-active={active || undefined}
      onPointerDownCapture={() => onFocus(item.index)}
      onFocusCapture={() => onFocus(item.index)}
    >
      <header className="sc-item-head">
        <button type="button" className="rv-q-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => onToggle(item.index)}>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span> <strong className="sc-item-title">{item.title}</strong>
        </button>
        <span className={conflict ? 'sc-state' : 'sc-state is-done'}>{conflict ? 'conflict' : 'agreed'}</span>
        <AgreementPill agreement={agreement} />
        {undecided && (
          <>
            <span className="sc-state">undecided</span>
            <button type="button" className="tk-btn" onClick={() => onDecideItem(item.index)} title="Marks this item decided with its final exactly as it stands now">Use the final as shown</button>
          </>
        )}
      </header>
      <ItemContent item={item} full={current} />
      {open ? (
        <div id={bodyId}>
          <ErrorBoundary fallback={(error) => <div className="tk-status" role="alert">The comparison of {item.title} failed: {error.message}</div>}>
            <Suspense fallback={<div className="tk-muted" role="status">Loading the comparison…</div>}>
              <Compare
                question={iq}
                config={question.config}
                data={data}
                a={itemAnswer(a, item.index) ?? empty()}
                b={itemAnswer(b, item.index) ?? empty()}
                labels={labels}
                expert={expert}
                prelabel={itemAnswer(prelabel, item.index) ?? null}
                agreement={agreement}
                final={final ?? empty()}
                onFinalChange={(next: unknown) => onChange(item.index, next)}
                bestEffort={bestEffort}
                active={active}
              />
            </Suspense>
          </ErrorBoundary>
        </div>
      ) : (
        <p id={bodyId} className="tk-muted sc-none">Both labelers agree; the final holds the agreed answer.</p>
      )}
    </article>
  );
});

import { memo, useCallback, useEffect, useMemo, useRef, type ComponentType } from 'react';
import type { Question } from '@shared/tasks/question';
import { taskModule } from '@shared/tasks/registry';
import type { ScopedAnswer } from '@shared/tasks/scope';
import { Kbd } from '../../hotkeys/Kbd';
import { ErrorBoundary } from '../common/ErrorBoundary';
import type { ChangeMeta, EditorProps } from '../types';
import { ItemContent } from './ItemContent';
import { useItemCursor, useItemNav } from './useItemNav';
import { itemAnswer, itemNoun, itemQuestion, scopeItemViews, withItem, type ScopeItemView } from './items';
import '../common/common.css';
import './scoped.css';

type AnyEditor = ComponentType<EditorProps<any, any>>;

export interface ScopedEditorProps {
  /** A question with a scope. */
  question: Question;
  /** The question type's own editor, asked once per item. */
  Editor: AnyEditor;
  data: Record<string, unknown>;
  value: ScopedAnswer | null | undefined;
  onChange(next: ScopedAnswer, meta?: ChangeMeta): void;
  prelabel?: ScopedAnswer | null;
  readOnly?: boolean;
  /** The question owns the keyboard: the active item's editor gets it. */
  active: boolean;
  /** The items shown (a condition per item hides the others); absent: every item of the row. */
  shown?: readonly number[];
  /** The item that owns the keyboard while the question does; null or a hidden item: the first shown. */
  activeItem: number | null;
  onActiveItem(item: number): void;
}

/** How many of the shown items have a complete answer. */
export function itemsDone(question: Question, value: ScopedAnswer | null | undefined, data: Record<string, unknown>, items: readonly number[]): number {
  const inner = taskModule(question.type);
  return items.filter((i) => {
    const a = itemAnswer(value, i);
    return a !== undefined && a !== null && inner.isComplete(a, question.config, data);
  }).length;
}

/**
 * A question asked once per assistant turn or response: for each item its content and the type's own
 * editor for that item's answer. The active item's editor owns the keyboard (its digits, its labels);
 * a key pair moves to the next / previous item, registered in each item's scope so the type's own keys
 * never clash with it.
 */
export function ScopedEditor({ question, Editor, data, value, onChange, prelabel, readOnly, active, shown, activeItem, onActiveItem }: ScopedEditorProps) {
  const scope = question.scope!;
  const items = useMemo(() => scopeItemViews(scope, data, shown), [scope, data, shown]);
  const order = items.map((it) => it.index);
  const { current, nav, move } = useItemCursor(question, order, activeItem, onActiveItem);
  const latest = useRef(value);
  latest.current = value;

  const change = useCallback(
    (item: number, next: unknown, meta?: ChangeMeta) => {
      const whole = withItem(latest.current, item, next);
      latest.current = whole;
      // One undo step per item and stream: typing in turn 2's rationale does not merge with turn 4's.
      onChange(whole, meta?.coalesce ? { coalesce: `${item}:${meta.coalesce}` } : meta);
    },
    [onChange],
  );
  const done = itemsDone(question, value, data, order);
  if (items.length === 0)
    return <p className="tk-muted sc-none">This row has no {itemNoun(scope)} {shown ? 'this question asks about (its condition holds for none)' : `in “${scope.field}”`}.</p>;
  return (
    <div className="sc-editor">
      <p className="sc-progress tk-muted" aria-live="polite">
        <span data-testid="items-done">{done} of {itemNoun(scope, items.length)} done</span>
        {' · '}
        <Kbd keys={[nav.next, nav.prev]} /> next / previous {itemNoun(scope)}
      </p>
      <div className="sc-items" role="list" aria-label={`${question.title}: ${itemNoun(scope)}s`}>
        {items.map((item) => (
          <ScopedItem
            key={item.index}
            question={question}
            item={item}
            Editor={Editor}
            data={data}
            value={itemAnswer(value, item.index)}
            prelabel={itemAnswer(prelabel, item.index)}
            readOnly={readOnly}
            active={active && item.index === current}
            current={item.index === current}
            nav={nav}
            hasNext={order.indexOf(item.index) < order.length - 1}
            hasPrev={order.indexOf(item.index) > 0}
            onChange={change}
            onActivate={onActiveItem}
            onMove={move}
          />
        ))}
      </div>
    </div>
  );
}

interface ItemProps {
  question: Question;
  item: ScopeItemView;
  Editor: AnyEditor;
  data: Record<string, unknown>;
  value: unknown;
  prelabel: unknown;
  readOnly?: boolean;
  /** This item's editor owns the keyboard. */
  active: boolean;
  /** The item the question is on (active or not). */
  current: boolean;
  nav: { next: string; prev: string };
  hasNext: boolean;
  hasPrev: boolean;
  onChange(item: number, next: unknown, meta?: ChangeMeta): void;
  onActivate(item: number): void;
  onMove(delta: number): void;
}

const ScopedItem = memo(function ScopedItem({
  question, item, Editor, data, value, prelabel, readOnly, active, current, nav, hasNext, hasPrev, onChange, onActivate, onMove,
}: ItemProps) {
  const iq = itemQuestion(question, item.index);
  const inner = taskModule(question.type);
  const v = value ?? inner.empty(question.config);
  const complete = value !== undefined && value !== null && inner.isComplete(value, question.config, data);
  const ref = useRef<HTMLElement>(null);
  const itemChange = useCallback((next: unknown, meta?: ChangeMeta) => onChange(item.index, next, meta), [onChange, item.index]);
  const noun = itemNoun(question.scope!);
  useItemNav(iq.id, nav, noun, { hasNext, hasPrev }, onMove);
  useEffect(() => {
    if (active) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [active]);

  return (
    <article
      ref={ref}
      role="listitem"
      className={`sc-item${current ? ' is-current' : ''}${active ? ' is-active' : ''}${complete ? ' is-done' : ''}`}
      aria-label={item.title}
      aria-current={current ? 'true' : undefined}
      data-item={item.index}
      data-active={active || undefined}
      onPointerDownCapture={() => onActivate(item.index)}
      onFocusCapture={() => onActivate(item.index)}
    >
      <header className="sc-item-head">
        <span className={`sc-status${complete ? ' is-done' : ''}`} aria-hidden="true">{complete ? '✓' : '•'}</span>
        <strong className="sc-item-title">{item.title}</strong>
        <span className={complete ? 'sc-state is-done' : 'sc-state'}>{complete ? 'done' : 'to do'}</span>
        {active && <span className="sc-live">keys live</span>}
      </header>
      <ItemContent item={item} full={current} />
      <ErrorBoundary
        fallback={(error) => (
          <div className="tk-status" role="alert">
            The editor of {item.title} failed: {error.message}. The other {noun}s are kept.
          </div>
        )}
      >
        <Editor
          question={iq}
          config={question.config}
          data={data}
          value={v}
          onChange={itemChange}
          prelabel={prelabel ?? null}
          readOnly={readOnly}
          active={active}
        />
      </ErrorBoundary>
    </article>
  );
});

import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { ProjectSchema, RowAnswer } from '@shared/tasks/question';
import type { Visibility } from '@shared/tasks/conditions';
import { shownQuestions } from '../../tasks/shown-questions';
import { scopeItems, type Scope } from '@shared/tasks/scope';

const NOTHING_HIDDEN: Visibility = { hidden: new Set(), items: new Map() };

/** What the data panel points at: the item of a per-turn or per-response question that owns the keyboard. */
export interface DataFocus {
  field: string;
  each: Scope['each'];
  index: number;
}

/**
 * Which question (and, in a question asked per turn or response, which item) owns the keyboard, over the
 * questions the answer so far shows: a hidden question is skipped by the keys and gives the keyboard on
 * to the next one shown. Answers of hidden questions stay in the store (the draft keeps them).
 */
export function useQuestionFocus(
  schema: ProjectSchema | null,
  answers: RowAnswer,
  data: Record<string, unknown> | null,
  rowKey: number | null,
  container: RefObject<HTMLElement | null>,
) {
  const conditional = !!schema?.some((q) => q.showIf);
  const vis = useMemo(() => (schema && data && conditional ? shownQuestions(schema, answers, data) : NOTHING_HIDDEN), [schema, answers, data, conditional]);
  const [chosen, setChosen] = useState(0);
  const [activeItems, setActiveItems] = useState<Readonly<Record<string, number>>>({});
  useEffect(() => {
    setChosen(0);
    setActiveItems({});
  }, [rowKey]);

  const shownIndices = useMemo(() => (schema ?? []).flatMap((q, i) => (vis.hidden.has(q.id) ? [] : [i])), [schema, vis]);
  // A question that hides while it owns the keyboard hands it to the next question shown (else the last).
  const activeIndex = shownIndices.includes(chosen) ? chosen : (shownIndices.find((i) => i > chosen) ?? shownIndices.at(-1) ?? 0);
  const latest = useRef({ shownIndices, activeIndex });
  latest.current = { shownIndices, activeIndex };

  const moveQuestion = useCallback(
    (delta: number) => {
      const { shownIndices: shown, activeIndex: at } = latest.current;
      if (!schema || shown.length < 2) return;
      const pos = Math.max(0, shown.indexOf(at));
      const next = shown[(pos + delta + shown.length) % shown.length];
      setChosen(next);
      container.current?.querySelector<HTMLElement>(`[data-question="${CSS.escape(schema[next].id)}"]`)?.scrollIntoView?.({ block: 'nearest' });
    },
    [schema, container],
  );
  const setActiveItem = useCallback((questionId: string, item: number) => {
    setActiveItems((m) => (m[questionId] === item ? m : { ...m, [questionId]: item }));
  }, []);

  const active = schema?.[activeIndex];
  let focusItem: number | undefined;
  if (active?.scope && data) {
    const items = vis.items.get(active.id) ?? scopeItems(active.scope, data);
    const picked = activeItems[active.id];
    focusItem = picked !== undefined && items.includes(picked) ? picked : items[0];
  }
  const dataFocus: DataFocus | null =
    active?.scope && focusItem !== undefined ? { field: active.scope.field, each: active.scope.each, index: focusItem } : null;

  return { visibility: vis, activeIndex, setActiveIndex: setChosen, moveQuestion, shownCount: shownIndices.length, activeItems, setActiveItem, dataFocus };
}


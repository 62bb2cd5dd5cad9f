import type { Question } from '@shared/tasks/question';
import { itemTitle, scopeItems, type Scope, type ScopedAnswer } from '@shared/tasks/scope';
import { asConversation, messageText } from '@shared/conversation';
import { canonicalCombo } from '../../hotkeys/keys';
import type { HotkeyHelp } from '../types';

// What a scoped question shows of each item it asks about, and the per-item question its type's own
// editor and comparison view are given. Nothing here knows a task type: the type's editor is reused as is.

/** One item a scoped question asks about, as a person reads it. */
export interface ScopeItemView {
  /** The item's index in the scope's field (message index for turns, response index for responses). */
  index: number;
  /** "Turn 4", "Response B". */
  title: string;
  /** The assistant turn's or the response's text. */
  content: string;
  /** The user turn before an assistant turn, for context (null for responses or a turn without one). */
  context: string | null;
}

const CONTEXT_CHARS = 240;

/** The first line of a text, cut to a readable length: the context line above a turn. */
export function contextLine(text: string): string {
  const line = text.trim().split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > CONTEXT_CHARS ? `${line.slice(0, CONTEXT_CHARS - 1)}…` : line;
}

/** The items of a scoped question in a row (those in `shown`, when given: conditions per item hide some). */
export function scopeItemViews(scope: Scope, data: Record<string, unknown>, shown?: readonly number[]): ScopeItemView[] {
  const all = scopeItems(scope, data);
  const items = shown ? all.filter((i) => shown.includes(i)) : all;
  const raw = Object.hasOwn(data, scope.field) ? data[scope.field] : undefined;
  if (scope.each === 'turn') {
    const messages = asConversation(raw);
    return items.map((index) => {
      let context: string | null = null;
      for (let k = index - 1; k >= 0; k--) {
        if (messages[k].role === 'assistant') break;
        if (messages[k].role === 'user') {
          context = contextLine(messageText(messages[k]));
          break;
        }
      }
      return { index, title: itemTitle(scope, index), content: messageText(messages[index]), context };
    });
  }
  const list = Array.isArray(raw) ? raw : [];
  return items.map((index) => {
    const v = list[index];
    return { index, title: itemTitle(scope, index), content: typeof v === 'string' ? v : JSON.stringify(v, null, 2), context: null };
  });
}

/** Item keys are strings in the answer (`items: { "3": … }`). */
export const itemAnswer = <A>(value: ScopedAnswer<A> | null | undefined, item: number): A | undefined => value?.items?.[String(item)];

/** The answer with one item replaced. */
export function withItem<A>(value: ScopedAnswer<A> | null | undefined, item: number, next: A): ScopedAnswer<A> {
  return { ...(value ?? {}), items: { ...(value?.items ?? {}), [String(item)]: next } };
}

const perItem = new WeakMap<Question, Map<number, Question>>();

/**
 * The question the type's own editor gets for one item: the type's question without scope or condition
 * (the editor answers for one item), with an id of its own so each item's hotkeys live in their own
 * scope (only the active item's are live) and a title naming the item in the help overlay.
 * Cached, so an item's editor sees the same object from render to render.
 */
export function itemQuestion(q: Question, item: number): Question {
  let byItem = perItem.get(q);
  if (!byItem) perItem.set(q, (byItem = new Map()));
  let iq = byItem.get(item);
  if (!iq) {
    const { scope, showIf: _showIf, ...rest } = q;
    iq = { ...rest, id: `${q.id}.${item}`, title: scope ? `${q.title} · ${itemTitle(scope, item)}` : q.title } as Question;
    byItem.set(item, iq);
  }
  return iq;
}

/** Keys that move between items, as pairs (next, previous); the first pair the type's own keys leave free is used. */
const NAV_CANDIDATES: ReadonlyArray<readonly [string, string]> = [
  ['shift+arrowdown', 'shift+arrowup'],
  ['alt+shift+arrowdown', 'alt+shift+arrowup'],
  ['alt+shift+j', 'alt+shift+k'],
];

/** The next / previous item keys for a question whose type binds `typeKeys` (its help lines). */
export function itemNavKeys(typeKeys: readonly HotkeyHelp[]): { next: string; prev: string } {
  const taken = new Set(
    typeKeys.flatMap((h) => (typeof h.keys === 'string' ? [h.keys] : h.keys)).flatMap((k) => {
      try {
        return [canonicalCombo(k)];
      } catch {
        return [];
      }
    }),
  );
  const free = NAV_CANDIDATES.find(([n, p]) => !taken.has(canonicalCombo(n)) && !taken.has(canonicalCombo(p))) ?? NAV_CANDIDATES.at(-1)!;
  return { next: free[0], prev: free[1] };
}

/** "turn" / "response", with a count: "3 turns". */
export const itemNoun = (scope: Scope, n?: number) => {
  const word = scope.each === 'turn' ? 'turn' : 'response';
  return n === undefined ? word : `${n} ${word}${n === 1 ? '' : 's'}`;
};

import { z } from 'zod';
import type { Agreement, AnyTaskModule, StatUnit } from './types';
import type { DataField, TaskInterop } from './interop';
import { assistantTurns, asConversation } from '../conversation';
import { fieldName } from './common';

// A question's scope says what it judges: the whole row (no scope), each assistant turn of a
// conversation field, or each response of a list field. A scoped question asks its type's question once
// per item and its answer holds one answer of that type per item, keyed by the item's index in the field
// (the message index for turns, the response index for responses): `{ items: { "1": A, "3": A } }`.
// Everything generic (agreement, merge, statistics, exports, QA) goes through `scopedModule` and
// `scopedInterop`, which wrap the type's own pieces, so no task type knows about scopes.

export const SCOPES = ['turn', 'response'] as const;
export const scopeSchema = z.strictObject({
  /** `turn`: every assistant message of a conversation field; `response`: every entry of a list field. */
  each: z.enum(SCOPES, { error: 'scope.each must be "turn" (each assistant turn) or "response" (each response)' }),
  field: fieldName,
});
export type Scope = z.output<typeof scopeSchema>;

/** At most this many items are judged per question and row (a conversation may be longer; its rest is not asked). */
export const MAX_SCOPE_ITEMS = 200;

export interface ScopedAnswer<A = unknown> {
  items: Record<string, A>;
}

/** The items a scoped question asks about in a row: indices into the scope's field. */
export function scopeItems(scope: Scope, data: Record<string, unknown>): number[] {
  const v = Object.hasOwn(data, scope.field) ? data[scope.field] : undefined;
  if (scope.each === 'turn') return assistantTurns(asConversation(v)).slice(0, MAX_SCOPE_ITEMS);
  return Array.isArray(v) ? v.slice(0, MAX_SCOPE_ITEMS).map((_, i) => i) : [];
}

/** What people call an item: "Turn 4" (1-based message number) or "Response B". */
export function itemTitle(scope: Scope, item: number): string {
  return scope.each === 'turn' ? `Turn ${item + 1}` : `Response ${item < 26 ? String.fromCharCode(65 + item) : item + 1}`;
}

const itemKey = z.string().regex(/^\d{1,4}$/, 'an item key is the index of a turn or response (0, 1, …)');
const keysOf = (a: ScopedAnswer | undefined): string[] => (a && typeof a === 'object' && a.items ? Object.keys(a.items) : []);

/**
 * The question's type asked once per item. `isComplete` needs the row's data (which items there are);
 * `isCompleteFor` takes the items to check, for a caller that hides some (conditions per item).
 */
export function scopedModule(inner: AnyTaskModule, scope: Scope): AnyTaskModule & {
  isCompleteFor(answer: ScopedAnswer, config: unknown, items: readonly number[]): boolean;
} {
  const isCompleteFor = (a: ScopedAnswer, c: unknown, items: readonly number[]) =>
    items.every((i) => a.items[i] !== undefined && inner.isComplete(a.items[i], c, {}));
  return {
    type: inner.type,
    title: inner.title,
    config: inner.config,
    scopable: false,
    answer: (c) =>
      z.strictObject({
        items: z.record(itemKey, inner.answer(c) as z.ZodType)
          .refine((r) => Object.keys(r).length <= MAX_SCOPE_ITEMS, { message: `at most ${MAX_SCOPE_ITEMS} items per answer`, abort: true }),
      }),
    empty: (): ScopedAnswer => ({ items: {} }),
    isComplete: (a: ScopedAnswer, c, data) => {
      const items = scopeItems(scope, data ?? {});
      // An answer for an item the row does not have is not one a person could have given here.
      const known = new Set(items.map(String));
      return keysOf(a).every((k) => known.has(k)) && isCompleteFor(a, c, items);
    },
    isCompleteFor,
    /** Item by item over the items either answered; the score is their mean, agreement needs every item. */
    agreement(a: ScopedAnswer, b: ScopedAnswer, c): Agreement {
      const keys = [...new Set([...keysOf(a), ...keysOf(b)])].sort((x, y) => Number(x) - Number(y));
      if (keys.length === 0) return { score: 1, agree: true };
      let total = 0;
      let agree = true;
      const detail: Record<string, number> = {};
      for (const k of keys) {
        const r = inner.agreement(a.items[k] ?? inner.empty(c), b.items[k] ?? inner.empty(c), c);
        total += r.score;
        agree &&= r.agree;
        detail[`item:${k}`] = r.score;
      }
      return { score: total / keys.length, agree, detail };
    },
    merge(answers: ScopedAnswer[], c): ScopedAnswer {
      const keys = [...new Set(answers.flatMap(keysOf))].sort((x, y) => Number(x) - Number(y));
      const items: Record<string, unknown> = {};
      for (const k of keys) {
        const given = answers.map((a) => a.items[k]).filter((x) => x !== undefined && x !== null);
        if (given.length) items[k] = inner.merge(given, c);
      }
      return { items };
    },
    /** The type's units per item, keys prefixed `<item>:`, so statistics compare the same turn's judgments. */
    units(a: ScopedAnswer, c, data): StatUnit[] {
      return keysOf(a).flatMap((k) => inner.units(a.items[k], c, data).map((u) => ({ ...u, key: `${k}:${u.key}` })));
    },
    fields: (c) => [...new Set([...inner.fields(c), scope.field])],
  };
}

/** The type's interop per item: the scope's field is read at import; exports write items. */
export function scopedInterop(inner: TaskInterop<any, any>, scope: Scope): TaskInterop<any, ScopedAnswer> {
  const scopeField: DataField = scope.each === 'turn'
    ? { field: scope.field, type: { kind: 'conversation' } }
    : { field: scope.field, type: { kind: 'string[]', min: 1, noun: 'responses' } };
  const each = <R>(item: { answer: ScopedAnswer; questionId: string }, f: (key: string, answer: unknown) => R[]): R[] =>
    keysOf(item.answer).flatMap((k) => f(k, item.answer.items[k]));
  return {
    dataFields: (c) => [...inner.dataFields(c).filter((d) => d.field !== scope.field), scopeField],
    labelStudio: {
      // Label Studio has no per-turn answer of its own: each item's results go under `<question>_<item>`.
      fills: [],
      // A result named for the question alone (or the only question of its kind) says nothing of which item.
      read(r, _v, prev, _c, ctx) {
        ctx.warn({ field: ctx.path, kind: 'skipped', message: `"${ctx.questionId}" is asked per ${scope.each}: its results are named ${ctx.questionId}_<item> (the ${scope.each === 'turn' ? 'message' : 'response'} index), so this "${typeof r.type === 'string' ? r.type : '?'}" result says nothing of which ${scope.each}: left out` });
        return prev;
      },
      readPart(r, v, part, prev: ScopedAnswer | undefined, c, ctx) {
        const m = /^(\d{1,4})(?:_(.+))?$/.exec(part);
        if (!m) return { prelabel: prev, used: false };
        const [, k, innerPart] = m;
        const cur = prev?.items[k];
        let next: unknown;
        if (innerPart === undefined) {
          if (!inner.labelStudio.fills.includes(String(r.type))) return { prelabel: prev, used: false };
          next = inner.labelStudio.read(r, v, cur, c, ctx);
        } else {
          const got = inner.labelStudio.readPart(r, v, innerPart, cur, c, ctx);
          if (!got.used) return { prelabel: prev, used: false };
          next = got.prelabel;
        }
        if (next === undefined) return { prelabel: prev, used: true };
        return { prelabel: { items: { ...(prev?.items ?? {}), [k]: next } }, used: true };
      },
      write: (item) =>
        each(item, (k, answer) =>
          inner.labelStudio.write({ ...item, answer }).map((r) => ({
            ...r,
            id: `${r.id}_${k}`,
            from_name: r.from_name === item.questionId ? `${item.questionId}_${k}` : r.from_name.replace(`${item.questionId}_`, `${item.questionId}_${k}_`),
          })),
        ),
    },
    // Items do not fit one set of columns: a scoped answer goes in one JSON cell (and per item in the
    // per-item export).
    record: null,
    sagemaker: 'custom',
    formats: [],
    answerFilter(c, questionId, value, bad) {
      const test = inner.answerFilter(c, questionId, value, bad);
      return (a) => keysOf(a).some((k) => test(a.items[k]));
    },
    dashboard: { unitsReadData: inner.dashboard.unitsReadData, confusionLabels: (c) => inner.dashboard.confusionLabels(c) },
  };
}

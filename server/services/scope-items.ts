import type { ProjectSchema } from '@shared/tasks/question.js';
import { MAX_SCOPE_ITEMS, scopeItems, type Scope } from '@shared/tasks/scope.js';
import { questionModule } from '@shared/tasks/question-module.js';

// A scoped answer is keyed by the items of the row it answers (message indexes of assistant turns,
// indexes of responses). An answer or prelabel naming an item the row does not have would be kept but
// never shown, exported against the wrong text or counted against nothing: submit and import name it.

export interface StrayItem {
  question: string;
  item: string;
  message: string;
}

function describe(scope: Scope, item: string, known: number[], data: Record<string, unknown>): string {
  const v = Object.hasOwn(data, scope.field) ? data[scope.field] : undefined;
  const length = Array.isArray(v) ? v.length : 0;
  if (Number(item) >= MAX_SCOPE_ITEMS && Number(item) < length) return `item ${item} is beyond the first ${MAX_SCOPE_ITEMS} items, the ones a question asks about`;
  if (scope.each === 'turn') {
    const what = Number(item) < length ? `message ${item} of "${scope.field}" is not an assistant turn` : `"${scope.field}" has no message ${item}`;
    return `${what} (items are message indexes from 0; its assistant turns are ${known.length ? known.join(', ') : 'none'})`;
  }
  return `"${scope.field}" has no response ${item} (items are response indexes from 0; this row has ${known.length ? `0–${known.length - 1}` : 'none'})`;
}

/** Items of the scoped answers in `answer` that the row (`data`) does not have, in schema order. */
export function strayItems(schema: ProjectSchema, answer: Record<string, unknown>, data: Record<string, unknown>): StrayItem[] {
  const out: StrayItem[] = [];
  for (const q of schema) {
    const a = answer[q.id] as { items?: Record<string, unknown> } | undefined;
    if (!q.scope || !a || typeof a !== 'object' || !a.items) continue;
    const known = scopeItems(q.scope, data);
    const set = new Set(known.map(String));
    for (const item of Object.keys(a.items)) if (!set.has(item)) out.push({ question: q.id, item, message: describe(q.scope, item, known, data) });
  }
  return out;
}

/**
 * Per scoped question both answers hold, whether they agree item by item (over the items either
 * answered, an unanswered item compared as the type's empty answer, as the question's own agreement
 * does). The submit stores it beside the row's agreement, so the dashboard counts items without
 * scoring them again.
 */
export function itemAgreement(schema: ProjectSchema, a: Record<string, unknown>, b: Record<string, unknown>): Record<string, Record<string, boolean>> {
  const out: Record<string, Record<string, boolean>> = {};
  for (const q of schema) {
    const x = a[q.id] as { items?: Record<string, unknown> } | undefined;
    const y = b[q.id] as { items?: Record<string, unknown> } | undefined;
    if (!q.scope || !x?.items || !y?.items) continue;
    // The question asked once: the type's own module, which the scoped one wraps.
    const inner = questionModule({ type: q.type, config: q.config });
    const keys = [...new Set([...Object.keys(x.items), ...Object.keys(y.items)])];
    out[q.id] = Object.fromEntries(keys.map((k) => [k, inner.agreement(x.items![k] ?? inner.empty(q.config), y.items![k] ?? inner.empty(q.config), q.config).agree]));
  }
  return out;
}

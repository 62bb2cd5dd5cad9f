import { z } from 'zod';
import type { TaskType } from './types';
import { taskInterop } from './registry';
import { scopeItems, type Scope, type ScopedAnswer } from './scope';

// A conditional question shows only when an earlier question's answer matches: "which harm category?"
// only when "unsafe" was chosen. Matching uses each type's own export-filter sense of a value (a label
// for a choice, `criterion=score` for a rubric, a letter for a preference), so no type is named here.
// Hidden questions are not required, are dropped from what is submitted, and so are never exported.
// When both questions are scoped to the same items (each turn), the condition holds turn by turn.

const value = z.string().min(1, 'a condition value must not be empty').max(200);
export const showIfSchema = z.strictObject({
  /** The id of an earlier question. */
  question: z.string().min(1).max(100),
  /** The answer that shows this question, in that question's terms; a list means any of them. */
  equals: z.union([value, z.array(value).min(1).max(50)]),
});
export type ShowIf = z.output<typeof showIfSchema>;

/** The part of a question conditions read (a structural view of `Question`, which imports this file). */
export interface ConditionalQuestion {
  id: string;
  type: TaskType;
  config: unknown;
  scope?: Scope;
  showIf?: ShowIf;
}

const sameScope = (a?: Scope, b?: Scope) => !!a && !!b && a.each === b.each && a.field === b.field;

class ConditionError extends Error {}

/** The predicate of a condition over the parent's answer; throws ConditionError with what to fix. */
function compile(parent: ConditionalQuestion, showIf: ShowIf): (answer: unknown) => boolean {
  const bad = (message: string): never => { throw new ConditionError(message); };
  const interop = taskInterop(parent.type);
  const tests = (Array.isArray(showIf.equals) ? showIf.equals : [showIf.equals]).map((v) => interop.answerFilter(parent.config, parent.id, v, bad));
  return (a) => a !== undefined && a !== null && tests.some((t) => t(a));
}

const compiled = new WeakMap<ShowIf, (answer: unknown) => boolean>();
function predicate(parent: ConditionalQuestion, showIf: ShowIf) {
  let p = compiled.get(showIf);
  if (!p) compiled.set(showIf, (p = compile(parent, showIf)));
  return p;
}

/** Problems with the schema's conditions, by question index: unknown or later question, values it cannot hold. */
export function conditionIssues(schema: readonly ConditionalQuestion[]): Array<{ index: number; path: string[]; message: string }> {
  const out: Array<{ index: number; path: string[]; message: string }> = [];
  schema.forEach((q, index) => {
    if (!q.showIf) return;
    const at = schema.findIndex((p) => p.id === q.showIf!.question);
    const parent = schema[at];
    if (at < 0) out.push({ index, path: ['showIf', 'question'], message: `shows when question "${q.showIf.question}" matches, but there is no such question` });
    else if (at === index) out.push({ index, path: ['showIf', 'question'], message: 'a question cannot depend on its own answer' });
    else if (at > index) out.push({ index, path: ['showIf', 'question'], message: `a question can only depend on a question asked before it ("${parent.id}" comes after it)` });
    else if (parent.scope && !sameScope(parent.scope, q.scope))
      out.push({ index, path: ['showIf', 'question'], message: `"${parent.id}" is asked per ${parent.scope.each} of ${parent.scope.field}: a question depending on it must be asked per ${parent.scope.each} of the same field` });
    else {
      try { compile(parent, q.showIf); } catch (e) {
        if (!(e instanceof ConditionError)) throw e;
        out.push({ index, path: ['showIf', 'equals'], message: e.message });
      }
    }
  });
  return out;
}

export interface Visibility {
  /** Questions not shown (their condition does not hold). */
  hidden: Set<string>;
  /** Per-item conditions: the items shown, per question (absent: every item of its scope). */
  items: Map<string, number[]>;
}

/**
 * Which questions (and, for per-item conditions, which items) a person is asked given the answer so far.
 * A question whose parent is hidden is hidden too.
 */
export function visibility(schema: readonly ConditionalQuestion[], answer: Record<string, unknown>, data: Record<string, unknown>): Visibility {
  const hidden = new Set<string>();
  const items = new Map<string, number[]>();
  for (const q of schema) {
    if (!q.showIf) continue;
    const parent = schema.find((p) => p.id === q.showIf!.question);
    if (!parent || hidden.has(parent.id)) { hidden.add(q.id); continue; }
    const test = predicate(parent, q.showIf);
    const given = answer[parent.id];
    if (parent.scope && q.scope) {
      const pa = given as ScopedAnswer | undefined;
      const shownOfParent = items.get(parent.id);
      items.set(q.id, scopeItems(q.scope, data).filter((i) => (!shownOfParent || shownOfParent.includes(i)) && test(pa?.items?.[i])));
    } else if (!test(given)) hidden.add(q.id);
  }
  return { hidden, items };
}

/** The answer without what its conditions hide: what is submitted, stored and exported. */
export function visibleAnswer(schema: readonly ConditionalQuestion[], answer: Record<string, unknown>, data: Record<string, unknown>): Record<string, unknown> {
  if (!schema.some((q) => q.showIf)) return answer;
  const v = visibility(schema, answer, data);
  const out: Record<string, unknown> = {};
  for (const [id, a] of Object.entries(answer)) {
    if (v.hidden.has(id)) continue;
    const shown = v.items.get(id);
    // A per-item question shown for no item was not asked at all: stored as absent, so two labelers who
    // both skipped it do not count as agreeing on it (rowAgreement and the dashboard leave it out).
    if (shown && shown.length === 0) continue;
    if (shown && a && typeof a === 'object' && 'items' in a) {
      const keep = new Set(shown.map(String));
      out[id] = { ...a, items: Object.fromEntries(Object.entries((a as ScopedAnswer).items).filter(([k]) => keep.has(k))) };
    } else out[id] = a;
  }
  return out;
}

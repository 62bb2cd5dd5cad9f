import type { ProjectSchema, Question } from '@shared/tasks/question.js';
import { questionInterop, questionModule } from '@shared/tasks/question-module.js';
import { itemTitle, scopeItems, type ScopedAnswer } from '@shared/tasks/scope.js';
import { asConversation, messageText } from '@shared/conversation.js';
import { ApiFailure } from '../../http.js';
import type { ExportRow } from './rows.js';
import { cell, csvLine } from './formats.js';

// The per-item export: one line per turn or response judged by a question asked per turn or per
// response ("per-turn ratings as rows, one per turn"), with the text judged beside its answer, in JSONL
// or CSV. Only finalized rows have answers to write; an item without one (a harm category on a turn
// called safe) has no line.

type ScopedQuestion = Question & { scope: NonNullable<Question['scope']> };

/** The questions the export writes: every scoped one, or the one `questionId` names (which must be scoped). */
export function perItemQuestions(schema: ProjectSchema, format: string, questionId?: string): ScopedQuestion[] {
  if (questionId !== undefined) {
    const q = schema.find((x) => x.id === questionId);
    if (!q) throw new ApiFailure(400, 'bad_request', `question: no question "${questionId}" in this project`);
    if (!q.scope) throw new ApiFailure(400, 'bad_request', `question: "${q.id}" judges the whole row; ${format} writes questions asked per turn or per response`);
    return [q as ScopedQuestion];
  }
  const scoped = schema.filter((q): q is ScopedQuestion => q.scope !== undefined);
  if (!scoped.length) throw new ApiFailure(400, 'bad_request', `format: ${format} writes questions asked per turn or per response, and this project has none`);
  return scoped;
}

/** The question asked once, as its type asks it: what each item's answer is an answer to. */
const asked = (q: ScopedQuestion) => ({ type: q.type, config: q.config });

/** Columns of a per-item file: where the item is and what it says, then each question's record columns, then the answer and its agreement. */
export interface PerItemLayout { questions: ScopedQuestion[]; columns: string[]; records: Map<string, string[]> }

const BASE = ['row_id', 'external_id', 'question', 'scope', 'item', 'item_title', 'role', 'content'];

export function perItemLayout(questions: ScopedQuestion[]): PerItemLayout {
  const records = new Map<string, string[]>();
  for (const q of questions) {
    const rec = questionInterop(asked(q)).record;
    const empty = questionModule(asked(q)).empty(q.config);
    records.set(q.id, rec ? Object.keys(rec({ rowId: '', externalId: null, data: {}, config: q.config, questionId: q.id, answer: empty })) : []);
  }
  const recordColumns = [...new Set([...records.values()].flat())].filter((c) => !BASE.includes(c));
  return { questions, records, columns: [...BASE, ...recordColumns, 'answer', 'agreement'] };
}

/** What the item is: a turn's role and text, or a response's text. */
function itemText(q: ScopedQuestion, data: Record<string, unknown>, item: number): { role: string | null; content: string | null } {
  const v = Object.hasOwn(data, q.scope.field) ? data[q.scope.field] : undefined;
  if (q.scope.each === 'turn') {
    const m = asConversation(v)[item];
    return m ? { role: m.role, content: messageText(m) } : { role: null, content: null };
  }
  const r = Array.isArray(v) ? v[item] : undefined;
  return { role: null, content: r === undefined || r === null ? null : typeof r === 'string' ? r : JSON.stringify(r) };
}

/**
 * The lines of one row: per question, per item of the row in order, the item's final answer (its
 * type's record columns, and the answer itself) and the labelers' agreement on that item (null unless
 * both labeled it).
 */
export function perItemRecords(row: ExportRow, layout: PerItemLayout): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const q of layout.questions) {
    const a = row.final?.answer[q.id] as ScopedAnswer | undefined;
    if (!a?.items) continue;
    const rec = questionInterop(asked(q)).record;
    const scores = row.agreement?.[q.id]?.items;
    for (const item of scopeItems(q.scope, row.data)) {
      const answer = a.items[item];
      if (answer === undefined || answer === null) continue;
      const line: Record<string, unknown> = {
        row_id: row.id, external_id: row.externalId, question: q.id, scope: q.scope.each, item, item_title: itemTitle(q.scope, item),
        ...itemText(q, row.data, item),
      };
      // A record column named like a base column (a question called "content") keeps the base one; the answer still holds it.
      const cols = rec ? rec({ rowId: String(row.id), externalId: row.externalId, data: row.data, config: q.config, questionId: q.id, answer }) : {};
      for (const [k, v] of Object.entries(cols)) if (!BASE.includes(k)) line[k] = v;
      line.answer = answer;
      line.agreement = scores?.[item] ?? null;
      out.push(line);
    }
  }
  return out;
}

export const perItemJsonl = (row: ExportRow, layout: PerItemLayout) => perItemRecords(row, layout).map((x) => JSON.stringify(x) + '\n').join('');

/** CSV lines of a row: one cell per column, the answer as JSON. */
export const perItemCsv = (row: ExportRow, layout: PerItemLayout) =>
  perItemRecords(row, layout).map((x) => csvLine(layout.columns.map((c) => cell(x[c])))).join('');

import type { ExportQuery } from '@shared/api/console.js';
import type { ProjectSchema, Question } from '@shared/tasks/question.js';
import { questionInterop } from '@shared/tasks/question-module.js';
import { ApiFailure } from '../../http.js';
import type { ExportRow } from './rows.js';

/**
 * Which rows an export keeps, beyond their state. Id lists narrow the SQL itself (a handful of rows out of
 * millions); `row` sees the row's own columns before its answers are loaded; `exported` sees the loaded
 * row (final, labels, agreement). Every present condition must hold.
 */
export interface RowMatch {
  ids?: string[];
  rowIds?: number[];
  row?: (r: { expertise: string[]; updatedAt: number }) => boolean;
  exported?: (r: ExportRow) => boolean;
  /** `exported` reads the row's agreement: the rows must be loaded with their answers. */
  readsAnswers?: boolean;
}

const bad = (field: string, message: string): never => { throw new ApiFailure(400, 'bad_request', `${field}: ${message}`); };

/** Whether a final answer to `q` holds `value`, in the sense its task type gives it; the value is checked against the question first. */
export function answerMatcher(q: Question, value: string): (answer: any) => boolean {
  return questionInterop(q).answerFilter(q.config, q.id, value, (message) => bad('answer', message));
}

/** The row's agreement: the mean of its questions' scores, as the workflow scores a row; null until both labels are in. */
export function rowAgreementScore(row: ExportRow): number | null {
  const scores = Object.values(row.agreement ?? {}).map((x) => x.score);
  return scores.length ? scores.reduce((s, x) => s + x, 0) / scores.length : null;
}

/** The filters of an export query as a RowMatch; a filter naming what the project does not have is a 400. */
export function exportMatch(schema: ProjectSchema, q: ExportQuery, finalsOnly: boolean): RowMatch {
  const m: RowMatch = {};
  if (q.ids) m.ids = q.ids;
  if (q.rowIds) m.rowIds = q.rowIds;
  const dateOf = q.dateOf ?? (finalsOnly ? 'finalized' : 'updated');
  const since = q.since ?? -Infinity;
  const until = q.until ?? Infinity;
  const dated = q.since !== undefined || q.until !== undefined;
  const expertise = q.expertise;
  if (expertise || (dated && dateOf === 'updated')) {
    m.row = (r) => (!expertise || r.expertise.some((d) => expertise.includes(d)))
      && (!dated || dateOf !== 'updated' || (r.updatedAt >= since && r.updatedAt < until));
  }
  const checks: Array<(r: ExportRow) => boolean> = [];
  if (dated && dateOf === 'finalized') checks.push((r) => r.final !== null && r.final.createdAt >= since && r.final.createdAt < until);
  if (q.answer !== undefined) {
    const k = q.answer.indexOf(':');
    const id = q.answer.slice(0, k);
    const question = schema.find((x) => x.id === id) ?? bad('answer', `no question "${id}" in this project`);
    const holds = answerMatcher(question, q.answer.slice(k + 1));
    checks.push((r) => {
      const a = r.final?.answer[id];
      return a !== undefined && a !== null && holds(a);
    });
  }
  if (q.agreementBelow !== undefined || q.agreementAbove !== undefined) {
    const below = q.agreementBelow ?? Infinity;
    const above = q.agreementAbove ?? -Infinity;
    m.readsAnswers = true;
    checks.push((r) => {
      const s = rowAgreementScore(r);
      return s !== null && s < below && s > above;
    });
  }
  if (checks.length) m.exported = (r) => checks.every((c) => c(r));
  return m;
}

/** Whether a query carries any row filter (the work report, a per-person total, takes none). */
export const hasFilters = (q: ExportQuery) =>
  [q.answer, q.agreementBelow, q.agreementAbove, q.expertise, q.since, q.until, q.ids, q.rowIds].some((v) => v !== undefined);

import type { Kysely } from 'kysely';
import type { DB, RowState } from '../../db/types.js';
import type { ProjectSchema, RowAnswer } from '@shared/tasks/question.js';
import { rowAgreement } from '@shared/tasks/question.js';
import type { Agreement } from '@shared/tasks/types.js';
import { expertiseByUser } from '../../repos/users.js';
import type { RowMatch } from './filters.js';
import { visibleRow } from '../../repos/visible.js';

export interface ExportAnswer {
  userId: number;
  answer: RowAnswer;
  createdAt: number;
  activeMs: number;
  guidelineVersion: number | null;
  bestEffort: boolean;
  prelabel: Record<string, string> | null;
}

/** One row with everything an exporter may write about it. */
export interface ExportRow {
  id: number;
  externalId: string | null;
  data: Record<string, unknown>;
  state: RowState;
  round: number;
  expertise: string[];
  priority: number;
  /** The model's suggestions the row was imported with (question id → answer), or null. */
  prelabels: Record<string, unknown> | null;
  final: null | {
    answer: RowAnswer; source: 'qa' | 'consensus'; choices: Record<string, string> | null;
    decidedBy: number | null; guidelineVersion: number | null; createdAt: number; round: number;
  };
  /** The two labels of the final's round (or of the current round), in submission order: l1, l2. */
  labels: ExportAnswer[];
  qa: ExportAnswer | null;
  /**
   * Per question: the pairwise agreement of the two labels, when both are in; for a question asked per
   * turn or response, also each item's score (by item index).
   */
  agreement: Record<string, QuestionAgreement> | null;
}

export interface QuestionAgreement { score: number; agree: boolean; items?: Record<string, number> }

/** What exports write of a question's agreement: score and verdict, and per item for a scoped question (detail `item:<k>`). */
function exportedAgreement(a: Agreement): QuestionAgreement {
  const items = Object.entries(a.detail ?? {}).filter(([k]) => k.startsWith('item:')).map(([k, v]) => [k.slice(5), v] as const);
  return items.length ? { score: a.score, agree: a.agree, items: Object.fromEntries(items) } : { score: a.score, agree: a.agree };
}

export interface People { name(id: number | null): string | null; expertise(id: number): string[] }

/** Names and expertise of everyone on the project or who ever answered in it (a few hundred at most). */
export async function loadPeople(db: Kysely<DB>, projectId: number): Promise<People> {
  const ids = new Set<number>();
  for (const m of await db.selectFrom('project_members').select('user_id').where('project_id', '=', projectId).execute()) ids.add(Number(m.user_id));
  for (const a of await db.selectFrom('answers').select('user_id').distinct().where('project_id', '=', projectId).execute()) ids.add(Number(a.user_id));
  const list = [...ids];
  const users = list.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', list).execute() : [];
  const names = new Map(users.map((u) => [Number(u.id), u.name]));
  const exp = await expertiseByUser(db, list);
  return { name: (id) => (id === null ? null : names.get(id) ?? null), expertise: (id) => exp.get(id) ?? [] };
}

const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));
const toAnswer = (a: { user_id: number; answer_json: string; created_at: number; active_ms: number; guideline_version: number | null; best_effort: number; prelabel_json: string | null }): ExportAnswer => ({
  userId: Number(a.user_id), answer: JSON.parse(a.answer_json), createdAt: Number(a.created_at), activeMs: Number(a.active_ms),
  guidelineVersion: a.guideline_version, bestEffort: a.best_effort === 1, prelabel: parse(a.prelabel_json),
});

/**
 * Rows of a project in id order, a page at a time (keyset pagination on the primary key), with their
 * final and the answers of the final's round: memory stays at one page whatever the project's size.
 */
export async function* exportRows(db: Kysely<DB>, projectId: number, schema: ProjectSchema, opts: {
  states: RowState[] | null; onlyFinal?: boolean; page?: number; match?: RowMatch;
}): AsyncGenerator<ExportRow> {
  const page = opts.page ?? 1000;
  const { ids: externalIds, rowIds, row: rowOk, exported: exportedOk } = opts.match ?? {};
  let after = 0;
  for (;;) {
    // States are filtered here rather than in SQL: with a state condition SQLite prefers the queue index
    // (project, state, …) and sorts every matching row by id on each page, which is quadratic overall.
    // Explicit ids are the exception: a bounded list the primary key and (project, external_id) find directly.
    let sel = db.selectFrom('rows')
      .select(['id', 'external_id', 'data_json', 'prelabels_json', 'priority', 'state', 'round', 'expertise_json', 'final_id', 'agreement_json', 'updated_at'])
      .where('project_id', '=', projectId).where('id', '>', after).where(visibleRow('rows'));
    if (externalIds || rowIds) {
      sel = sel.where((eb) => eb.or([
        ...(externalIds ? [eb('external_id', 'in', externalIds)] : []),
        ...(rowIds ? [eb('id', 'in', rowIds)] : []),
      ]));
    }
    const fetched = await sel.orderBy('id').limit(page).execute();
    if (!fetched.length) return;
    after = Number(fetched[fetched.length - 1].id);
    // Gold rows measure labelers against a reference: never part of an export of labels, whatever the state asked.
    const rows = fetched.filter((r) => r.state !== 'gold' && (!opts.states || opts.states.includes(r.state)) && (!opts.onlyFinal || r.final_id !== null)
      && (!rowOk || rowOk({ expertise: JSON.parse(r.expertise_json), updatedAt: Number(r.updated_at) })));
    if (!rows.length) { if (fetched.length < page) return; continue; }
    const ids = rows.map((r) => Number(r.id));
    const finalIds = rows.map((r) => r.final_id).filter((x): x is number => x !== null).map(Number);
    const finals = finalIds.length ? await db.selectFrom('finals').selectAll().where('id', 'in', finalIds).execute() : [];
    const finalById = new Map(finals.map((f) => [Number(f.id), f]));
    const answers = await db.selectFrom('answers')
      .select(['row_id', 'round', 'kind', 'user_id', 'answer_json', 'created_at', 'active_ms', 'guideline_version', 'best_effort', 'prelabel_json', 'id'])
      .where('row_id', 'in', ids).orderBy('id').execute();
    const byRow = new Map<number, typeof answers>();
    for (const a of answers) {
      const k = Number(a.row_id);
      let l = byRow.get(k);
      if (!l) byRow.set(k, (l = []));
      l.push(a);
    }
    for (const r of rows) {
      const f = r.final_id === null ? undefined : finalById.get(Number(r.final_id));
      const round = f ? f.round : r.round;
      const mine = (byRow.get(Number(r.id)) ?? []).filter((a) => a.round === round);
      const labels = mine.filter((a) => a.kind === 'label').slice(0, 2).map(toAnswer);
      const qaRow = mine.find((a) => a.kind === 'qa');
      const data = JSON.parse(r.data_json) as Record<string, unknown>;
      const scored = labels.length === 2
        ? rowAgreement(schema, labels[0].answer, labels[1].answer).questions
        : parse<{ questions?: Record<string, Agreement> }>(r.agreement_json)?.questions;
      const agreement = scored ? Object.fromEntries(Object.entries(scored).map(([k, v]) => [k, exportedAgreement(v)])) : null;
      const out: ExportRow = {
        id: Number(r.id), externalId: r.external_id, data, state: r.state, round: r.round,
        expertise: JSON.parse(r.expertise_json), priority: Number(r.priority), prelabels: parse(r.prelabels_json),
        final: f ? {
          answer: JSON.parse(f.answer_json), source: f.source, choices: parse(f.choices_json), decidedBy: f.decided_by === null ? null : Number(f.decided_by),
          guidelineVersion: f.guideline_version, createdAt: Number(f.created_at), round: f.round,
        } : null,
        labels, qa: qaRow ? toAnswer(qaRow) : null, agreement,
      };
      if (!exportedOk || exportedOk(out)) yield out;
    }
    if (fetched.length < page) return;
  }
}

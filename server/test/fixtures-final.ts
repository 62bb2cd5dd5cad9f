import type { Kysely } from 'kysely';
import type { DB, RowState } from '../db/types.js';

export interface GivenAnswer {
  userId: number;
  answer: Record<string, unknown>;
  activeMs?: number;
  guidelineVersion?: number | null;
  prelabel?: Record<string, 'kept' | 'changed' | 'none'> | null;
  bestEffort?: boolean;
  at?: number;
}

let seq = 0;

/**
 * Writes a row's workflow history directly (assignments, answers, final), the way the workflow would
 * leave it, so export and dashboard tests do not depend on the claim/submit routes.
 */
export async function giveRow(db: Kysely<DB>, o: {
  projectId: number; rowId: number; round?: number; labels: GivenAnswer[]; qa?: GivenAnswer;
  final?: { answer: Record<string, unknown>; source?: 'qa' | 'consensus'; choices?: Record<string, string> | null; decidedBy?: number | null; guidelineVersion?: number | null; at?: number };
  state?: RowState; at?: number;
}): Promise<{ finalId: number | null }> {
  const round = o.round ?? 1;
  const t0 = o.at ?? Date.UTC(2026, 10, 22, 9);
  const put = async (a: GivenAnswer, kind: 'label' | 'qa', k: number) => {
    const at = a.at ?? t0 + k * 60_000;
    const asg = await db.insertInto('assignments').values({
      row_id: o.rowId, project_id: o.projectId, round, kind, user_id: a.userId, status: 'submitted',
      claimed_at: at - 1000, heartbeat_at: at, expires_at: at + 1_800_000, finished_at: at, release_reason: null, draft_json: null,
    }).returning('id').executeTakeFirstOrThrow();
    const ans = await db.insertInto('answers').values({
      assignment_id: Number(asg.id), row_id: o.rowId, project_id: o.projectId, user_id: a.userId, kind, round,
      answer_json: JSON.stringify(a.answer), best_effort: a.bestEffort ? 1 : 0, active_ms: a.activeMs ?? 30_000,
      guideline_version: a.guidelineVersion ?? null, client_submission_id: `fx-${++seq}-${o.rowId}-${a.userId}`,
      prelabel_json: a.prelabel ? JSON.stringify(a.prelabel) : null, created_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    return { assignmentId: Number(asg.id), answerId: Number(ans.id), at };
  };
  const done: Array<{ assignmentId: number; at: number }> = [];
  for (let k = 0; k < o.labels.length; k++) done.push(await put(o.labels[k], 'label', k));
  const qa = o.qa ? await put(o.qa, 'qa', 2) : null;
  let finalId: number | null = null;
  if (o.final) {
    const f = await db.insertInto('finals').values({
      row_id: o.rowId, project_id: o.projectId, round, answer_json: JSON.stringify(o.final.answer), source: o.final.source ?? (o.qa ? 'qa' : 'consensus'),
      choices_json: o.final.choices === undefined || o.final.choices === null ? null : JSON.stringify(o.final.choices),
      decided_by: o.final.decidedBy ?? o.qa?.userId ?? null, qa_assignment_id: qa?.assignmentId ?? null,
      guideline_version: o.final.guidelineVersion ?? null, created_at: o.final.at ?? (qa?.at ?? t0) + 1000,
    }).returning('id').executeTakeFirstOrThrow();
    finalId = Number(f.id);
  }
  const state: RowState = o.state ?? (finalId !== null ? 'final' : o.labels.length >= 2 ? 'qa' : 'labeling');
  await db.updateTable('rows').set({
    state, round, labels_taken: o.labels.length, labels_done: o.labels.length, final_id: finalId,
    agree: null, updated_at: t0,
  }).where('id', '=', o.rowId).execute();
  return { finalId };
}

/** Rows of a project by external id. */
export async function rowIds(db: Kysely<DB>, projectId: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('rows').select(['id', 'external_id']).where('project_id', '=', projectId).execute();
  return new Map(rows.map((r) => [r.external_id ?? String(r.id), Number(r.id)]));
}

/** Finalizes every row with its own prelabels (both labelers and QA gave them): fixture round trips. */
export async function finalizeWithPrelabels(db: Kysely<DB>, projectId: number, users: [number, number, number]): Promise<number> {
  const rows = await db.selectFrom('rows').select(['id', 'prelabels_json']).where('project_id', '=', projectId).orderBy('id').execute();
  for (const r of rows) {
    const answer = r.prelabels_json ? JSON.parse(r.prelabels_json) : {};
    await giveRow(db, {
      projectId, rowId: Number(r.id),
      labels: [{ userId: users[0], answer }, { userId: users[1], answer }], qa: { userId: users[2], answer },
      final: { answer, choices: Object.fromEntries(Object.keys(answer).map((k) => [k, 'agreed'])) },
    });
  }
  return rows.length;
}

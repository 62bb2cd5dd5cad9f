import type { Kysely, Selectable } from 'kysely';
import type { DB, FinalsTable } from '../db/types.js';

export type FinalRecord = Selectable<FinalsTable>;

/** Finals are append-only: reopening and finalizing again adds a record and moves the row's pointer. */
export async function insertFinal(db: Kysely<DB>, f: {
  rowId: number; projectId: number; round: number; answer: unknown; source: 'qa' | 'consensus';
  choices: Record<string, string> | null; decidedBy: number | null; qaAssignmentId: number | null;
  guidelineVersion: number | null; now: number;
}): Promise<number> {
  const r = await db.insertInto('finals').values({
    row_id: f.rowId, project_id: f.projectId, round: f.round, answer_json: JSON.stringify(f.answer), source: f.source,
    choices_json: f.choices ? JSON.stringify(f.choices) : null, decided_by: f.decidedBy, qa_assignment_id: f.qaAssignmentId,
    guideline_version: f.guidelineVersion, created_at: f.now,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function finalsOfRow(db: Kysely<DB>, rowId: number): Promise<FinalRecord[]> {
  return db.selectFrom('finals').selectAll().where('row_id', '=', rowId).orderBy('id').execute();
}

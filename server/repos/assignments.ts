import type { Kysely, Selectable } from 'kysely';
import type { AssignmentKind, AssignmentsTable, AssignmentStatus, DB } from '../db/types.js';
import type { Engine } from '../db/connection.js';
import { prepared } from '../db/prepared.js';

export type Assignment = Selectable<AssignmentsTable>;

const byId = prepared<{ id: number }, Assignment>((db, p) => db.selectFrom('assignments').selectAll().where('id', '=', p('id')));
const byIdForUpdate = prepared<{ id: number }, Assignment>((db, p) => db.selectFrom('assignments').selectAll().where('id', '=', p('id')).forUpdate());

export async function getAssignment(db: Kysely<DB>, id: number, lock?: Engine): Promise<Assignment | undefined> {
  return (await (lock === 'postgres' ? byIdForUpdate : byId)(db, { id })).rows[0];
}

/** The caller's live claim of this kind in the project: asking again resumes it (rule 8). */
/** The caller's active claims of one kind in a project, oldest first: the current one, then a claimed-ahead one. */
const activeClaimsQ = prepared<{ userId: number; projectId: number; kind: AssignmentKind }, Assignment>((db, p) => db.selectFrom('assignments').selectAll()
  .where('user_id', '=', p('userId')).where('project_id', '=', p('projectId')).where('status', '=', 'active').where('kind', '=', p('kind'))
  .orderBy('id').limit(2));

export async function activeClaims(db: Kysely<DB>, userId: number, projectId: number, kind: AssignmentKind): Promise<Assignment[]> {
  return (await activeClaimsQ(db, { userId, projectId, kind })).rows;
}

/**
 * A slot of the caller's that lapsed (lease expiry, or a QA claim handed to the leads) in the row's current
 * round while that slot is still free: they get it back with their draft instead of a new row. Skipped
 * slots never come back.
 */
const returnable = (kind: AssignmentKind) => prepared<{ userId: number; projectId: number }, Assignment>((db, p) => {
  const q = db.selectFrom('assignments as a').innerJoin('rows as r', 'r.id', 'a.row_id').selectAll('a')
    .where('a.user_id', '=', p('userId')).where('a.project_id', '=', p('projectId')).where('a.kind', '=', kind)
    .whereRef('a.round', '=', 'r.round');
  return (kind === 'label'
    ? q.where('a.status', '=', 'expired').where('r.state', '=', 'labeling').where('r.labels_taken', '<', 2)
    : q.where((eb) => eb.or([eb('a.status', '=', 'expired'), eb.and([eb('a.status', '=', 'released'), eb('a.release_reason', '=', 'escalated')])]))
      .where('r.state', '=', 'qa').where('r.qa_taken', '=', 0)).orderBy('a.id').limit(1);
});
const returnableQ = { label: returnable('label'), qa: returnable('qa') };

export async function returnableClaim(db: Kysely<DB>, userId: number, projectId: number, kind: AssignmentKind): Promise<Assignment | undefined> {
  return (await returnableQ[kind](db, { userId, projectId })).rows[0];
}

export async function insertAssignment(db: Kysely<DB>, a: {
  rowId: number; projectId: number; round: number; kind: AssignmentKind; userId: number; now: number; expiresAt: number;
}): Promise<Assignment> {
  return (await insertAssignmentQ(db, a)).rows[0];
}

type NewAssignment = { rowId: number; projectId: number; round: number; kind: AssignmentKind; userId: number; now: number; expiresAt: number };
const insertAssignmentQ = prepared<NewAssignment, Assignment>((db, p) => db.insertInto('assignments').values({
  row_id: p('rowId'), project_id: p('projectId'), round: p('round'), kind: p('kind'), user_id: p('userId'), status: 'active',
  claimed_at: p('now'), heartbeat_at: p('now'), expires_at: p('expiresAt'), finished_at: null, release_reason: null, draft_json: null,
}).returningAll());

/** Gives a lapsed slot back to its owner (the unique (row, user) index means the old row is reused). */
export async function reactivate(db: Kysely<DB>, id: number, now: number, expiresAt: number): Promise<Assignment> {
  return db.updateTable('assignments')
    .set({ status: 'active', claimed_at: now, heartbeat_at: now, expires_at: expiresAt, finished_at: null, release_reason: null })
    .where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function finishAssignment(db: Kysely<DB>, id: number, status: Exclude<AssignmentStatus, 'active'>, now: number, reason: string | null): Promise<void> {
  await finishQ(db, { id, status, now, reason });
}

const finishQ = prepared<{ id: number; status: AssignmentStatus; now: number; reason: string | null }, never>((db, p) =>
  db.updateTable('assignments').set({ status: p('status'), finished_at: p('now'), release_reason: p('reason') }).where('id', '=', p('id')));

export async function extendLease(db: Kysely<DB>, id: number, now: number, expiresAt: number): Promise<void> {
  await db.updateTable('assignments').set({ heartbeat_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
}

/** Drafts are append-only revisions; the latest is copied onto the assignment so resuming is one read. */
export async function saveDraft(db: Kysely<DB>, id: number, answerJson: string, now: number, expiresAt: number): Promise<number> {
  const r = await db.insertInto('draft_revisions').values({ assignment_id: id, answer_json: answerJson, created_at: now })
    .returning('id').executeTakeFirstOrThrow();
  await db.updateTable('assignments').set({ draft_json: answerJson, heartbeat_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
  return Number(r.id);
}

/**
 * Marks every overdue active claim of the project expired and returns them, in row order so concurrent
 * sweeps lock rows in the same order. On Postgres, claims another sweep is already expiring are skipped.
 */
export async function expireOverdue(db: Kysely<DB>, engine: Engine, projectId: number, now: number) {
  const due = db.selectFrom('assignments').select('id')
    .where('project_id', '=', projectId).where('status', '=', 'active').where('expires_at', '<=', now)
    .$if(engine === 'postgres', (q) => q.forUpdate().skipLocked());
  const done = await db.updateTable('assignments')
    .set({ status: 'expired', finished_at: now, release_reason: 'lease' })
    .where('id', 'in', due).where('status', '=', 'active')
    .returning(['id', 'row_id', 'kind', 'round', 'user_id']).execute();
  return done.sort((a, b) => a.row_id - b.row_id);
}

/** Slots of a round that are active or submitted: the row's current holders. */
export async function holders(db: Kysely<DB>, rowId: number, round: number) {
  return db.selectFrom('assignments').select(['id', 'user_id', 'kind', 'status'])
    .where('row_id', '=', rowId).where('round', '=', round).where('status', 'in', ['active', 'submitted'])
    .orderBy('id').execute();
}

export async function assignmentsOfRow(db: Kysely<DB>, rowId: number) {
  return db.selectFrom('assignments').innerJoin('users', 'users.id', 'assignments.user_id')
    .select(['assignments.id', 'assignments.kind', 'assignments.round', 'assignments.user_id', 'users.name as user_name',
      'assignments.status', 'assignments.claimed_at', 'assignments.heartbeat_at', 'assignments.expires_at',
      'assignments.finished_at', 'assignments.release_reason', 'assignments.draft_json'])
    .where('assignments.row_id', '=', rowId).orderBy('assignments.id').execute();
}

export async function draftsOfRow(db: Kysely<DB>, rowId: number) {
  return db.selectFrom('draft_revisions').innerJoin('assignments', 'assignments.id', 'draft_revisions.assignment_id')
    .select(['draft_revisions.id', 'draft_revisions.assignment_id', 'draft_revisions.answer_json', 'draft_revisions.created_at'])
    .where('assignments.row_id', '=', rowId).orderBy('draft_revisions.id').execute();
}

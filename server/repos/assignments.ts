import { sql, type Kysely, type Selectable } from 'kysely';
import type { AssignmentKind, AssignmentsTable, AssignmentStatus, DB, RowState } from '../db/types.js';
import type { Engine } from '../db/connection.js';
import { prepared } from '../db/prepared.js';

export type Assignment = Selectable<AssignmentsTable>;

const byId = prepared<{ id: number }, Assignment>((db, p) => db.selectFrom('assignments').selectAll().where('id', '=', p('id')));
const byIdForUpdate = prepared<{ id: number }, Assignment>((db, p) => db.selectFrom('assignments').selectAll().where('id', '=', p('id')).forUpdate());

export async function getAssignment(db: Kysely<DB>, id: number, lock?: Engine): Promise<Assignment | undefined> {
  return (await (lock === 'postgres' ? byIdForUpdate : byId)(db, { id })).rows[0];
}

export type MyClaim = Assignment & { back: number; gold: number };

/**
 * What `next` needs to know about the caller's claims of one kind in a project, in one read: their active
 * claims, oldest first (the current one, then a claimed-ahead one; asking again resumes them, rule 8), and
 * the oldest lapsed slot they can get back with its draft: lease expiry (or, for QA, a claim handed to the
 * leads) in the row's current round while that slot is still free. Skipped slots never come back. Also
 * part of Postgres's one-statement label claim (row-queue.ts).
 */
export const myClaimsSelect = (db: Kysely<DB>, kind: AssignmentKind, userId: unknown, projectId: unknown) => {
  // One seek per status, each an equality on assignments_user_active (user, project, status): an IN list
  // there was read as a filter over all the person's claims in the project, so `next` slowed with every row
  // they had labeled. The statuses are literals so the SQL states exactly what each seek reads.
  const seek = (status: AssignmentStatus) => db.selectFrom('assignments as a').innerJoin('rows as r', 'r.id', 'a.row_id')
    .selectAll('a').select(sql<number>`${sql.lit(status === 'active' ? 0 : 1)}`.as('back'))
    .select(sql<number>`case when r.state = 'gold' then 1 else 0 end`.as('gold'))
    .where('a.user_id', '=', userId as number).where('a.project_id', '=', projectId as number).where('a.kind', '=', kind)
    .where('a.status', '=', sql.lit(status));
  // A lapsed claim comes back only in the row's current round, while its slot is free.
  const lapsed = (status: AssignmentStatus) => seek(status).whereRef('a.round', '=', 'r.round');
  const lapsedQa = (status: AssignmentStatus) => lapsed(status).where('r.state', '=', 'qa').where('r.qa_taken', '=', 0);
  const mine = kind === 'label'
    // A gold row has no slots to run out of: a lapsed gold claim always comes back, as a lapsed ordinary
    // claim does while its slot is free (issue 16: never lost to its owner, draft and all).
    ? seek('active').unionAll(lapsed('expired')
      .where((eb) => eb.or([eb.and([eb('r.state', '=', 'labeling'), eb('r.labels_taken', '<', 2)]), eb('r.state', '=', 'gold')])))
    // QA: a lapsed lease, or a claim handed to the leads (escalated), back when the row returns to QA.
    : seek('active').unionAll(lapsedQa('expired')).unionAll(lapsedQa('released').where('a.release_reason', '=', 'escalated'));
  return mine.orderBy(sql`back`).orderBy(sql`id`).limit(3);
};
const myClaimsQ = (kind: AssignmentKind) => prepared<{ userId: number; projectId: number }, MyClaim>((db, p) => myClaimsSelect(db, kind, p('userId'), p('projectId')));
const myClaimsByKind = { label: myClaimsQ('label'), qa: myClaimsQ('qa') };

/** `backGold`: the lapsed claim is on a gold row (handed back without taking a slot: gold rows have none). */
export type MyClaims = { active: Assignment[]; back?: Assignment; backGold: boolean };

export async function myClaims(db: Kysely<DB>, userId: number, projectId: number, kind: AssignmentKind): Promise<MyClaims> {
  return splitClaims((await myClaimsByKind[kind](db, { userId, projectId })).rows);
}

/** The rows of `myClaimsSelect` as `next` uses them. */
export function splitClaims(rows: MyClaim[]): MyClaims {
  const strip = ({ back: _, gold: __, ...a }: MyClaim): Assignment => a;
  const back = rows.find((r) => Number(r.back) === 1);
  return { active: rows.filter((r) => Number(r.back) === 0).map(strip), back: back && strip(back), backGold: Number(back?.gold ?? 0) === 1 };
}

/** The parts of a claim that never change after it is made: who, where, which slot. */
export type ClaimHeader = Pick<Assignment, 'id' | 'row_id' | 'project_id' | 'user_id' | 'kind'>;

// Immutable, so cached without invalidation; keyed per database because tests run many in one process.
const headers = new WeakMap<Kysely<DB>, Map<number, ClaimHeader>>();
const MAX_HEADERS = 100_000;

/** Remembers a claim just made, so the requests on it (draft, submit) need no read to find its owner. */
export function rememberClaim(db: Kysely<DB>, a: ClaimHeader): void {
  let m = headers.get(db);
  if (!m) headers.set(db, (m = new Map()));
  if (m.size >= MAX_HEADERS) m.clear();
  m.set(a.id, { id: a.id, row_id: a.row_id, project_id: a.project_id, user_id: a.user_id, kind: a.kind });
}

export async function claimHeader(db: Kysely<DB>, id: number): Promise<ClaimHeader | undefined> {
  const hit = headers.get(db)?.get(id);
  if (hit) return hit;
  const a = await getAssignment(db, id);
  if (a) rememberClaim(db, a);
  return a;
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

/** How many draft revisions a claim keeps: the latest ones, enough to step back through an editing session. */
export const DRAFT_REVISIONS_KEPT = 20;

/**
 * Drafts are revisions; the latest is copied onto the assignment so resuming is one read. An autosave
 * every few seconds would otherwise keep a full copy of a long answer each time: the same write drops the
 * claim's revisions older than the last `DRAFT_REVISIONS_KEPT`.
 */
export async function saveDraft(db: Kysely<DB>, id: number, answerJson: string, now: number, expiresAt: number): Promise<number> {
  const r = await db.insertInto('draft_revisions').values({ assignment_id: id, answer_json: answerJson, created_at: now })
    .returning('id').executeTakeFirstOrThrow();
  await db.updateTable('assignments').set({ draft_json: answerJson, heartbeat_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
  const oldestKept = await db.selectFrom('draft_revisions').select('id').where('assignment_id', '=', id)
    .orderBy('id', 'desc').offset(DRAFT_REVISIONS_KEPT - 1).limit(1).executeTakeFirst();
  if (oldestKept) await db.deleteFrom('draft_revisions').where('assignment_id', '=', id).where('id', '<', oldestKept.id).execute();
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

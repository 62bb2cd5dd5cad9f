import type { Kysely, Selectable } from 'kysely';
import type { DB, EscalationsTable } from '../db/types.js';

export type EscalationRecord = Selectable<EscalationsTable>;

export async function insertEscalation(db: Kysely<DB>, e: {
  rowId: number; projectId: number; raisedBy: number; assignmentId: number | null; question: string; now: number;
}): Promise<number> {
  const r = await db.insertInto('escalations').values({
    row_id: e.rowId, project_id: e.projectId, raised_by: e.raisedBy, assignment_id: e.assignmentId, question: e.question,
    answer: null, answered_by: null, status: 'open', created_at: e.now, answered_at: null,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function getEscalation(db: Kysely<DB>, projectId: number, id: number): Promise<EscalationRecord | undefined> {
  return db.selectFrom('escalations').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

/** Only an open escalation is answered: returns false when someone answered it first. */
export async function answerEscalation(db: Kysely<DB>, id: number, answer: string, by: number, now: number): Promise<boolean> {
  const r = await db.updateTable('escalations').set({ answer, answered_by: by, answered_at: now, status: 'answered' })
    .where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function openEscalationCount(db: Kysely<DB>, rowId: number): Promise<number> {
  const r = await db.selectFrom('escalations').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('row_id', '=', rowId).where('status', '=', 'open').executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The open escalation a person has on a row (at most one: a unique partial index keeps it so). */
export async function openEscalationOf(db: Kysely<DB>, rowId: number, userId: number): Promise<EscalationRecord | undefined> {
  return db.selectFrom('escalations').selectAll().where('row_id', '=', rowId).where('raised_by', '=', userId).where('status', '=', 'open').executeTakeFirst();
}

export interface EscalationPage {
  status?: 'open' | 'answered';
  /** newest: highest id first; oldest: lowest first. */
  sort: 'newest' | 'oldest';
  /** The last id of the previous page. */
  cursor?: number;
  limit: number;
}

/**
 * One page of the inbox, keyed by id in the chosen order (so the oldest questions are as reachable as the
 * newest however many there are), each escalation with what a lead needs of its row to answer, and how
 * many match in all.
 */
export async function listEscalations(db: Kysely<DB>, projectId: number, page: EscalationPage) {
  const newest = page.sort === 'newest';
  const items = await db.selectFrom('escalations').innerJoin('users', 'users.id', 'escalations.raised_by')
    .innerJoin('rows', 'rows.id', 'escalations.row_id')
    .select(['escalations.id', 'escalations.row_id', 'rows.external_id', 'rows.state as row_state', 'rows.round as row_round',
      'rows.expertise_json as row_expertise_json', 'rows.data_json as row_data_json', 'escalations.raised_by', 'users.name as raised_by_name',
      'escalations.assignment_id', 'escalations.question', 'escalations.answer', 'escalations.answered_by',
      'escalations.status', 'escalations.created_at', 'escalations.answered_at'])
    .where('escalations.project_id', '=', projectId)
    .$if(page.status !== undefined, (q) => q.where('escalations.status', '=', page.status!))
    .$if(page.cursor !== undefined, (q) => q.where('escalations.id', newest ? '<' : '>', page.cursor!))
    .orderBy('escalations.id', newest ? 'desc' : 'asc').limit(page.limit + 1).execute();
  const total = await db.selectFrom('escalations').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId)
    .$if(page.status !== undefined, (q) => q.where('status', '=', page.status!)).executeTakeFirstOrThrow();
  const more = items.length > page.limit;
  const shown = more ? items.slice(0, page.limit) : items;
  return { items: shown, nextCursor: more ? shown[shown.length - 1].id : null, total: Number(total.n) };
}

export async function escalationsOfRow(db: Kysely<DB>, rowId: number): Promise<EscalationRecord[]> {
  return db.selectFrom('escalations').selectAll().where('row_id', '=', rowId).orderBy('id').execute();
}

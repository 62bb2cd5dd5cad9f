import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB, RowsTable, RowState } from '../db/types.js';
import type { Engine } from '../db/connection.js';
import { markHot, prepared } from '../db/prepared.js';

export type RowRecord = Selectable<RowsTable>;

/** Row reads and writes of the workflow: queue picks (one index seek each), counters, needs, listing. */

const rowQ = (lock: boolean) => prepared<{ rowId: number; projectId: number }, RowRecord>((db, p) => db.selectFrom('rows').selectAll()
  .where('id', '=', p('rowId')).where('project_id', '=', p('projectId')).$if(lock, (q) => q.forUpdate()));
const rowPlain = rowQ(false);
const rowForUpdate = rowQ(true);

export async function getRow(db: Kysely<DB>, projectId: number, rowId: number, lock?: Engine): Promise<RowRecord | undefined> {
  return (await (lock === 'postgres' ? rowForUpdate : rowPlain)(db, { rowId, projectId })).rows[0];
}

const notHeldBy = (userId: number) => (eb: any) =>
  eb.not(eb.exists(eb.selectFrom('assignments as a').select(sql.lit(1).as('x')).whereRef('a.row_id', '=', 'r.id').where('a.user_id', '=', userId)));

/**
 * SQLite: the best open label slot the caller never held: highest priority, then oldest. Each
 * `labels_taken` value is its own seek on rows_label_next (a range would force a sort of the whole queue);
 * the two candidates are compared here. Postgres picks and takes in one statement (`claimLabelRowPg`).
 */
const pickLabelQ = prepared<{ projectId: number; userId: number; taken: number }, RowRecord>((db, p) =>
  db.selectFrom('rows as r').selectAll('r')
    .where('r.project_id', '=', p('projectId')).where('r.state', '=', 'labeling').where('r.labels_taken', '=', p('taken'))
    .where(notHeldBy(p('userId')))
    .orderBy('r.priority', 'desc').orderBy('r.id')
    .limit(1));

export async function pickLabelRow(db: Kysely<DB>, projectId: number, userId: number): Promise<RowRecord | undefined> {
  const pick = async (taken: number) => (await pickLabelQ(db, { projectId, userId, taken })).rows[0];
  const half = await pick(1);
  const fresh = await pick(0);
  if (!half || !fresh) return half ?? fresh;
  return half.priority > fresh.priority || (half.priority === fresh.priority && half.id < fresh.id) ? half : fresh;
}

/**
 * Postgres: `pickLabelRow` and `takeLabelSlot` in one statement, so a claim costs one round trip less. Both
 * candidates are locked (`SKIP LOCKED`: a concurrent claim passes over them), the better one gets the slot;
 * the row comes back as updated.
 */
export async function claimLabelRowPg(db: Kysely<DB>, projectId: number, userId: number, now: number): Promise<RowRecord | undefined> {
  const candidate = (taken: number) => sql`select r.id, r.priority from rows r
    where r.project_id = ${projectId} and r.state = 'labeling' and r.labels_taken = ${taken}
      and not exists (select 1 from assignments a where a.row_id = r.id and a.user_id = ${userId})
    order by r.priority desc, r.id limit 1 for update skip locked`;
  const q = sql<RowRecord>`with half as (${candidate(1)}), fresh as (${candidate(0)}),
      best as (select id from (select * from half union all select * from fresh) c order by priority desc, id limit 1)
    update rows set labels_taken = rows.labels_taken + 1, updated_at = ${now} from best where rows.id = best.id
    returning rows.*`.compile(db);
  markHot(q.sql);
  return (await db.executeQuery(q)).rows[0];
}

/** Experts first (rule 3): the oldest open label slot on a row still lacking one of `domains`. */
export async function pickLabelRowNeeding(db: Kysely<DB>, engine: Engine, projectId: number, userId: number, domains: string[]): Promise<RowRecord | undefined> {
  let best: RowRecord | undefined;
  // One seek per domain keeps row_needs_domain's row order usable; experts have a handful of domains.
  for (const domain of domains) {
    const r = await db.selectFrom('row_needs as n').innerJoin('rows as r', 'r.id', 'n.row_id').selectAll('r')
      .where('n.project_id', '=', projectId).where('n.domain', '=', domain)
      .where('r.state', '=', 'labeling').where('r.labels_taken', '<', 2).where(notHeldBy(userId))
      .orderBy('n.row_id').limit(1).$if(engine === 'postgres', (q) => q.forUpdate('r').skipLocked()).executeTakeFirst();
    if (r && (!best || r.id < best.id)) best = r;
  }
  return best;
}

/**
 * A row ready for QA that the caller never held and whose missing domains they all cover. With
 * `onlyNeeding`, only rows that need one of the caller's domains (experts first).
 */
export async function pickQaRow(db: Kysely<DB>, engine: Engine, projectId: number, userId: number, expertise: string[], onlyNeeding: boolean): Promise<RowRecord | undefined> {
  let q = db.selectFrom('rows as r').selectAll('r')
    .where('r.project_id', '=', projectId).where('r.state', '=', 'qa').where('r.qa_taken', '=', 0)
    .where(notHeldBy(userId))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('row_needs as n').select(sql.lit(1).as('x')).whereRef('n.row_id', '=', 'r.id')
      .$if(expertise.length > 0, (s) => s.where('n.domain', 'not in', expertise)))));
  if (onlyNeeding) {
    q = q.where((eb) => eb.exists(eb.selectFrom('row_needs as m').select(sql.lit(1).as('x')).whereRef('m.row_id', '=', 'r.id').where('m.domain', 'in', expertise)));
  }
  // Disagreements first: they are what QA is for; agreed rows (under qa: all) follow, then priority and age.
  return q.orderBy('r.agree').orderBy('r.priority', 'desc').orderBy('r.id').limit(1)
    .$if(engine === 'postgres', (s) => s.forUpdate().skipLocked()).executeTakeFirst();
}

/** Takes a label slot only if one is still free: false means a concurrent claim won it. */
const takeLabelQ = prepared<{ rowId: number; round: number; now: number }, never>((db, p) => db.updateTable('rows')
  .set((eb) => ({ labels_taken: eb('labels_taken', '+', 1), updated_at: p('now') }))
  .where('id', '=', p('rowId')).where('round', '=', p('round')).where('state', '=', 'labeling').where('labels_taken', '<', 2));

export async function takeLabelSlot(db: Kysely<DB>, rowId: number, round: number, now: number): Promise<boolean> {
  return Number((await takeLabelQ(db, { rowId, round, now })).numAffectedRows) === 1;
}

export async function takeQaSlot(db: Kysely<DB>, rowId: number, round: number, now: number): Promise<boolean> {
  const r = await db.updateTable('rows').set({ qa_taken: 1, updated_at: now })
    .where('id', '=', rowId).where('round', '=', round).where('state', '=', 'qa').where('qa_taken', '=', 0).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A slot came back to the pool (skip, release, expiry, escalation). */
export async function freeSlot(db: Kysely<DB>, rowId: number, round: number, kind: 'label' | 'qa', now: number): Promise<void> {
  const q = db.updateTable('rows').where('id', '=', rowId).where('round', '=', round);
  if (kind === 'label') await q.set((eb) => ({ labels_taken: eb('labels_taken', '-', 1), updated_at: now })).where('labels_taken', '>', 0).execute();
  else await q.set({ qa_taken: 0, updated_at: now }).execute();
}

export async function updateRow(db: Kysely<DB>, rowId: number, patch: Partial<Omit<RowRecord, 'id' | 'project_id'>>): Promise<void> {
  await db.updateTable('rows').set(patch).where('id', '=', rowId).execute();
}

const labelsDoneQ = prepared<{ rowId: number; done: number; now: number }, never>((db, p) =>
  db.updateTable('rows').set({ labels_done: p('done'), updated_at: p('now') }).where('id', '=', p('rowId')));

/** The first label of a round is in: the one row write of the most frequent submit. */
export async function setLabelsDone(db: Kysely<DB>, rowId: number, done: number, now: number): Promise<void> {
  await labelsDoneQ(db, { rowId, done, now });
}

const secondLabelQ = prepared<{ rowId: number; agreementJson: string; agree: number; state: RowState; finalId: number | null; now: number }, never>((db, p) =>
  db.updateTable('rows').set({
    labels_done: 2, agreement_json: p('agreementJson'), agree: p('agree'), state: p('state'), final_id: p('finalId'), updated_at: p('now'),
  }).where('id', '=', p('rowId')));

/** The second label is in: the row carries its agreement and moves to QA, or is final by consensus. */
export async function setSecondLabel(db: Kysely<DB>, rowId: number, o: { agreementJson: string; agree: boolean; state: 'qa' | 'final'; finalId: number | null; now: number }): Promise<void> {
  await secondLabelQ(db, { rowId, agreementJson: o.agreementJson, agree: o.agree ? 1 : 0, state: o.state, finalId: o.finalId, now: o.now });
}

/** Rewrites the row's missing domains (row_needs) from its expertise and its current holders' expertise. */
export async function writeNeeds(db: Kysely<DB>, rowId: number, projectId: number, needs: string[]): Promise<void> {
  const cur = await db.selectFrom('row_needs').select('domain').where('row_id', '=', rowId).execute();
  const have = new Set(cur.map((r) => r.domain));
  const want = new Set(needs);
  const drop = [...have].filter((d) => !want.has(d));
  const add = needs.filter((d) => !have.has(d));
  if (drop.length) await db.deleteFrom('row_needs').where('row_id', '=', rowId).where('domain', 'in', drop).execute();
  if (add.length) await db.insertInto('row_needs').values(add.map((domain) => ({ row_id: rowId, project_id: projectId, domain }))).execute();
}

export async function needsOf(db: Kysely<DB>, rowIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>(rowIds.map((id) => [id, []]));
  if (!rowIds.length) return out;
  const rs = await db.selectFrom('row_needs').select(['row_id', 'domain']).where('row_id', 'in', rowIds).orderBy('domain').execute();
  for (const r of rs) out.get(r.row_id)?.push(r.domain);
  return out;
}

/** Whether the project still has a row the caller could ever work on (for the "nothing to do" reason). */
export async function hasUnfinishedRowNotHeld(db: Kysely<DB>, projectId: number, userId: number): Promise<boolean> {
  const r = await db.selectFrom('rows as r').select('r.id').where('r.project_id', '=', projectId).where('r.state', '!=', 'final')
    .where(notHeldBy(userId)).limit(1).executeTakeFirst();
  return r !== undefined;
}

/** Whether a row ready for QA exists that the caller never held but needs a domain they lack. */
export async function hasQaRowNeedingOthers(db: Kysely<DB>, projectId: number, userId: number): Promise<boolean> {
  const r = await db.selectFrom('rows as r').select('r.id')
    .where('r.project_id', '=', projectId).where('r.state', '=', 'qa').where('r.qa_taken', '=', 0).where(notHeldBy(userId))
    .where((eb) => eb.exists(eb.selectFrom('row_needs as n').select(sql.lit(1).as('x')).whereRef('n.row_id', '=', 'r.id')))
    .limit(1).executeTakeFirst();
  return r !== undefined;
}

export interface RowFilters {
  state?: RowState;
  agree?: boolean;
  expertise?: string;
  labeler?: number;
  waiting?: 'expert';
  cursor?: number;
  limit: number;
}

/**
 * How many of the project's rows one listing request may walk when a filter has no index of its own
 * (agreement, expertise, labeler, waiting for an expert). However rare the matches, a request then stays
 * cheap; the page may come back short with a cursor, which means "more to look at from here".
 */
export const SCAN_WINDOW = 20_000;

/**
 * Lead listing in id order with keyset paging (`id > cursor`), so page N costs the same as page 1.
 * `waiting: 'expert'` finds rows ready for QA that no reviewer of the project can take: none who
 * never held the row covers every domain it still lacks.
 */
export async function listRows(db: Kysely<DB>, projectId: number, f: RowFilters, window = SCAN_WINDOW): Promise<{ rows: RowRecord[]; nextCursor: number | null }> {
  const from = f.cursor ?? 0;
  // State alone is an index seek (rows_state_id); the other filters are checked row by row, so they get a window.
  let upTo: number | undefined;
  if (f.agree !== undefined || f.expertise || f.labeler !== undefined || f.waiting) {
    const edge = await db.selectFrom('rows').select('id').where('project_id', '=', projectId).where('id', '>', from)
      .orderBy('id').limit(1).offset(window - 1).executeTakeFirst();
    upTo = edge?.id;
  }
  // Both ends of a window, so the planner sees a bounded id range.
  let q = db.selectFrom('rows as r').selectAll('r').where('r.project_id', '=', projectId).where('r.id', '>', from);
  if (upTo !== undefined) q = q.where('r.id', '<=', upTo);
  if (f.state) q = q.where('r.state', '=', f.state);
  if (f.agree !== undefined) q = q.where('r.agree', '=', f.agree ? 1 : 0);
  if (f.expertise) q = q.where('r.expertise_json', 'like', `%${JSON.stringify(f.expertise)}%`);
  if (f.labeler !== undefined) {
    const u = f.labeler;
    q = q.where((eb) => eb.exists(eb.selectFrom('assignments as a').select(sql.lit(1).as('x'))
      .whereRef('a.row_id', '=', 'r.id').where('a.user_id', '=', u).where('a.kind', '=', 'label')));
  }
  if (f.waiting === 'expert') {
    q = q.where('r.state', '=', 'qa').where('r.qa_taken', '=', 0)
      .where((eb) => eb.exists(eb.selectFrom('row_needs as n').select(sql.lit(1).as('x')).whereRef('n.row_id', '=', 'r.id')))
      .where(sql<boolean>`not exists (
        select 1 from project_members m
        where m.project_id = r.project_id and m.role = 'reviewer'
          and not exists (select 1 from assignments a2 where a2.row_id = r.id and a2.user_id = m.user_id)
          and not exists (
            select 1 from row_needs n2 where n2.row_id = r.id
              and not exists (select 1 from user_expertise e where e.user_id = m.user_id and e.domain = n2.domain)))`);
  }
  const rows = await q.orderBy('r.id').limit(f.limit).execute();
  return { rows, nextCursor: rows.length === f.limit ? rows[rows.length - 1].id : upTo ?? null };
}

/** Who may still take a slot on these rows: annotators and reviewers (with expertise) who never held one. */
export async function freshPeople(db: Kysely<DB>, projectId: number, rowIds: number[]) {
  const members = await db.selectFrom('project_members').select(['user_id', 'role'])
    .where('project_id', '=', projectId).where('role', 'in', ['annotator', 'reviewer']).execute();
  const held = rowIds.length
    ? await db.selectFrom('assignments').select(['row_id', 'user_id']).where('row_id', 'in', rowIds).execute()
    : [];
  const ids = [...new Set(members.map((m) => m.user_id))];
  const exp = new Map<number, string[]>(ids.map((id) => [id, []]));
  if (ids.length) {
    for (const e of await db.selectFrom('user_expertise').select(['user_id', 'domain']).where('user_id', 'in', ids).execute()) exp.get(e.user_id)!.push(e.domain);
  }
  return (rowId: number) => {
    const h = new Set(held.filter((x) => x.row_id === rowId).map((x) => x.user_id));
    return {
      labelers: members.filter((m) => m.role === 'annotator' && !h.has(m.user_id)).length,
      reviewers: members.filter((m) => m.role === 'reviewer' && !h.has(m.user_id)).map((m) => exp.get(m.user_id) ?? []),
    };
  };
}

/** Counts stop here: "10,000+ rows waiting" says enough, and a capped count stays cheap at a million rows. */
export const QUEUE_COUNT_CAP = 10_000;

/** How many rows the caller could be handed now, per kind, capped at QUEUE_COUNT_CAP. */
export async function waitingFor(db: Kysely<DB>, projectId: number, userId: number, expertise: string[]): Promise<{ label: number; qa: number }> {
  const label = db.selectFrom('rows as r').select(sql.lit(1).as('x'))
    .where('r.project_id', '=', projectId).where('r.state', '=', 'labeling').where('r.labels_taken', '<', 2)
    .where(notHeldBy(userId)).limit(QUEUE_COUNT_CAP);
  const qa = db.selectFrom('rows as r').select(sql.lit(1).as('x'))
    .where('r.project_id', '=', projectId).where('r.state', '=', 'qa').where('r.qa_taken', '=', 0)
    .where(notHeldBy(userId))
    // Rows whose missing domains the caller does not cover are not theirs to review (the expert rule).
    .where((eb) => eb.not(eb.exists(eb.selectFrom('row_needs as n').select(sql.lit(1).as('x')).whereRef('n.row_id', '=', 'r.id')
      .$if(expertise.length > 0, (s) => s.where('n.domain', 'not in', expertise)))))
    .limit(QUEUE_COUNT_CAP);
  const count = async (q: typeof label) => Number((await db.selectFrom(q.as('q')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { label: await count(label), qa: await count(qa) };
}

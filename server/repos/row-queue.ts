import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { Engine } from '../db/connection.js';
import { prepared } from '../db/prepared.js';
import { myClaimsSelect, splitClaims, type Assignment, type MyClaim, type MyClaims } from './assignments.js';
import type { RowRecord } from './row-state.js';
import { claimableRow } from './visible.js';

/** The work queue: each pick is one index seek, and a slot is taken only if still free, so concurrent claims never share one. */

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
    .where(claimableRow('r')).where(notHeldBy(p('userId')))
    .orderBy('r.priority', 'desc').orderBy('r.id')
    .limit(1));

export async function pickLabelRow(db: Kysely<DB>, projectId: number, userId: number): Promise<RowRecord | undefined> {
  const pick = async (taken: number) => (await pickLabelQ(db, { projectId, userId, taken })).rows[0];
  const half = await pick(1);
  const fresh = await pick(0);
  if (!half || !fresh) return half ?? fresh;
  return half.priority > fresh.priority || (half.priority === fresh.priority && half.id < fresh.id) ? half : fresh;
}

/** A label candidate on Postgres: the best open row with `taken` labels the caller never held, locked. */
const labelCandidate = (p: (name: 'projectId' | 'userId') => unknown, taken: number, extra = sql``) => sql`select r.id, r.priority from rows r
    where r.project_id = ${p('projectId')} and r.state = 'labeling' and r.labels_taken = ${sql.lit(taken)} and ${claimableRow('r')}
      and not exists (select 1 from assignments a where a.row_id = r.id and a.user_id = ${p('userId')}) ${extra}
    order by r.priority desc, r.id limit 1 for update skip locked`;

/**
 * Takes the better of the candidates `half` and `fresh` (CTEs before it): its slot, and a claim of the caller.
 * Both candidates are locked (`SKIP LOCKED`: a concurrent claim passes over them); the row comes back as
 * updated (`taken`), with the new claim (`claim`).
 */
const takeBest = (p: (name: 'userId' | 'now' | 'expiresAt') => unknown) => sql`
    best as (select id from (select * from half union all select * from fresh) c order by priority desc, id limit 1),
    taken as (update rows set labels_taken = rows.labels_taken + 1, updated_at = ${p('now')} from best where rows.id = best.id returning rows.*),
    claim as (insert into assignments (row_id, project_id, round, kind, user_id, status, claimed_at, heartbeat_at, expires_at)
      select id, project_id, round, 'label', ${p('userId')}::bigint, 'active', ${p('now')}::bigint, ${p('now')}::bigint, ${p('expiresAt')}::bigint
      from taken returning *)`;

type ClaimArgs = { projectId: number; userId: number; now: number; expiresAt: number };

/** Postgres: a whole label claim in one statement (one round trip): pick, take the slot, record the claim. */
const claimLabelQ = (commits: boolean) => prepared<ClaimArgs, { r: RowRecord; a: Assignment }>((_db, p) => sql`
  with half as (${labelCandidate(p, 1)}), fresh as (${labelCandidate(p, 0)}), ${takeBest(p)}
  select to_json(taken) as r, to_json(claim) as a from taken, claim`, { commits });
const claimLabelBy = { mid: claimLabelQ(false), last: claimLabelQ(true) };

/** `last`: the claim ends its transaction (Postgres sends COMMIT with it). */
export async function claimLabelRowPg(db: Kysely<DB>, projectId: number, userId: number, now: number, expiresAt: number, last: boolean): Promise<{ row: RowRecord; a: Assignment } | undefined> {
  const hit = (await claimLabelBy[last ? 'last' : 'mid'](db, { projectId, userId, now, expiresAt })).rows[0];
  return hit && { row: hit.r, a: hit.a };
}

/**
 * Postgres: a labeler's whole request for work in one statement, sent with BEGIN, the person's lock and
 * COMMIT in one write (pg-pool.ts): their claims as `myClaims` reads them and, only when they hold fewer
 * than `want` active claims and no lapsed one to get back, a new claim as `claimLabelRowPg` makes it. For a
 * holder without domains (their claim changes no row's needs) and a project serving no gold rows.
 */
const claimLabelFirstQ = (want: 1 | 2) => prepared<ClaimArgs, { mine: MyClaim[]; r: RowRecord | null; a: Assignment | null }>((db, p) => {
  const open = sql`and exists (select 1 from open)`;
  return sql`with mine as ${myClaimsSelect(db, 'label', p('userId'), p('projectId'))},
    open as (select 1 from mine having count(*) filter (where back = 1) = 0 and count(*) < ${sql.lit(want)}),
    half as (${labelCandidate(p, 1, open)}), fresh as (${labelCandidate(p, 0, open)}), ${takeBest(p)}
  select (select coalesce(json_agg(m order by m.back, m.id), '[]') from mine m) as mine, to_json(taken) as r, to_json(claim) as a
  from (select 1) one left join (taken cross join claim) on true`;
}, { commits: true });
const claimLabelFirstBy = { 1: claimLabelFirstQ(1), 2: claimLabelFirstQ(2) };

/**
 * `claimed`: the new claim and its row; else the caller's claims (`held`), which `next` resumes (or, with a
 * lapsed one among them, gets back in a transaction of its own: this one has committed).
 */
export async function claimLabelFirstPg(db: Kysely<DB>, projectId: number, userId: number, now: number, expiresAt: number, want: 1 | 2): Promise<{ claimed?: { row: RowRecord; a: Assignment }; held: MyClaims }> {
  const hit = (await claimLabelFirstBy[want](db, { projectId, userId, now, expiresAt })).rows[0];
  return { ...(hit.r && hit.a ? { claimed: { row: hit.r, a: hit.a } } : {}), held: splitClaims(hit.mine) };
}

/**
 * Postgres: a QA claim of a reviewer without domains in one statement, sent with the transaction's COMMIT
 * (their claim covers no domain, so no row's needs change): pick as `pickQaRow` does (only rows that need
 * no domain), take the slot, record the claim.
 */
const claimQaQ = prepared<{ projectId: number; userId: number; now: number; expiresAt: number }, { r: RowRecord; a: Assignment }>((_db, p) => sql`
  with pick as (select r.id from rows r
      where r.project_id = ${p('projectId')} and r.state = 'qa' and r.qa_taken = 0 and ${claimableRow('r')}
        and not exists (select 1 from assignments a where a.row_id = r.id and a.user_id = ${p('userId')})
        and not exists (select 1 from row_needs o where o.row_id = r.id)
      order by r.agree, r.priority desc, r.id limit 1 for update of r skip locked),
    taken as (update rows set qa_taken = 1, updated_at = ${p('now')} from pick where rows.id = pick.id returning rows.*),
    claim as (insert into assignments (row_id, project_id, round, kind, user_id, status, claimed_at, heartbeat_at, expires_at)
      select id, project_id, round, 'qa', ${p('userId')}::bigint, 'active', ${p('now')}::bigint, ${p('now')}::bigint, ${p('expiresAt')}::bigint
      from taken returning *)
  select to_json(taken) as r, to_json(claim) as a from taken, claim`, { commits: true });

export async function claimQaRowPg(db: Kysely<DB>, projectId: number, userId: number, now: number, expiresAt: number): Promise<{ row: RowRecord; a: Assignment } | undefined> {
  const hit = (await claimQaQ(db, { projectId, userId, now, expiresAt })).rows[0];
  return hit && { row: hit.r, a: hit.a };
}

/** Rows whose missing domains (row_needs) all lie in `expertise`: the expert rule lets the caller hold them. */
const coveredBy = (expertise: string[]) => (eb: any) =>
  eb.not(eb.exists(eb.selectFrom('row_needs as o').select(sql.lit(1).as('x')).whereRef('o.row_id', '=', 'r.id')
    .$if(expertise.length > 0, (s: any) => s.where('o.domain', 'not in', expertise))));

/**
 * Experts first (rule 3): the oldest row of `state` still lacking one of `domains`, found through
 * row_needs_queue (project, domain, state, row id): one seek per domain reads only rows of that stage
 * that need it, so an expert with nothing waiting for them costs a seek, not a walk of the queue.
 */
async function pickNeeding(db: Kysely<DB>, engine: Engine, projectId: number, userId: number, domains: string[], stage: 'labeling' | 'qa'): Promise<RowRecord | undefined> {
  let best: RowRecord | undefined;
  // Experts have a handful of domains; a seek each keeps the index's row order, where an IN list would sort.
  for (const domain of domains) {
    const r = await db.selectFrom('row_needs as n').innerJoin('rows as r', 'r.id', 'n.row_id').selectAll('r')
      .where('n.project_id', '=', projectId).where('n.domain', '=', domain).where('n.state', '=', stage)
      .$if(stage === 'labeling', (q) => q.where('r.state', '=', 'labeling').where('r.labels_taken', '<', 2))
      .$if(stage === 'qa', (q) => q.where('r.state', '=', 'qa').where('r.qa_taken', '=', 0).where(coveredBy(domains)))
      .where(claimableRow('r'))
      .where(notHeldBy(userId))
      .orderBy('n.row_id').limit(1).$if(engine === 'postgres', (q) => q.forUpdate('r').skipLocked()).executeTakeFirst();
    if (r && (!best || r.id < best.id)) best = r;
  }
  return best;
}

/** The oldest open label slot on a row still lacking one of the caller's domains. */
export const pickLabelRowNeeding = (db: Kysely<DB>, engine: Engine, projectId: number, userId: number, domains: string[]) =>
  pickNeeding(db, engine, projectId, userId, domains, 'labeling');

/** The oldest row ready for QA that needs one of the caller's domains and whose other needs they cover too. */
export const pickQaRowNeeding = (db: Kysely<DB>, engine: Engine, projectId: number, userId: number, domains: string[]) =>
  pickNeeding(db, engine, projectId, userId, domains, 'qa');

/** A row ready for QA that the caller never held and whose missing domains (if any) they all cover. */
export async function pickQaRow(db: Kysely<DB>, engine: Engine, projectId: number, userId: number, expertise: string[]): Promise<RowRecord | undefined> {
  // Disagreements first: they are what QA is for; agreed rows (under qa: all) follow, then priority and age.
  return db.selectFrom('rows as r').selectAll('r')
    .where('r.project_id', '=', projectId).where('r.state', '=', 'qa').where('r.qa_taken', '=', 0).where(claimableRow('r'))
    .where(notHeldBy(userId)).where(coveredBy(expertise))
    .orderBy('r.agree').orderBy('r.priority', 'desc').orderBy('r.id').limit(1)
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

/**
 * A slot came back to the pool (skip, release, expiry, escalation). A gold row's claims never took a slot
 * (and a promoted one keeps the counts of its finished rounds): nothing to give back.
 */
export async function freeSlot(db: Kysely<DB>, rowId: number, round: number, kind: 'label' | 'qa', now: number): Promise<void> {
  const q = db.updateTable('rows').where('id', '=', rowId).where('round', '=', round).where('state', '<>', 'gold');
  if (kind === 'label') await q.set((eb) => ({ labels_taken: eb('labels_taken', '-', 1), updated_at: now })).where('labels_taken', '>', 0).execute();
  else await q.set({ qa_taken: 0, updated_at: now }).execute();
}
/** Whether the project still has a row the caller could ever work on (for the "nothing to do" reason). */
export async function hasUnfinishedRowNotHeld(db: Kysely<DB>, projectId: number, userId: number): Promise<boolean> {
  // Gold rows never finish, and are served only beside ordinary rows: they are no work left to wait for.
  const r = await db.selectFrom('rows as r').select('r.id').where('r.project_id', '=', projectId).where('r.state', 'not in', ['final', 'gold'])
    .where(claimableRow('r')).where(notHeldBy(userId)).limit(1).executeTakeFirst();
  if (r) return true;
  // A published import's rows not yet in the claim indexes are fresh rows, coming within moments (a walk of
  // them row by row is what the claim indexes spare every request).
  const coming = await db.withTables<{ import_clearing: { project_id: number } }>().selectFrom('import_clearing').select('project_id')
    .where('project_id', '=', projectId).limit(1).executeTakeFirst();
  return coming !== undefined;
}

/** Whether a row ready for QA exists that the caller never held but needs a domain they lack. */
export async function hasQaRowNeedingOthers(db: Kysely<DB>, projectId: number, userId: number): Promise<boolean> {
  const r = await db.selectFrom('rows as r').select('r.id')
    .where('r.project_id', '=', projectId).where('r.state', '=', 'qa').where('r.qa_taken', '=', 0).where(claimableRow('r')).where(notHeldBy(userId))
    .where((eb) => eb.exists(eb.selectFrom('row_needs as n').select(sql.lit(1).as('x')).whereRef('n.row_id', '=', 'r.id')))
    .limit(1).executeTakeFirst();
  return r !== undefined;
}
/** Counts stop here: "10,000+ rows waiting" says enough, and a capped count stays cheap at a million rows. */
export const QUEUE_COUNT_CAP = 10_000;

/** How many rows the caller could be handed now, per kind, capped at QUEUE_COUNT_CAP. */
export async function waitingFor(db: Kysely<DB>, projectId: number, userId: number, expertise: string[]): Promise<{ label: number; qa: number }> {
  const label = db.selectFrom('rows as r').select(sql.lit(1).as('x'))
    .where('r.project_id', '=', projectId).where('r.state', '=', 'labeling').where('r.labels_taken', '<', 2)
    .where(claimableRow('r')).where(notHeldBy(userId)).limit(QUEUE_COUNT_CAP);
  const qa = db.selectFrom('rows as r').select(sql.lit(1).as('x'))
    .where('r.project_id', '=', projectId).where('r.state', '=', 'qa').where('r.qa_taken', '=', 0).where(claimableRow('r'))
    .where(notHeldBy(userId))
    // Rows whose missing domains the caller does not cover are not theirs to review (the expert rule).
    .where(coveredBy(expertise))
    .limit(QUEUE_COUNT_CAP);
  const count = async (q: typeof label) => Number((await db.selectFrom(q.as('q')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { label: await count(label), qa: await count(qa) };
}

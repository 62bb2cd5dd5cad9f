import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { DEFAULT_GOLD } from '@shared/gold.js';
import { fail } from '../../http.js';
import { audit } from '../../repos/audit.js';
import type { WorkflowProject } from '../workflow/project.js';
import { inTx, type WorkDeps } from '../workflow/transaction.js';
import { releaseClaimsBeyondRoles } from '../workflow/claim.js';
import { emitPersonPaused } from '../../webhooks/events.js';

// The automatic pause: a labeler whose gold accuracy falls below the project's threshold (after enough gold
// rows) gets no more rows from the project until a lead resumes them. Leads see every pause as a notice.

export interface PauseRecord { id: number; user_id: number; reason: string; paused_by: number | null; paused_at: number }

export async function activePause(db: Kysely<DB>, projectId: number, userId: number): Promise<PauseRecord | undefined> {
  return db.selectFrom('project_pauses').select(['id', 'user_id', 'reason', 'paused_by', 'paused_at'])
    .where('project_id', '=', projectId).where('user_id', '=', userId).where('resumed_at', 'is', null).executeTakeFirst();
}

/** 403 for a paused person asking for rows: why, and whom to ask. */
export async function refusePaused(db: Kysely<DB>, projectId: number, pause: PauseRecord): Promise<never> {
  const leads = await db.selectFrom('project_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select('u.name')
    .where('m.project_id', '=', projectId).where('m.role', '=', 'lead').orderBy('u.name').limit(5).execute();
  const whom = leads.length ? leads.map((l) => l.name).join(', ') : 'a lead of this project';
  return fail(403, 'forbidden', `You are paused on this project: ${pause.reason}. Ask ${whom} to resume you.`, { paused: true });
}

/** Gold answers of the person since their last resume: count and how many agreed on every question. */
async function goldSinceResume(db: Kysely<DB>, projectId: number, userId: number) {
  const last = await db.selectFrom('project_pauses').select('resumed_at').where('project_id', '=', projectId).where('user_id', '=', userId)
    .where('resumed_at', 'is not', null).orderBy('resumed_at', 'desc').limit(1).executeTakeFirst();
  const r = await db.selectFrom('gold_answers').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('correct').as('ok')])
    .where('project_id', '=', projectId).where('user_id', '=', userId).where('created_at', '>', Number(last?.resumed_at ?? -1)).executeTakeFirstOrThrow();
  return { n: Number(r.n), ok: Number(r.ok ?? 0) };
}

/**
 * After a gold answer: pauses the person when the project asks for it and their accuracy since their last
 * resume, over at least `pauseAfter` gold rows, is below `pauseBelow` percent. True when paused now.
 */
export async function pauseIfBelow(deps: WorkDeps, project: WorkflowProject, userId: number): Promise<boolean> {
  const g = project.settings.gold ?? DEFAULT_GOLD;
  if (g.pauseBelow === null) return false;
  const { n, ok } = await goldSinceResume(deps.db, project.id, userId);
  if (n < g.pauseAfter || (ok / n) * 100 >= g.pauseBelow) return false;
  const now = deps.now();
  const reason = `gold accuracy ${Math.round((ok / n) * 100)}% over your last ${n} gold rows, below the project's ${g.pauseBelow}%`;
  const paused = await inTx(deps, async (t) => {
    if (await activePause(t, project.id, userId)) return false;
    await t.insertInto('project_pauses').values({ project_id: project.id, user_id: userId, reason, paused_by: null, paused_at: now, resumed_by: null, resumed_at: null }).execute();
    await audit(t, { at: now, userId: null, projectId: project.id, rowId: null, action: 'person.paused', details: { userId, reason } });
    // The project's webhooks hear of it in the same transaction (outbox).
    await emitPersonPaused(t, { projectId: project.id, userId, pausedBy: null, reason, now });
    return true;
  });
  // Rows they hold now (the one claimed ahead) go back to the pool: a paused person gets no rows (drafts are kept).
  if (paused) await releaseClaimsBeyondRoles(deps, project.id, userId, []);
  return paused;
}

/** A lead resumes a paused person: they get rows again, and their accuracy is measured afresh from now. */
export async function resumePerson(deps: WorkDeps, projectId: number, userId: number, leadId: number): Promise<{ resumed: boolean }> {
  const now = deps.now();
  return inTx(deps, async (t) => {
    const p = await activePause(t, projectId, userId);
    if (!p) return fail(409, 'conflict', 'this person is not paused on this project');
    await t.updateTable('project_pauses').set({ resumed_at: now, resumed_by: leadId }).where('id', '=', p.id).execute();
    await audit(t, { at: now, userId: leadId, projectId, rowId: null, action: 'person.resumed', details: { userId } });
    return { resumed: true };
  });
}

/** The project's people paused now, newest first, for the leads' notice. */
export async function listPauses(db: Kysely<DB>, projectId: number) {
  const rs = await db.selectFrom('project_pauses as p').innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.user_id', 'u.name', 'p.reason', 'p.paused_by', 'p.paused_at'])
    .where('p.project_id', '=', projectId).where('p.resumed_at', 'is', null).orderBy('p.paused_at', 'desc').limit(200).execute();
  return rs.map((r) => ({ userId: Number(r.user_id), name: r.name, reason: r.reason, pausedBy: r.paused_by === null ? null : Number(r.paused_by), pausedAt: Number(r.paused_at) }));
}

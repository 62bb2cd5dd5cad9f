import type { Kysely } from 'kysely';
import type { DB, AssignmentKind } from '../../db/types.js';
import { fail, notFound } from '../../http.js';
import type { Role } from '@shared/project.js';
import { claimHeader, finishAssignment, getAssignment, type Assignment, type ClaimHeader } from '../../repos/assignments.js';
import { rolesIn } from '../../repos/members.js';
import { cachedRoles } from '../../cache.js';
import { workflowProject, type WorkflowProject } from './project.js';
import { leaseOver } from './rules.js';
import { type TaskView, taskView } from './next.js';
import { type Caller, type WorkDeps, inTx, releaseSlot } from './transaction.js';

// A caller's hold on a claim: whose it is, whether it is still live, and releasing it when roles change.

/**
 * Finds a claim for its owner: 404 when it does not exist or its project is not theirs, 403 when someone
 * else's. Unless `mayAct` is false (releasing needs no right), the owner must still hold the role the slot
 * needs: rights are checked when the action is taken, not only when the row was claimed, and a claim whose
 * owner lost the role is released on the spot. Expertise matters where the expert rule does, when QA
 * finalizes: `resolve` re-reads it then and refuses (409) an accept it would break, while sending back and
 * escalating stay open to a reviewer who lost a domain.
 */
export async function ownClaim(deps: WorkDeps, caller: Caller, id: number, mayAct = true): Promise<{ a: ClaimHeader; project: WorkflowProject }> {
  const a = await claimHeader(deps.db, id);
  const roles = a ? await cachedRoles(deps.db, a.project_id, caller.id, () => rolesIn(deps.db, a.project_id, caller.id)) : [];
  const mine = a?.user_id === caller.id;
  if (!a || (roles.length === 0 && !mine)) return notFound('claim');
  if (!mine) return fail(403, 'forbidden', 'this claim belongs to someone else: ask for your next task');
  const project = (await workflowProject(deps.db, a.project_id))!;
  if (!mayAct) return { a, project };
  const role = ROLE_OF_KIND[a.kind];
  if (!roles.includes(role)) {
    await revokeClaim(deps, a, 'role_removed');
    // A person removed from the project learns nothing more about it than a stranger would.
    if (roles.length === 0) return notFound('claim');
    return fail(403, 'forbidden', `you are no longer ${role === 'annotator' ? 'an annotator' : 'a reviewer'} in this project: your claim on this row was released (its draft is kept)`);
  }
  return { a, project };
}

const ROLE_OF_KIND = { label: 'annotator', qa: 'reviewer' } as const satisfies Record<AssignmentKind, Role>;

/** Releases a still-active claim whose owner lost the right to it; the draft stays on the assignment. */
async function revokeClaim(deps: WorkDeps, a: Pick<Assignment, 'id'>, reason: string): Promise<void> {
  const now = deps.now();
  await inTx(deps, async (t) => {
    const live = await getAssignment(t, a.id, deps.engine);
    if (live?.status !== 'active') return;
    await finishAssignment(t, live.id, 'released', now, reason);
    await releaseSlot(t, live, now);
  });
}

/**
 * Releases a person's active claims in a project that their roles no longer allow (after a lead changed
 * or removed their roles): label claims without the annotator role, QA claims without the reviewer role.
 * Drafts stay on the released assignments, in the row's history.
 */
export async function releaseClaimsBeyondRoles(deps: WorkDeps, projectId: number, userId: number, roles: readonly Role[]): Promise<number> {
  const kinds = (Object.keys(ROLE_OF_KIND) as AssignmentKind[]).filter((k) => !roles.includes(ROLE_OF_KIND[k]));
  if (kinds.length === 0) return 0;
  const claims = await deps.db.selectFrom('assignments').select('id').where('project_id', '=', projectId).where('user_id', '=', userId)
    .where('status', '=', 'active').where('kind', 'in', kinds).execute();
  for (const c of claims) await revokeClaim(deps, c, 'role_removed');
  return claims.length;
}

/** Releases every active claim of a person in every project (their account was disabled). */
export async function releaseAllClaimsOf(deps: WorkDeps, userId: number): Promise<number> {
  const claims = await deps.db.selectFrom('assignments').select('id').where('user_id', '=', userId).where('status', '=', 'active').execute();
  for (const c of claims) await revokeClaim(deps, c, 'account_disabled');
  return claims.length;
}

/** The editor's view of one of the caller's active claims (reopening the workbench on it). */
export async function claimView(deps: WorkDeps, caller: Caller, id: number): Promise<TaskView> {
  const { project } = await ownClaim(deps, caller, id);
  const a = await getAssignment(deps.db, id);
  if (!a) return notFound('claim');
  if (a.status !== 'active') return fail(409, 'conflict', `this claim is ${a.status}: ask for your next task`);
  return taskView(deps, project, caller, a);
}

const STATUS_MESSAGE: Record<Exclude<Assignment['status'], 'active'>, string> = {
  submitted: 'this claim is already submitted: ask for your next task',
  released: 'this claim was released (skipped, escalated or freed by a lead): ask for your next task',
  expired: 'your claim on this row expired: ask for your next task (you get the row back with your draft if its slot is still free)',
};

type Live = { ok: true; a: Assignment } | { ok: false; expired: true };

/**
 * Re-reads the claim inside the transaction (locked on Postgres) and checks it is still live. An overdue
 * claim is expired on the spot; the caller throws after the commit so the expiry sticks.
 */
export async function liveClaim(t: Kysely<DB>, deps: WorkDeps, id: number, now: number, locked?: Assignment): Promise<Live> {
  const a = locked ?? (await getAssignment(t, id, deps.engine))!;
  if (a.status !== 'active') return fail(409, 'conflict', STATUS_MESSAGE[a.status]);
  if (leaseOver(a.expires_at, now)) {
    await finishAssignment(t, a.id, 'expired', now, 'lease');
    await releaseSlot(t, a, now);
    return { ok: false, expired: true };
  }
  return { ok: true, a };
}

export const expiredFailure = () => fail(409, 'conflict', STATUS_MESSAGE.expired);

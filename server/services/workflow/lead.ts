import { fail, notFound } from '../../http.js';
import { finishAssignment, getAssignment } from '../../repos/assignments.js';
import { answerEscalation, getEscalation, openEscalationCount } from '../../repos/escalations.js';
import { getRow, updateRow } from '../../repos/row-state.js';
import { audit } from '../../repos/audit.js';
import { type Caller, type WorkDeps, inTx, refreshNeeds, releaseSlot } from './transaction.js';

// What only leads do on a project's rows: answer escalations, reopen rows, free claims.

export async function leadAnswerEscalation(deps: WorkDeps, lead: Caller, projectId: number, escalationId: number, answer: string) {
  const now = deps.now();
  return inTx(deps, async (t) => {
    const e = await getEscalation(t, projectId, escalationId);
    if (!e) return notFound('escalation');
    if (!(await answerEscalation(t, escalationId, answer, lead.id, now))) return fail(409, 'conflict', 'this escalation is already answered');
    const row = (await getRow(t, projectId, e.row_id, deps.engine))!;
    let rowState = row.state;
    // The row goes back to QA only when the leads have answered everything asked about it.
    if (row.state === 'escalated' && (await openEscalationCount(t, row.id)) === 0) {
      await updateRow(t, row.id, { state: 'qa', qa_taken: 0, updated_at: now });
      rowState = 'qa';
    }
    await audit(t, { at: now, userId: lead.id, projectId, rowId: row.id, action: 'escalation.answer', details: { escalationId } });
    return { escalationId, rowState };
  });
}

export async function leadReopen(deps: WorkDeps, lead: Caller, projectId: number, rowId: number, to: 'qa' | 'labeling', note: string | null) {
  const now = deps.now();
  return inTx(deps, async (t) => {
    const row = await getRow(t, projectId, rowId, deps.engine);
    if (!row) return notFound('row');
    if (row.state !== 'final') return fail(409, 'conflict', `only a final row can be reopened; this one is in state ${row.state}`);
    if (to === 'qa') {
      // Same round, same labels; the slot goes to a reviewer who never held the row.
      await updateRow(t, row.id, { state: 'qa', qa_taken: 0, final_id: null, round_note: note ?? row.round_note, updated_at: now });
    } else {
      await updateRow(t, row.id, {
        round: row.round + 1, state: 'labeling', labels_taken: 0, labels_done: 0, qa_taken: 0, agreement_json: null, agree: null,
        final_id: null, round_note: note, updated_at: now,
      });
    }
    await refreshNeeds(t, row);
    await audit(t, { at: now, userId: lead.id, projectId, rowId, action: 'row.reopen', details: { to, note } });
    const after = (await getRow(t, projectId, rowId))!;
    return { rowId, state: after.state, round: after.round };
  });
}

export async function leadRelease(deps: WorkDeps, lead: Caller, projectId: number, assignmentId: number) {
  const now = deps.now();
  return inTx(deps, async (t) => {
    const a = await getAssignment(t, assignmentId, deps.engine);
    if (!a || a.project_id !== projectId) return notFound('claim');
    if (a.status !== 'active') return fail(409, 'conflict', `this claim is not active (it is ${a.status})`);
    await finishAssignment(t, a.id, 'released', now, 'lead');
    await releaseSlot(t, a, now);
    await audit(t, { at: now, userId: lead.id, projectId, rowId: a.row_id, action: 'claim.release', details: { assignmentId } });
    return { released: true as const, assignmentId };
  });
}

import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import { fail, notFound } from '../../http.js';
import type { ProjectSchema, RowAnswer } from '@shared/tasks/question.js';
import { finishAssignment, type Assignment } from '../../repos/assignments.js';
import { readForResolve, writeAccept } from '../../repos/qa-resolve.js';
import { answerBySubmission } from '../../repos/answers.js';
import { insertEscalation, openEscalationOf } from '../../repos/escalations.js';
import { updateRow } from '../../repos/row-state.js';
import { expertiseByUser } from '../../repos/users.js';
import { audit } from '../../repos/audit.js';
import { insertReviewReasons } from '../../repos/review-reasons.js';
import { guidelineState } from './project.js';
import { finalChoices, missingDomains, prelabelOutcomes } from './rules.js';
import { expiredFailure, liveClaim, ownClaim } from './claim.js';
import { dataForAnswer, parseAnswer } from './label.js';
import { type Caller, type WorkDeps, inTx, parseJson, refreshNeeds } from './transaction.js';
import { emitRowEscalated, emitRowFinalized } from '../../webhooks/events.js';

// QA's work on a claim: escalating to the leads and resolving the row.

export async function escalate(deps: WorkDeps, caller: Caller, id: number, question: string) {
  await ownClaim(deps, caller, id);
  const now = deps.now();
  const out = await inTx(deps, async (t) => {
    const l = await liveClaim(t, deps, id, now);
    if (!l.ok) return null;
    return escalateIn(t, l.a, caller, question, now);
  });
  if (out === null) return expiredFailure();
  return out;
}

async function escalateIn(t: Kysely<DB>, a: Assignment, caller: Caller, question: string, now: number) {
  // One open question per person and row: a flood of them would bury everyone else's in the leads' inbox.
  const open = await openEscalationOf(t, a.row_id, caller.id);
  if (open) {
    return fail(409, 'conflict', `you already have an open escalation on this row (#${open.id}): the leads answer it before you can ask again`, { escalationId: open.id });
  }
  const escalationId = await insertEscalation(t, { rowId: a.row_id, projectId: a.project_id, raisedBy: caller.id, assignmentId: a.id, question, now });
  if (a.kind === 'qa') {
    await finishAssignment(t, a.id, 'released', now, 'escalated');
    await updateRow(t, a.row_id, { state: 'escalated', qa_taken: 0, updated_at: now });
    await refreshNeeds(t, { id: a.row_id, project_id: a.project_id });
  }
  await audit(t, { at: now, userId: caller.id, projectId: a.project_id, rowId: a.row_id, action: 'row.escalate', details: { escalationId } });
  await emitRowEscalated(t, { projectId: a.project_id, rowId: a.row_id, escalationId, by: a.kind, rowState: a.kind === 'qa' ? 'escalated' : 'labeling', now });
  return { escalationId, rowState: a.kind === 'qa' ? ('escalated' as const) : undefined };
}

/** Labelers whose answer the final does not keep, with the questions where it differs (l1/l2: the side kept). */
function overruled(labels: readonly { user_id: number }[], choices: Record<string, string>): { userId: number; questions: string[] }[] {
  return labels.map((l, i) => ({
    userId: l.user_id,
    questions: Object.entries(choices).filter(([, c]) => c !== 'agreed' && c !== (i === 0 ? 'l1' : 'l2')).map(([q]) => q),
  })).filter((o) => o.questions.length > 0);
}

/**
 * Titles of the questions whose labels conflict (as the reviewer was shown them: the round's stored agreement)
 * where the final keeps only one labeler's answer or neither: an accept that has any says why (issue 18).
 */
function conflictsOverruled(schema: ProjectSchema, agreementJson: string | null, choices: Record<string, string>): string[] {
  const agreement = parseJson<{ questions?: Record<string, { agree: boolean }> }>(agreementJson)?.questions ?? {};
  return schema.filter((q) => agreement[q.id]?.agree === false && choices[q.id] !== 'agreed').map((q) => q.title);
}

const reasonFailure = (message: string) => fail(400, 'bad_request', message, [{ path: 'reason', message: message.replace(/^reason: /, '') }]);

export type ResolveBody =
  | { action: 'accept'; answer: unknown; clientSubmissionId: string; activeMs: number; reason?: { reason: string; note: string } }
  | { action: 'send_back'; note: string; reason?: string }
  | { action: 'escalate'; question: string };

/** Rule 7: QA accepts a final (re-checking the expert rule), sends the row back for a new round, or escalates. */
export async function resolve(deps: WorkDeps, caller: Caller, id: number, body: ResolveBody) {
  const { a: a0, project } = await ownClaim(deps, caller, id);
  if (a0.kind !== 'qa') return fail(409, 'conflict', 'only a QA claim can be resolved; a label claim is submitted');
  const reasons = project.settings.reviewReasons;
  const reason = body.action === 'accept' ? body.reason?.reason : body.action === 'send_back' ? body.reason : undefined;
  if (reason !== undefined && !reasons.includes(reason)) {
    return reasonFailure(reasons.length
      ? `reason: "${reason}" is not one of this project's reasons (${reasons.join('; ')})`
      : `reason: this project lists no reasons, so none is given: send the note alone`);
  }
  if (body.action === 'send_back' && reason === undefined && reasons.length) {
    return reasonFailure(`reason: say why the row goes back, one of this project's reasons (${reasons.join('; ')}); the labelers read it with your note`);
  }
  const final = body.action === 'accept' ? parseAnswer(project, body.answer, true, await dataForAnswer(deps, project, a0.row_id)) : null;
  const now = deps.now();
  const guideline = body.action === 'accept' ? await guidelineState(deps.db, project, caller.id) : null;
  const out = await inTx(deps, async (t) => {
    // One read: the claim and its row (locked on Postgres), a stored answer under this submission id, the labels.
    const c = await readForResolve(t, deps.engine, id, body.action === 'accept' ? body.clientSubmissionId : null);
    if (!c) return notFound('claim');
    // A retry that waited for the claim's lock sees the claim as the first accept left it, but not that
    // accept's answer (Postgres re-reads only the locked rows): a statement of its own does.
    const dup = c.dup ?? (body.action === 'accept' && c.claim.status === 'submitted'
      ? (await answerBySubmission(t, project.id, body.clientSubmissionId)) ?? null : null);
    if (dup) {
      // The row is one of the locked rows: read as the first accept left it.
      if (dup.assignment_id === id) return { finalId: c.row.final_id, duplicate: true };
      return fail(409, 'conflict', 'clientSubmissionId: this id was already used for another submission; send a fresh id');
    }
    const l = await liveClaim(t, deps, id, now, c.claim);
    if (!l.ok) return null;
    const a = l.a;
    const row = c.row;
    if (row.state !== 'qa' || row.labels_done < 2 || row.round !== a.round) {
      return fail(409, 'conflict', `QA needs both labels of the round: this row has ${row.labels_done} of 2 and is in state ${row.state}`);
    }
    if (body.action === 'escalate') return escalateIn(t, a, caller, body.question, now);
    if (body.action === 'send_back') {
      await finishAssignment(t, a.id, 'submitted', now, 'sent_back');
      await updateRow(t, row.id, {
        round: row.round + 1, state: 'labeling', labels_taken: 0, labels_done: 0, qa_taken: 0,
        agreement_json: null, agree: null, round_note: body.note, updated_at: now,
      });
      await refreshNeeds(t, row);
      if (body.reason) {
        // Every labeler of the round reads why their row came back (the note is what the next labelers read too).
        await insertReviewReasons(t, c.labels.map((x) => ({
          projectId: project.id, rowId: row.id, round: row.round, labelerId: x.user_id, reviewerId: caller.id, action: 'send_back' as const,
          reason: body.reason!, note: body.note, questions: [], now,
        })));
      }
      await audit(t, { at: now, userId: caller.id, projectId: project.id, rowId: row.id, action: 'row.send_back', details: { round: row.round, note: body.note, reason: body.reason ?? null } });
      return { round: row.round + 1 };
    }
    const labels = c.labels;
    const required = JSON.parse(row.expertise_json) as string[];
    // A row that asks for no domain cannot break the expert rule: nobody's expertise is read.
    const exp = required.length ? await expertiseByUser(t, [...labels.map((x) => x.user_id), caller.id]) : new Map<number, string[]>();
    const missing = missingDomains(required, [...exp.values()]);
    if (missing.length) {
      return fail(409, 'conflict', `finalizing would break the expert rule: none of the two labelers and you covers ${missing.join(', ')}; send the row back or escalate it`, { missing });
    }
    const [l1, l2] = labels.map((x) => JSON.parse(x.answer_json) as RowAnswer);
    const choices = finalChoices(project.schema, final!, l1, l2);
    const overruledTitles = conflictsOverruled(project.schema, row.agreement_json, choices);
    if (!body.reason && reasons.length && overruledTitles.length) {
      return reasonFailure(`reason: the final overrules a labeler on ${overruledTitles.map((t) => `"${t}"`).join(', ')}, where the labels conflict: `
        + `say why, one of this project's reasons (${reasons.join('; ')}); the labeler reads it in their history`);
    }
    const written = await writeAccept(t, deps.engine, {
      assignmentId: a.id, rowId: row.id, projectId: project.id, userId: caller.id, kind: 'qa', round: row.round, answer: final,
      bestEffort: false, activeMs: body.activeMs, guidelineVersion: guideline?.version ?? null, clientSubmissionId: body.clientSubmissionId,
      prelabels: prelabelOutcomes(project.schema, final!, parseJson<RowAnswer>(row.prelabels_json)), now,
    }, { answer: final, choices, decidedBy: caller.id, guidelineVersion: guideline?.version ?? null });
    if (!written) return fail(409, 'conflict', 'clientSubmissionId: this id was already used for another submission; send a fresh id');
    const { finalId } = written;
    if (body.reason) await insertReviewReasons(t, overruled(labels, choices).map((o) => ({
      projectId: project.id, rowId: row.id, round: row.round, labelerId: o.userId, reviewerId: caller.id, action: 'overrule' as const,
      reason: body.reason!.reason, note: body.reason!.note, questions: o.questions, now,
    })));
    await emitRowFinalized(t, { projectId: project.id, rowId: row.id, finalId, round: row.round, source: 'qa', now });
    return { finalId, duplicate: false, choices };
  });
  if (out === null) return expiredFailure();
  deps.onWork?.(a0.project_id);
  return { action: body.action, ...out };
}

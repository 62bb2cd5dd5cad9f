import { sql, type Kysely } from 'kysely';
import type { DB, AssignmentKind } from '../../db/types.js';
import type { Engine } from '../../db/connection.js';
import { fail, notFound } from '../../http.js';
import { describeIssues, issueDetails } from '../../http.js';
import { isRowComplete, mergeRow, rowAgreement, type RowAgreement, type RowAnswer } from '@shared/tasks/question.js';
import type { Role } from '@shared/project.js';
import {
  claimHeader, claimWithRow, extendLease, finishAssignment, getAssignment, holders, insertAssignment, myClaims, reactivate,
  rememberClaim, saveDraft, expireOverdue, type Assignment, type ClaimHeader,
} from '../../repos/assignments.js';
import { answerBySubmission, insertAnswer, labelAnswers, otherLabelOfRound, type AnswerRecord } from '../../repos/answers.js';
import { insertFinal } from '../../repos/finals.js';
import { answerEscalation, getEscalation, insertEscalation, openEscalationCount, openEscalationOf } from '../../repos/escalations.js';
import {
  claimLabelRowPg, freeSlot, getRow, hasQaRowNeedingOthers, hasUnfinishedRowNotHeld, needsOf, pickLabelRow, pickLabelRowNeeding, pickQaRow,
  setLabelsDone, setSecondLabel, takeLabelSlot, takeQaSlot, updateRow, writeNeeds, type RowRecord,
} from '../../repos/row-queries.js';
import { expertiseByUser } from '../../repos/users.js';
import { rolesIn } from '../../repos/members.js';
import { cachedRoles } from '../../cache.js';
import { audit } from '../../repos/audit.js';
import { guidelineState, workflowProject, type WorkflowProject } from './project.js';
import {
  addDomain, afterSecondLabel, emptyQueueMessage, expertDomains, finalChoices, leaseEnd, leaseOver, missingDomains,
  prelabelOutcomes, type EmptyReason,
} from './rules.js';

export interface WorkDeps {
  db: Kysely<DB>; engine: Engine; now: () => number;
  /** Told after a submit or resolution is committed (the server keeps dashboard statistics warm with it). */
  onWork?: (projectId: number) => void;
}
export interface Caller { id: number; expertise: string[] }

/** A claim lost a race (another transaction took the slot first): the whole transaction is retried. */
class LostRace extends Error {}

const RETRYABLE = new Set(['23505', '40001', '40P01', 'SQLITE_BUSY', 'SQLITE_CONSTRAINT_UNIQUE']);

/**
 * One short transaction, retried when it lost a race. On SQLite Kysely runs every transaction on the one
 * connection, so transactions are serialized; on Postgres rows are locked (`FOR UPDATE`, `SKIP LOCKED`
 * for queue picks) and a unique violation or deadlock means someone else won: try again.
 */
async function inTx<T>(deps: WorkDeps, fn: (t: Kysely<DB>) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.transaction().execute(fn);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt < 10 && (e instanceof LostRace || (code !== undefined && RETRYABLE.has(code)))) {
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
        continue;
      }
      throw e;
    }
  }
}

const parseJson = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

/**
 * Rewrites the domains a row still lacks among its current holders: the round's label slots (active or
 * submitted) and an active QA slot. Rows that never needed a domain skip the work entirely.
 */
async function refreshNeeds(t: Kysely<DB>, row: Pick<RowRecord, 'id' | 'project_id'> & { expertise_json?: string }): Promise<void> {
  // Expertise only ever grows (flags), so a row read as needing nothing still needs nothing.
  if (row.expertise_json === '[]') return;
  const r = await t.selectFrom('rows').select(['expertise_json', 'round']).where('id', '=', row.id).executeTakeFirstOrThrow();
  if (r.expertise_json === '[]') return;
  const hs = (await holders(t, row.id, r.round)).filter((h) => h.kind === 'label' || h.status === 'active');
  const exp = await expertiseByUser(t, hs.map((h) => h.user_id));
  await writeNeeds(t, row.id, row.project_id, missingDomains(JSON.parse(r.expertise_json), [...exp.values()]));
}

async function releaseSlot(t: Kysely<DB>, a: Pick<Assignment, 'row_id' | 'project_id' | 'round' | 'kind'>, now: number) {
  await freeSlot(t, a.row_id, a.round, a.kind, now);
  await refreshNeeds(t, { id: a.row_id, project_id: a.project_id });
}

const lastSweep = new WeakMap<Kysely<DB>, Map<number, number>>();

/**
 * Lazy lease expiry (rule 8): claims sweep their project's overdue claims first, so no cron is needed.
 * Leases last minutes, so one sweep per project per second is as good as one per claim and keeps a
 * query off the hot path.
 */
async function expireDue(t: Kysely<DB>, deps: WorkDeps, projectId: number, now: number) {
  let seen = lastSweep.get(deps.db);
  if (!seen) lastSweep.set(deps.db, (seen = new Map()));
  const last = seen.get(projectId);
  if (last !== undefined && now >= last && now - last < 1000) return;
  seen.set(projectId, now);
  for (const a of await expireOverdue(t, deps.engine, projectId, now)) {
    await releaseSlot(t, { ...a, project_id: projectId }, now);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Next

export interface TaskView {
  assignment: { id: number; kind: AssignmentKind; round: number; claimedAt: number; expiresAt: number };
  row: { id: number; externalId: string | null; data: Record<string, unknown>; expertise: string[]; roundNote: string | null };
  schema: WorkflowProject['schema'];
  prelabels: RowAnswer | null;
  draft: RowAnswer | null;
  guideline: { version: number; acknowledged: boolean } | null;
  /** QA only: both labels of the round, anonymous, with which one an expert wrote. */
  labels?: { slot: 1 | 2; answer: RowAnswer; bestEffort: boolean; expert: boolean; expertDomains: string[] }[];
  agreement?: Record<string, { score: number; agree: boolean }> | null;
  /** QA only: what leads answered about this row. */
  escalations?: { question: string; answer: string | null }[];
}

export type NextResult =
  | { assignment: TaskView['assignment'] } & Omit<TaskView, 'assignment'>
  | { assignment: null; reason: EmptyReason; message: string };

/**
 * `ahead` asks for a second label claim besides the current one, so the workbench can show the next row the
 * moment the current one is submitted. At most two label claims are active per person; the ahead claim has
 * an ordinary lease, so an unused one returns to the pool like any other.
 */
export async function next(deps: WorkDeps, project: WorkflowProject, caller: Caller, roles: Role[], kind: AssignmentKind, ahead = false): Promise<NextResult> {
  if (!roles.includes(kind === 'label' ? 'annotator' : 'reviewer')) {
    return { assignment: null, reason: 'not_a_member_role', message: emptyQueueMessage('not_a_member_role', kind) };
  }
  const now = deps.now();
  const expiresAt = leaseEnd(now, project.settings.leaseMinutes);
  const claimed = await inTx(deps, async (t) => {
    // Two tabs of one person asking at once must resume one claim, not take two rows.
    if (deps.engine === 'postgres') await sql`select pg_advisory_xact_lock(${project.id}::int, ${caller.id}::int)`.execute(t);
    await expireDue(t, deps, project.id, now);
    const mine = await myClaims(t, caller.id, project.id, kind);
    const actives = mine.active;
    const wantsSecond = ahead && kind === 'label';
    if (actives.length > 0 && (!wantsSecond || actives.length >= 2)) return { a: actives[wantsSecond ? 1 : 0], row: undefined };
    const back = mine.back;
    if (back && (kind === 'label' ? await takeLabelSlot(t, back.row_id, back.round, now) : await takeQaSlot(t, back.row_id, back.round, now))) {
      const a = await reactivate(t, back.id, now, expiresAt);
      await refreshNeeds(t, { id: a.row_id, project_id: project.id });
      return { a, row: undefined };
    }
    let row: RowRecord | undefined;
    let took = false;
    if (kind === 'label') {
      if (caller.expertise.length) row = await pickLabelRowNeeding(t, deps.engine, project.id, caller.id, caller.expertise);
      if (!row) {
        if (deps.engine === 'postgres') took = (row = await claimLabelRowPg(t, project.id, caller.id, now)) !== undefined;
        else row = await pickLabelRow(t, project.id, caller.id);
      }
    } else {
      if (caller.expertise.length) row = await pickQaRow(t, deps.engine, project.id, caller.id, caller.expertise, true);
      row ??= await pickQaRow(t, deps.engine, project.id, caller.id, caller.expertise, false);
    }
    if (!row) return null;
    took ||= kind === 'label' ? await takeLabelSlot(t, row.id, row.round, now) : await takeQaSlot(t, row.id, row.round, now);
    if (!took) throw new LostRace();
    const a = await insertAssignment(t, { rowId: row.id, projectId: project.id, round: row.round, kind, userId: caller.id, now, expiresAt });
    await refreshNeeds(t, row);
    return { a, row };
  });
  if (!claimed) {
    const reason: EmptyReason = kind === 'qa' && await hasQaRowNeedingOthers(deps.db, project.id, caller.id)
      ? 'waiting_for_expert'
      : await hasUnfinishedRowNotHeld(deps.db, project.id, caller.id) ? 'waiting_for_others' : 'all_done';
    return { assignment: null, reason, message: emptyQueueMessage(reason, kind) };
  }
  rememberClaim(deps.db, claimed.a);
  return taskView(deps, project, caller, claimed.a, claimed.row);
}

/** What the editor needs for a claim. A labeler's view never contains anything of the other label. */
export async function taskView(deps: WorkDeps, project: WorkflowProject, caller: Caller, a: Assignment, loaded?: RowRecord): Promise<TaskView> {
  // A freshly claimed row was read in the claim transaction; its data cannot have changed since.
  const row = loaded ?? (await getRow(deps.db, project.id, a.row_id))!;
  const expertise = JSON.parse(row.expertise_json) as string[];
  const showPrelabels = a.kind === 'qa' || project.settings.showPrelabels;
  const view: TaskView = {
    assignment: { id: a.id, kind: a.kind, round: a.round, claimedAt: a.claimed_at, expiresAt: a.expires_at },
    row: { id: row.id, externalId: row.external_id, data: JSON.parse(row.data_json), expertise, roundNote: row.round_note },
    schema: project.schema,
    prelabels: showPrelabels ? parseJson<RowAnswer>(row.prelabels_json) : null,
    draft: parseJson<RowAnswer>(a.draft_json),
    guideline: await guidelineState(deps.db, project, caller.id),
  };
  if (a.kind === 'qa') {
    const labels = await labelAnswers(deps.db, row.id, row.round);
    const exp = await expertiseByUser(deps.db, labels.map((l) => l.user_id));
    view.labels = labels.map((l, i) => {
      const domains = expertDomains(exp.get(l.user_id) ?? [], expertise);
      return { slot: (i + 1) as 1 | 2, answer: JSON.parse(l.answer_json), bestEffort: l.best_effort === 1, expert: domains.length > 0, expertDomains: domains };
    });
    view.agreement = parseJson<{ questions: Record<string, { score: number; agree: boolean }> }>(row.agreement_json)?.questions ?? null;
    const esc = await deps.db.selectFrom('escalations').select(['question', 'answer']).where('row_id', '=', row.id).orderBy('id').execute();
    view.escalations = esc;
  }
  return view;
}

// ---------------------------------------------------------------------------------------------------------
// Work on a claim

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
async function liveClaim(t: Kysely<DB>, deps: WorkDeps, id: number, now: number, locked?: Assignment): Promise<Live> {
  const a = locked ?? (await getAssignment(t, id, deps.engine))!;
  if (a.status !== 'active') return fail(409, 'conflict', STATUS_MESSAGE[a.status]);
  if (leaseOver(a.expires_at, now)) {
    await finishAssignment(t, a.id, 'expired', now, 'lease');
    await releaseSlot(t, a, now);
    return { ok: false, expired: true };
  }
  return { ok: true, a };
}

const expiredFailure = () => fail(409, 'conflict', STATUS_MESSAGE.expired);

/**
 * The most a stored answer or draft may weigh, as JSON characters, whatever the body limit is set to: the
 * schema bounds each question, this bounds the sum (every revision of a draft is a copy of it).
 */
export const ANSWER_JSON_MAX = 1_000_000;

/** Validates a row answer against the project schema; the 400 names the question and field. */
export function parseAnswer(project: WorkflowProject, answer: unknown, complete: boolean): RowAnswer {
  const r = (complete ? project.answerSchema : project.draftSchema).safeParse(answer);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ ...i, path: ['answer', ...i.path] }));
    return fail(400, 'bad_request', describeIssues(issues), issueDetails(issues.slice(0, 50)));
  }
  const size = JSON.stringify(r.data).length;
  if (size > ANSWER_JSON_MAX) {
    return fail(413, 'too_large', `answer: ${size} characters of JSON; an answer or draft is limited to ${ANSWER_JSON_MAX} (shorten the longest texts)`);
  }
  if (complete && !isRowComplete(project.schema, r.data)) {
    const missing = project.schema.filter((q) => q.required && !isRowComplete([q], r.data)).map((q) => q.id);
    return fail(400, 'bad_request', `answer: not every required question is answered (${missing.map((m) => `answer.${m}`).join(', ')})`, { missing });
  }
  return r.data;
}

export async function heartbeat(deps: WorkDeps, caller: Caller, id: number) {
  const { project } = await ownClaim(deps, caller, id);
  const now = deps.now();
  const expiresAt = leaseEnd(now, project.settings.leaseMinutes);
  const live = await inTx(deps, async (t) => {
    const l = await liveClaim(t, deps, id, now);
    if (l.ok) await extendLease(t, id, now, expiresAt);
    return l;
  });
  if (!live.ok) return expiredFailure();
  return { expiresAt };
}

export async function draft(deps: WorkDeps, caller: Caller, id: number, answer: unknown) {
  const { project } = await ownClaim(deps, caller, id);
  const parsed = parseAnswer(project, answer, false);
  const now = deps.now();
  const expiresAt = leaseEnd(now, project.settings.leaseMinutes);
  const out = await inTx(deps, async (t) => {
    const l = await liveClaim(t, deps, id, now);
    if (!l.ok) return null;
    return saveDraft(t, id, JSON.stringify(parsed), now, expiresAt);
  });
  if (out === null) return expiredFailure();
  return { revisionId: out, expiresAt };
}

export interface SubmitBody { answer: unknown; clientSubmissionId: string; bestEffort: boolean; activeMs: number }

/** The agreement and consensus of a round's two labels, worked out before the write transaction opens. */
interface Pairing { firstId: number; agreement: RowAgreement; consensus: RowAnswer }

function pairWith(project: WorkflowProject, first: AnswerRecord, second: RowAnswer): Pairing {
  const l1 = JSON.parse(first.answer_json) as RowAnswer;
  return { firstId: first.id, agreement: rowAgreement(project.schema, l1, second), consensus: mergeRow(project.schema, [l1, second]) };
}

/** Thrown inside the submit transaction when the round's first label is not the one paired beforehand. */
class Unpaired extends Error {
  constructor(readonly first: AnswerRecord) { super('the round\'s first label changed'); }
}

/**
 * Rule 9: a retried submit (same client submission id on the same claim) returns the first result and
 * stores nothing. The response says nothing about the row's fate: under `qa: disagreements` a row
 * finalized by consensus would tell the labeler the other label agreed (rule 2).
 */
export async function submit(deps: WorkDeps, caller: Caller, id: number, body: SubmitBody) {
  const { a: a0, project } = await ownClaim(deps, caller, id);
  if (a0.kind !== 'label') return fail(409, 'conflict', 'a QA claim is resolved, not submitted: use POST /api/assignments/:id/resolve');
  const answer = parseAnswer(project, body.answer, true);
  const now = deps.now();
  const guideline = await guidelineState(deps.db, project, caller.id);
  // Agreement (edit distances, matchings) can take milliseconds: it is computed here, with no transaction
  // open, against the label already in. Should another label land in between, the transaction gives up and
  // the pairing is redone outside it.
  const other = await otherLabelOfRound(deps.db, id);
  let pairing = other ? pairWith(project, other, answer) : null;
  const write = () => inTx(deps, async (t) => {
    // Lock the claim (and its row) first: a concurrent retry then waits and sees the first submit.
    const c = await claimWithRow(t, id, deps.engine);
    if (!c) return notFound('claim');
    if (c.status === 'submitted') {
      const dup = await answerBySubmission(t, project.id, body.clientSubmissionId);
      if (dup?.assignment_id === id) return { answerId: dup.id, duplicate: true };
    }
    const l = await liveClaim(t, deps, id, now, c);
    if (!l.ok) return null;
    const a = l.a;
    const answerId = await insertAnswer(t, {
      assignmentId: a.id, rowId: a.row_id, projectId: project.id, userId: caller.id, kind: 'label', round: a.round, answer,
      bestEffort: body.bestEffort, activeMs: body.activeMs, guidelineVersion: guideline?.version ?? null,
      clientSubmissionId: body.clientSubmissionId,
      prelabels: prelabelOutcomes(project.schema, answer, parseJson<RowAnswer>(c.r_prelabels_json)), now,
    });
    if (answerId === undefined) return fail(409, 'conflict', 'clientSubmissionId: this id was already used for another submission; send a fresh id');
    await finishAssignment(t, a.id, 'submitted', now, null);
    const done = c.r_labels_done + 1;
    if (done < 2) {
      await setLabelsDone(t, a.row_id, done, now);
    } else {
      // This label was just inserted, so the round's first label is the earlier one.
      const first = (await labelAnswers(t, a.row_id, c.r_round))[0];
      if (pairing?.firstId !== first.id) throw new Unpaired(first);
      const { agreement, consensus } = pairing;
      // Needs are a subset of the row's expertise: a row that needs no domain has none to look up.
      const needs = c.r_expertise_json === '[]' ? [] : (await needsOf(t, [a.row_id])).get(a.row_id)!;
      // The schema's fingerprint tells the dashboard fill whether it may reuse these scores (stats.ts).
      const base = { agreementJson: JSON.stringify({ ...agreement, schemaKey: project.schemaKey }), agree: agreement.agree, now };
      if (afterSecondLabel(project.settings, agreement, needs) === 'consensus') {
        const finalId = await insertFinal(t, {
          rowId: a.row_id, projectId: project.id, round: c.r_round, answer: consensus, source: 'consensus',
          choices: Object.fromEntries(project.schema.map((q) => [q.id, 'agreed'])), decidedBy: null, qaAssignmentId: null,
          guidelineVersion: guideline?.version ?? null, now,
        });
        await setSecondLabel(t, a.row_id, { ...base, state: 'final', finalId });
      } else {
        await setSecondLabel(t, a.row_id, { ...base, state: 'qa', finalId: null });
      }
    }
    return { answerId, duplicate: false };
  });
  let out: Awaited<ReturnType<typeof write>>;
  for (;;) {
    try {
      out = await write();
      break;
    } catch (e) {
      if (!(e instanceof Unpaired)) throw e;
      pairing = pairWith(project, e.first, answer);
    }
  }
  if (out === null) return expiredFailure();
  if (!out.duplicate) deps.onWork?.(a0.project_id);
  return { assignmentId: id, ...out };
}

export async function release(deps: WorkDeps, caller: Caller, id: number) {
  await ownClaim(deps, caller, id, false);
  const now = deps.now();
  await inTx(deps, async (t) => {
    const l = await liveClaim(t, deps, id, now);
    // An overdue claim is already back in the pool: releasing it is then a no-op, not an error.
    if (!l.ok) return;
    await finishAssignment(t, id, 'released', now, 'skip');
    await releaseSlot(t, l.a, now);
  });
  return { released: true as const };
}

/** Rule 4: a labeler marks the row as needing a domain; experts-first routing and the QA gate follow. */
export async function flag(deps: WorkDeps, caller: Caller, id: number, domain: string, note: string | undefined) {
  const { a: a0 } = await ownClaim(deps, caller, id);
  if (a0.kind !== 'label') return fail(409, 'conflict', 'only a labeler flags a row as needing an expert; in QA, send it back or escalate');
  const now = deps.now();
  const out = await inTx(deps, async (t) => {
    const l = await liveClaim(t, deps, id, now);
    if (!l.ok) return null;
    const row = (await getRow(t, l.a.project_id, l.a.row_id, deps.engine))!;
    const expertise = addDomain(JSON.parse(row.expertise_json), domain);
    await updateRow(t, row.id, { expertise_json: JSON.stringify(expertise), updated_at: now });
    await refreshNeeds(t, { ...row, expertise_json: JSON.stringify(expertise) });
    await audit(t, { at: now, userId: caller.id, projectId: row.project_id, rowId: row.id, action: 'row.flag_expert', details: { domain, note: note ?? null } });
    return expertise;
  });
  if (out === null) return expiredFailure();
  return { expertise: out };
}

/**
 * A question to the leads. From a labeler it is a note beside the row (their claim stays); from QA the row
 * goes to the leads and comes back to QA when they answer.
 */
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
  return { escalationId, rowState: a.kind === 'qa' ? ('escalated' as const) : undefined };
}

export type ResolveBody =
  | { action: 'accept'; answer: unknown; clientSubmissionId: string; activeMs: number }
  | { action: 'send_back'; note: string }
  | { action: 'escalate'; question: string };

/** Rule 7: QA accepts a final (re-checking the expert rule), sends the row back for a new round, or escalates. */
export async function resolve(deps: WorkDeps, caller: Caller, id: number, body: ResolveBody) {
  const { a: a0, project } = await ownClaim(deps, caller, id);
  if (a0.kind !== 'qa') return fail(409, 'conflict', 'only a QA claim can be resolved; a label claim is submitted');
  const final = body.action === 'accept' ? parseAnswer(project, body.answer, true) : null;
  const now = deps.now();
  const guideline = body.action === 'accept' ? await guidelineState(deps.db, project, caller.id) : null;
  const out = await inTx(deps, async (t) => {
    await getAssignment(t, id, deps.engine);
    if (body.action === 'accept') {
      const dup = await answerBySubmission(t, project.id, body.clientSubmissionId);
      if (dup) {
        if (dup.assignment_id === id) return { finalId: (await getRow(t, project.id, a0.row_id))!.final_id, duplicate: true };
        return fail(409, 'conflict', 'clientSubmissionId: this id was already used for another submission; send a fresh id');
      }
    }
    const l = await liveClaim(t, deps, id, now);
    if (!l.ok) return null;
    const a = l.a;
    const row = (await getRow(t, project.id, a.row_id, deps.engine))!;
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
      await audit(t, { at: now, userId: caller.id, projectId: project.id, rowId: row.id, action: 'row.send_back', details: { round: row.round, note: body.note } });
      return { round: row.round + 1 };
    }
    const labels = await labelAnswers(t, row.id, row.round);
    const required = JSON.parse(row.expertise_json) as string[];
    const exp = await expertiseByUser(t, [...labels.map((x) => x.user_id), caller.id]);
    const missing = missingDomains(required, [...exp.values()]);
    if (missing.length) {
      return fail(409, 'conflict', `finalizing would break the expert rule: none of the two labelers and you covers ${missing.join(', ')}; send the row back or escalate it`, { missing });
    }
    const [l1, l2] = labels.map((x) => JSON.parse(x.answer_json) as RowAnswer);
    const choices = finalChoices(project.schema, final!, l1, l2);
    const qaAnswerId = await insertAnswer(t, {
      assignmentId: a.id, rowId: row.id, projectId: project.id, userId: caller.id, kind: 'qa', round: row.round, answer: final,
      bestEffort: false, activeMs: body.activeMs, guidelineVersion: guideline?.version ?? null, clientSubmissionId: body.clientSubmissionId,
      prelabels: prelabelOutcomes(project.schema, final!, parseJson<RowAnswer>(row.prelabels_json)), now,
    });
    if (qaAnswerId === undefined) return fail(409, 'conflict', 'clientSubmissionId: this id was already used for another submission; send a fresh id');
    const finalId = await insertFinal(t, {
      rowId: row.id, projectId: project.id, round: row.round, answer: final, source: 'qa', choices, decidedBy: caller.id,
      qaAssignmentId: a.id, guidelineVersion: guideline?.version ?? null, now,
    });
    await finishAssignment(t, a.id, 'submitted', now, null);
    await updateRow(t, row.id, { state: 'final', final_id: finalId, updated_at: now });
    return { finalId, duplicate: false, choices };
  });
  if (out === null) return expiredFailure();
  deps.onWork?.(a0.project_id);
  return { action: body.action, ...out };
}

// ---------------------------------------------------------------------------------------------------------
// Leads

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

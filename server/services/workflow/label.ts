import { describeIssues, fail, issueDetails, notFound } from '../../http.js';
import { incompleteQuestions, submittedAnswer, type RowAgreement, type RowAnswer } from '@shared/tasks/question.js';
import { extendLease, finishAssignment, saveDraft } from '../../repos/assignments.js';
import { claimForSubmit, otherLabel, writeLabel } from '../../repos/label-submit.js';
import { labelAtOnce, rememberLabel, type LabelOf } from './label-at-once.js';
import { insertSignals } from '../../repos/integrity.js';
import type { IntegrityReport } from '@shared/api/integrity.js';
import { labelSignals, noteActiveTime, projectNorm, STREAK_LOOK } from '../integrity.js';
import { answerBySubmission } from '../../repos/answers.js';
import { insertFinal } from '../../repos/finals.js';
import { getRow, needsOf, updateRow } from '../../repos/row-state.js';
import { audit } from '../../repos/audit.js';
import { strayItems } from '../scope-items.js';
import { pairedRow, pairWith, type FirstLabel, type Pairing } from './label-pairing.js';
import { guidelineState, type WorkflowProject } from './project.js';
import { addDomain, afterSecondLabel, leaseEnd, prelabelOutcomes } from './rules.js';
import { expiredFailure, liveClaim, ownClaim } from './claim.js';
import { type Caller, type WorkDeps, LostRace, inTx, parseJson, refreshNeeds, releaseSlot } from './transaction.js';
import { emitRowFinalized } from '../../webhooks/events.js';
import { NeedsGold, scoreGoldAnswer, writeGoldAnswer } from '../gold/score.js';
import { pauseIfBelow } from '../gold/pause.js';

// A labeler's work on a claim: answers checked against the schema, drafts, heartbeats, submit (with the
// pairing of the second label), release and flags.

/**
 * The most a stored answer or draft may weigh, as JSON characters, whatever the body limit is set to: the
 * schema bounds each question, this bounds the sum (every revision of a draft is a copy of it).
 */
export const ANSWER_JSON_MAX = 1_000_000;

/**
 * The row's data when the schema's completeness depends on it (questions per turn or response, conditions),
 * else {} without a read: most schemas judge the answer alone.
 */
export async function dataForAnswer(deps: WorkDeps, project: WorkflowProject, rowId: number): Promise<Record<string, unknown>> {
  if (!project.schema.some((q) => q.scope || q.showIf)) return {};
  const row = await getRow(deps.db, project.id, rowId);
  return row ? (JSON.parse(row.data_json) as Record<string, unknown>) : {};
}

/**
 * Validates a row answer against the project schema; the 400 names the question and field. A complete
 * answer must answer every question it shows (`data`: the row's, from `dataForAnswer`) and loses the
 * questions its conditions hide.
 */
export function parseAnswer(project: WorkflowProject, answer: unknown, complete: false): RowAnswer;
export function parseAnswer(project: WorkflowProject, answer: unknown, complete: true, data: Record<string, unknown>): RowAnswer;
export function parseAnswer(project: WorkflowProject, answer: unknown, complete: boolean, data: Record<string, unknown> = {}): RowAnswer {
  const r = (complete ? project.answerSchema : project.draftSchema).safeParse(answer);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ ...i, path: ['answer', ...i.path] }));
    return fail(400, 'bad_request', describeIssues(issues), issueDetails(issues.slice(0, 50)));
  }
  const size = JSON.stringify(r.data).length;
  if (size > ANSWER_JSON_MAX) {
    return fail(413, 'too_large', `answer: ${size} characters of JSON; an answer or draft is limited to ${ANSWER_JSON_MAX} (shorten the longest texts)`);
  }
  if (!complete) return r.data;
  const stray = strayItems(project.schema, r.data, data);
  if (stray.length) {
    return fail(400, 'bad_request', stray.slice(0, 5).map((x) => `answer.${x.question}.items.${x.item}: ${x.message}`).join('; '),
      { stray: stray.slice(0, 50).map((x) => ({ question: x.question, item: x.item })) });
  }
  const missing = incompleteQuestions(project.schema, r.data, data);
  if (missing.length) return fail(400, 'bad_request', `answer: not every required question is answered (${missing.map((m) => `answer.${m}`).join(', ')})`, { missing });
  return submittedAnswer(project.schema, r.data, data);
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

export interface SubmitBody {
  answer: unknown; clientSubmissionId: string; bestEffort: boolean; activeMs: number;
  /** What the workbench saw (pastes, load and show times), for the integrity signals (issue 16 part 4). */
  integrity?: IntegrityReport;
}

/**
 * Agreement (edit distances, matchings) grows with the answers: up to this many JSON characters (both
 * labels) it takes microseconds and is worked out inside the write, under the row's lock; past it the
 * transaction gives up (Unpaired), the pairing is worked out with no transaction open, and the write is
 * tried again. Looking the other label up first, outside, would cost every submit one more statement.
 */
export const PAIR_INSIDE_MAX_CHARS = 8_000;

class Unpaired extends Error {
  constructor(readonly first: FirstLabel) { super('the pairing is worked out outside the transaction'); }
}

/**
 * Rule 9: a retried submit (same client submission id on the same claim) returns the first result and
 * stores nothing. The response says nothing about the row's fate: under `qa: disagreements` a row
 * finalized by consensus would tell the labeler the other label agreed (rule 2). The answer's integrity
 * signals are written with it.
 */
export async function submit(deps: WorkDeps, caller: Caller, id: number, body: SubmitBody) {
  const { a: a0, project } = await ownClaim(deps, caller, id);
  if (a0.kind !== 'label') return fail(409, 'conflict', 'a QA claim is resolved, not submitted: use POST /api/assignments/:id/resolve');
  const answer = parseAnswer(project, body.answer, true, await dataForAnswer(deps, project, a0.row_id));
  const now = deps.now();
  const guideline = await guidelineState(deps.db, project, caller.id);
  const answerJson = JSON.stringify(answer);
  const answerChars = answerJson.length;
  const norm = await projectNorm(deps, project.id);
  const questions = new Set(project.schema.map((q) => q.id));
  /** The label to write and its integrity signals, from the claim and what its read found. */
  const labelOf: LabelOf = (a, f) => ({
    label: {
      assignmentId: a.id, rowId: a.row_id, projectId: project.id, userId: caller.id, kind: 'label' as const, round: a.round, answer,
      bestEffort: body.bestEffort, activeMs: body.activeMs, guidelineVersion: guideline?.version ?? null,
      clientSubmissionId: body.clientSubmissionId,
      prelabels: prelabelOutcomes(project.schema, answer, parseJson<RowAnswer>(f.prelabelsJson)), now,
      sameRun: Math.min(f.sameBefore + 1, STREAK_LOOK),
    },
    signals: labelSignals({ questions, activeMs: body.activeMs, report: body.integrity, norm, sameBefore: f.sameBefore, sinceClaimMs: now - f.claimedAt }),
  });
  let pairing: Pairing | null = null;
  // A gold row's answer is scored against its reference, outside the transaction (see NeedsGold).
  let gold: RowAgreement | null = null;
  let wasGold = false;
  const write = () => inTx(deps, async (t) => {
    // Lock the claim (and its row) first: a concurrent retry then waits and sees the first submit.
    const c = await claimForSubmit(t, deps.engine, id, answerJson, STREAK_LOOK - 1);
    if (!c) return notFound('claim');
    if (c.status === 'submitted') {
      const dup = await answerBySubmission(t, project.id, body.clientSubmissionId);
      if (dup?.assignment_id === id) return { answerId: dup.id, duplicate: true as const };
    }
    const l = await liveClaim(t, deps, id, now, c);
    if (!l.ok) return null;
    const a = l.a;
    const { label, signals } = labelOf(a, { prelabelsJson: c.r_prelabels_json, sameBefore: c.same_before, claimedAt: c.claimed_at });
    let answerId: number | undefined;
    if (c.r_state === 'gold') {
      // Never one of the row's two labels: the row's counts stay as they are.
      if (!gold) throw new NeedsGold();
      wasGold = true;
      answerId = await writeGoldAnswer(t, label, gold);
      if (answerId !== undefined) {
        await insertSignals(t, signals.map((x) => ({ ...x, answerId: answerId!, projectId: project.id, rowId: a.row_id, userId: caller.id, now })));
      }
    } else if (c.r_labels_done === 0) {
      answerId = await writeLabel(t, deps.engine, label, { labelsDone: 1 }, signals, true);
    } else {
      // The claim is live in the row's round, so the round's other label came with it (a label is never
      // changed, and a new round needs both labels of this one) unless it was committed while this read
      // waited for the row's lock: Postgres then re-reads the locked claim and row but not the answer
      // (read committed). A new statement, under the locks now held, sees it (both labels of a row are
      // often submitted together: a retry of the whole transaction would cost two more round trips).
      const first = c.o_id !== null && c.o_answer_json !== null ? { id: c.o_id, answerJson: c.o_answer_json } : await otherLabel(t, a.row_id, a.round, a.id);
      if (!first) throw new LostRace();
      if (pairing?.firstId !== first.id) {
        if (first.answerJson.length + answerChars > PAIR_INSIDE_MAX_CHARS) throw new Unpaired(first);
        pairing = pairWith(project, first, answer);
      }
      const { agreement, consensus } = pairing;
      // Needs are a subset of the row's expertise: a row that needs no domain has none to look up.
      const needs = c.r_expertise_json === '[]' ? [] : (await needsOf(t, [a.row_id])).get(a.row_id)!;
      const base = pairedRow(project, pairing);
      if (afterSecondLabel(project.settings, agreement, needs) === 'consensus') {
        // Written first for its id; a refused submission (taken id) rolls it back with the rest.
        const finalId = await insertFinal(t, {
          rowId: a.row_id, projectId: project.id, round: c.r_round, answer: consensus, source: 'consensus',
          choices: Object.fromEntries(project.schema.map((q) => [q.id, 'agreed'])), decidedBy: null, qaAssignmentId: null,
          guidelineVersion: guideline?.version ?? null, now,
        });
        answerId = await writeLabel(t, deps.engine, label, { ...base, state: 'final', finalId }, signals, false);
        await emitRowFinalized(t, { projectId: project.id, rowId: a.row_id, finalId, round: c.r_round, source: 'consensus', now });
      } else {
        answerId = await writeLabel(t, deps.engine, label, { ...base, state: 'qa', finalId: null }, signals, true);
      }
    }
    if (answerId === undefined) return fail(409, 'conflict', 'clientSubmissionId: this id was already used for another submission; send a fresh id');
    // The round's first label (gold answers are none): the second is paired with it.
    return { answerId, duplicate: false as const, sameRun: label.sameRun, round: a.round, first: c.r_state !== 'gold' && c.r_labels_done === 0 };
  });
  let out: Awaited<ReturnType<typeof write>> | undefined = deps.engine === 'postgres'
    ? await labelAtOnce(deps, { id, caller, project, answer, answerJson, labelOf, paired: (p) => { pairing = p; } })
    : undefined;
  while (out === undefined) {
    try {
      out = await write();
    } catch (e) {
      if (e instanceof NeedsGold) { gold = await scoreGoldAnswer(deps.db, project, a0.row_id, answer); continue; }
      if (!(e instanceof Unpaired)) throw e;
      pairing = pairWith(project, e.first, answer);
    }
  }
  if (out === null) return expiredFailure();
  if (!out.duplicate) {
    rememberLabel(deps, { projectId: project.id, userId: caller.id, rowId: a0.row_id, round: out.round, first: out.first }, { id: out.answerId, answerJson, sameRun: out.sameRun ?? null });
    deps.onWork?.(a0.project_id);
    noteActiveTime(deps, project.id, body.activeMs);
  }
  // Below the project's gold threshold: paused now (the lead is told), before the next row is asked for.
  if (wasGold && !out.duplicate) await pauseIfBelow(deps, project, caller.id);
  return { assignmentId: id, answerId: out.answerId, duplicate: out.duplicate };
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

import { sql, type Kysely } from 'kysely';
import type { AssignmentKind, DB } from '../../db/types.js';
import type { RowAnswer } from '@shared/tasks/question.js';
import type { Role } from '@shared/project.js';
import { insertAssignment, myClaims, reactivate, rememberClaim, type Assignment, type MyClaims } from '../../repos/assignments.js';
import { labelAnswers } from '../../repos/answers.js';
import { claimLabelFirstPg, claimLabelRowPg, claimQaRowPg, hasQaRowNeedingOthers, hasUnfinishedRowNotHeld, pickLabelRow, pickLabelRowNeeding, pickQaRow, pickQaRowNeeding, takeLabelSlot, takeQaSlot } from '../../repos/row-queue.js';
import { getRow, type RowRecord } from '../../repos/row-state.js';
import { noteClaim } from '../../repos/submit-hints.js';
import { prepared } from '../../db/prepared.js';
import { expertiseByUser } from '../../repos/users.js';
import { guidelineState, type WorkflowProject } from './project.js';
import { claimGold, refuseIfPaused, servesGold } from '../gold/serve.js';
import { missingRequirements, requirementsMessage, type Missing } from '../requirements.js';
import { emptyQueueMessage, expertDomains, leaseEnd, type EmptyReason } from './rules.js';
import { type Caller, LostRace, type WorkDeps, expireDue, inTx, parseJson, refreshNeeds } from './transaction.js';

// Handing out work: the next row for a labeler or reviewer, and the editor's view of a claim.

/** Postgres: one person's requests for work in a project, one at a time (till the transaction ends). Unread: not waited for. */
const personLock = prepared<{ projectId: number; userId: number }, unknown>(
  (_db, p) => sql`select pg_advisory_xact_lock(${p('projectId')}::int, ${p('userId')}::int)`, { unread: true });

/** A claim made or resumed, with its row when the claim read it. */
type Claimed = { a: Assignment; row: RowRecord | undefined };
/** The one-statement claim found a lapsed claim of the caller's: `next` gets it back by the longer path. */
const LAPSED = Symbol('lapsed');

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
  | { assignment: null; reason: EmptyReason; message: string }
  | { assignment: null; reason: 'requirements'; message: string; missing: Missing[] };

/**
 * `ahead` asks for a second label claim besides the current one, so the workbench can show the next row the
 * moment the current one is submitted. At most two label claims are active per person; the ahead claim has
 * an ordinary lease, so an unused one returns to the pool like any other.
 */
export async function next(deps: WorkDeps, project: WorkflowProject, caller: Caller, roles: Role[], kind: AssignmentKind, ahead = false): Promise<NextResult> {
  if (!roles.includes(kind === 'label' ? 'annotator' : 'reviewer')) {
    return { assignment: null, reason: 'not_a_member_role', message: emptyQueueMessage('not_a_member_role', kind) };
  }
  // A person paused on the project (gold accuracy) gets no rows: 403 saying why and whom to ask.
  await refuseIfPaused(deps.db, project, caller.id);
  // The project's minimum skill scores and expertise (issue 16), here so every caller of `next` (the
  // workbench, API tokens, scripts) meets them; projects without requirements pay no read.
  const missing = await missingRequirements(deps.db, project.settings.requirements, caller.id, caller.expertise);
  if (missing.length) return { assignment: null, reason: 'requirements', message: requirementsMessage(missing), missing };
  const now = deps.now();
  const expiresAt = leaseEnd(now, project.settings.leaseMinutes);
  const wantsSecond = ahead && kind === 'label';
  // Postgres, a labeler without domains, a project without gold rows: the request is one statement.
  const oneStatement = deps.engine === 'postgres' && kind === 'label' && caller.expertise.length === 0 && !servesGold(project);
  const claimIn = async (t: Kysely<DB>, fast: boolean): Promise<Claimed | null | typeof LAPSED> => {
    // Two tabs of one person asking at once must resume one claim, not take two rows.
    if (deps.engine === 'postgres') await personLock(t, { projectId: project.id, userId: caller.id });
    await expireDue(t, deps, project.id, now);
    let mine: MyClaims;
    if (fast) {
      const c = await claimLabelFirstPg(t, project.id, caller.id, now, expiresAt, wantsSecond ? 2 : 1);
      if (c.claimed) return c.claimed;
      // Committed with nothing written: a lapsed claim is got back in a transaction of its own.
      if (c.held.back) return LAPSED;
      mine = c.held;
    } else {
      mine = await myClaims(t, caller.id, project.id, kind);
    }
    const actives = mine.active;
    if (actives.length > 0 && (!wantsSecond || actives.length >= 2)) return { a: actives[wantsSecond ? 1 : 0], row: undefined };
    if (fast) return null;
    const back = mine.back;
    if (back && (mine.backGold || (kind === 'label' ? await takeLabelSlot(t, back.row_id, back.round, now) : await takeQaSlot(t, back.row_id, back.round, now)))) {
      const a = await reactivate(t, back.id, now, expiresAt);
      await refreshNeeds(t, { id: a.row_id, project_id: project.id });
      return { a, row: undefined };
    }
    let row: RowRecord | undefined;
    if (kind === 'label') {
      // A gold row at the project's rate (none unless its settings ask): claimed like any row.
      const gold = await claimGold(t, project, caller.id, now, expiresAt);
      if (gold) return gold;
      if (caller.expertise.length) row = await pickLabelRowNeeding(t, deps.engine, project.id, caller.id, caller.expertise);
      if (!row && deps.engine === 'postgres') {
        // A holder with no domains covers none of the row's: its needs stay as they were, so the claim is
        // the transaction's last statement and goes out with the COMMIT.
        const domainless = caller.expertise.length === 0;
        const c = await claimLabelRowPg(t, project.id, caller.id, now, expiresAt, domainless);
        if (!c) return null;
        if (!domainless) await refreshNeeds(t, c.row);
        return c;
      }
      row ??= await pickLabelRow(t, project.id, caller.id);
    } else {
      if (caller.expertise.length) row = await pickQaRowNeeding(t, deps.engine, project.id, caller.id, caller.expertise);
      else if (deps.engine === 'postgres') return (await claimQaRowPg(t, project.id, caller.id, now, expiresAt)) ?? null;
      row ??= await pickQaRow(t, deps.engine, project.id, caller.id, caller.expertise);
    }
    if (!row) return null;
    const took = kind === 'label' ? await takeLabelSlot(t, row.id, row.round, now) : await takeQaSlot(t, row.id, row.round, now);
    if (!took) throw new LostRace();
    const a = await insertAssignment(t, { rowId: row.id, projectId: project.id, round: row.round, kind, userId: caller.id, now, expiresAt });
    await refreshNeeds(t, row);
    return { a, row };
  };
  let claimed = await inTx(deps, (t) => claimIn(t, oneStatement));
  if (claimed === LAPSED) claimed = await inTx(deps, (t) => claimIn(t, false));
  if (!claimed || claimed === LAPSED) {
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
  // What a submit on Postgres can then write without reading it back first (submit-hints.ts).
  if (deps.engine === 'postgres' && a.kind === 'label' && a.status === 'active' && row.state === 'labeling') {
    noteClaim(deps.db, a.id, {
      rowId: a.row_id, round: a.round, claimedAt: a.claimed_at, prelabelsJson: row.prelabels_json,
      firstSlot: row.labels_done === 0 && row.labels_taken === 1, noDomains: row.expertise_json === '[]',
    });
  }
  const view: TaskView = {
    assignment: { id: a.id, kind: a.kind, round: a.round, claimedAt: a.claimed_at, expiresAt: a.expires_at },
    row: { id: row.id, externalId: row.external_id, data: JSON.parse(row.data_json), expertise, roundNote: row.round_note },
    schema: project.schema,
    prelabels: showPrelabels ? parseJson<RowAnswer>(row.prelabels_json) : null,
    draft: parseJson<RowAnswer>(a.draft_json),
    guideline: await guidelineState(deps.db, project, caller.id),
  };
  if (a.kind === 'qa') {
    // Independent reads, sent together (on Postgres, over two connections at once).
    const [labels, esc] = await Promise.all([
      labelAnswers(deps.db, row.id, row.round),
      deps.db.selectFrom('escalations').select(['question', 'answer']).where('row_id', '=', row.id).orderBy('id').execute(),
    ]);
    // A row that asks for no domain has no expert label whatever the labelers know.
    const exp = expertise.length ? await expertiseByUser(deps.db, labels.map((l) => l.user_id)) : new Map<number, string[]>();
    view.labels = labels.map((l, i) => {
      const domains = expertDomains(exp.get(l.user_id) ?? [], expertise);
      return { slot: (i + 1) as 1 | 2, answer: JSON.parse(l.answer_json), bestEffort: l.best_effort === 1, expert: domains.length > 0, expertDomains: domains };
    });
    view.agreement = parseJson<{ questions: Record<string, { score: number; agree: boolean }> }>(row.agreement_json)?.questions ?? null;
    view.escalations = esc;
  }
  return view;
}

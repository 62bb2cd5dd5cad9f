import type { RowAnswer } from '@shared/tasks/question.js';
import { writeLabelAtOnce, type LabelSignal, type RowAfterLabel } from '../../repos/label-submit.js';
import type { Assignment } from '../../repos/assignments.js';
import type { NewAnswer } from '../../repos/answers.js';
import { latestLabel, type LatestLabel, noteFirstLabel, noteLatestLabel, takeClaim, takeFirstLabel } from '../../repos/submit-hints.js';
import { STREAK_LOOK } from '../integrity.js';
import { pairedRow, pairWith, type Pairing } from './label-pairing.js';
import type { WorkflowProject } from './project.js';
import { afterSecondLabel } from './rules.js';
import { type Caller, type WorkDeps, lostToAnother } from './transaction.js';

/** The label to write and its integrity signals, from the claim and what is known of the person's run. */
export type LabelOf = (a: Pick<Assignment, 'id' | 'row_id' | 'round'>, f: { prelabelsJson: string | null; sameBefore: number; claimedAt: number }) => { label: NewAnswer; signals: LabelSignal[] };

export interface AtOnce {
  id: number; caller: Caller; project: WorkflowProject; answer: RowAnswer; answerJson: string; labelOf: LabelOf;
  /** Told the pairing worked out here, so the ordinary path need not work it out again. */
  paired: (p: Pairing) => void;
}

/**
 * Postgres: a label in one round trip, when this process handed the claim out and saw the person's latest
 * label, and for a second label the round's first (submit-hints.ts). The label, its signals and, for a
 * second label, the pairing and the row's next state are worked out from those facts, and one statement,
 * outside any transaction, writes them only if the facts still hold. Undefined when it wrote nothing:
 * `submit` then takes its ordinary path, which reads before it writes and decides every other case (a
 * pair that finalizes by consensus, a row needing a domain, a gold row, a lapsed claim, a retry).
 */
export async function labelAtOnce(deps: WorkDeps, x: AtOnce): Promise<{ answerId: number; duplicate: false; sameRun: number; round: number; first: boolean } | undefined> {
  const facts = takeClaim(deps.db, x.id);
  const last = latestLabel(deps.db, x.project.id, x.caller.id);
  if (!facts || !last || last.sameRun === null) return undefined;
  const first = takeFirstLabel(deps.db, facts.rowId, facts.round);
  let row: RowAfterLabel = { labelsDone: 1 };
  if (first) {
    if (!facts.noDomains) return undefined;
    const pairing = pairWith(x.project, first, x.answer);
    x.paired(pairing);
    // A consensus final is written with the label in one transaction: the ordinary path's.
    if (afterSecondLabel(x.project.settings, pairing.agreement, []) === 'consensus') return undefined;
    row = { ...pairedRow(x.project, pairing), state: 'qa', finalId: null };
  } else if (!facts.firstSlot) {
    return undefined;
  }
  // As the read computes it: the run this answer continues among the person's latest labels.
  const sameBefore = last.answerJson === x.answerJson ? Math.min(last.sameRun, STREAK_LOOK - 1) : 0;
  const { label, signals } = x.labelOf({ id: x.id, row_id: facts.rowId, round: facts.round }, { prelabelsJson: facts.prelabelsJson, sameBefore, claimedAt: facts.claimedAt });
  try {
    const r = await writeLabelAtOnce(deps.db, label, row, signals, { claimedAt: facts.claimedAt, prelabelsJson: facts.prelabelsJson, latestId: last.id, otherId: first?.id ?? null });
    if (!r.held || r.id === undefined) return undefined;
    return { answerId: r.id, duplicate: false, sameRun: label.sameRun!, round: facts.round, first: row.labelsDone === 1 };
  } catch (e) {
    if (lostToAnother(e)) return undefined;
    throw e;
  }
}

/**
 * After a label was stored (by either path): what this process now knows of the person's latest label and,
 * for a first label, of the round's. Postgres only: SQLite never writes at once, so it keeps no guesses.
 */
export function rememberLabel(deps: WorkDeps, at: { projectId: number; userId: number; rowId: number; round: number; first: boolean }, label: LatestLabel): void {
  if (deps.engine !== 'postgres') return;
  noteLatestLabel(deps.db, at.projectId, at.userId, label);
  if (at.first) noteFirstLabel(deps.db, at.rowId, at.round, { id: label.id, answerJson: label.answerJson });
}

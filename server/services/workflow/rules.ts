import { createHash } from 'node:crypto';
import type { ProjectSchema, RowAnswer, RowAgreement } from '@shared/tasks/question.js';
import type { ProjectSettings } from '@shared/project.js';
import type { AssignmentKind, RowState } from '../../db/types.js';

/**
 * The workflow rules of DESIGN.md as pure functions. The service only loads, calls these and stores,
 * so every rule is tested here without a database.
 */

/** JSON with object keys sorted: two answers built in a different key order still compare equal. */
export function canonicalJson(x: unknown): string {
  if (x === null || typeof x !== 'object') return JSON.stringify(x) ?? 'null';
  if (Array.isArray(x)) return `[${x.map(canonicalJson).join(',')}]`;
  const o = x as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export const sameAnswer = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** A short fingerprint of a parsed schema: what a stored agreement was computed under. */
export const schemaKey = (schema: ProjectSchema) => createHash('sha1').update(canonicalJson(schema)).digest('base64').slice(0, 22);

export type PrelabelOutcome = 'kept' | 'changed' | 'none';

/** Rule 5: per question, whether the submission kept the model's suggestion, changed it, or had none. */
export function prelabelOutcomes(schema: ProjectSchema, answer: RowAnswer, prelabels: RowAnswer | null): Record<string, PrelabelOutcome> {
  const out: Record<string, PrelabelOutcome> = {};
  for (const q of schema) {
    const p = prelabels?.[q.id];
    out[q.id] = p === undefined || p === null ? 'none' : sameAnswer(p, answer[q.id] ?? null) ? 'kept' : 'changed';
  }
  return out;
}

/** Required domains that none of `holders` (each a list of domains) covers, sorted. */
export function missingDomains(required: readonly string[], holders: readonly (readonly string[])[]): string[] {
  const covered = new Set(holders.flat());
  return [...new Set(required)].filter((d) => !covered.has(d)).sort();
}

/** Rule 3: a reviewer may take QA only when they cover every domain the labelers left uncovered. */
export function reviewerCovers(reviewerExpertise: readonly string[], needs: readonly string[]): boolean {
  const mine = new Set(reviewerExpertise);
  return needs.every((d) => mine.has(d));
}

/** The domains of a labeler that the row asks for: non-empty means their label is the expert's. */
export function expertDomains(labelerExpertise: readonly string[], rowExpertise: readonly string[]): string[] {
  const row = new Set(rowExpertise);
  return [...new Set(labelerExpertise)].filter((d) => row.has(d)).sort();
}

/** Rule 4: flagging adds a domain; the list stays sorted and unique so equal sets store equal JSON. */
export function addDomain(expertise: readonly string[], domain: string): string[] {
  return [...new Set([...expertise, domain])].sort();
}

/**
 * Rule 6: what happens when the second label arrives. Under `qa: disagreements` a row whose every
 * question agrees and whose labelers already satisfy the expert rule is finalized by consensus.
 */
export function afterSecondLabel(settings: Pick<ProjectSettings, 'qa'>, agreement: Pick<RowAgreement, 'agree'>, needs: readonly string[]): 'qa' | 'consensus' {
  return settings.qa === 'disagreements' && agreement.agree && needs.length === 0 ? 'consensus' : 'qa';
}

export type FinalChoice = 'l1' | 'l2' | 'edited' | 'agreed';

/** Where each question of a QA final came from, read off the answers rather than trusted from the client. */
export function finalChoices(schema: ProjectSchema, final: RowAnswer, l1: RowAnswer, l2: RowAnswer): Record<string, FinalChoice> {
  const out: Record<string, FinalChoice> = {};
  for (const q of schema) {
    const f = final[q.id] ?? null;
    const one = sameAnswer(f, l1[q.id] ?? null);
    const two = sameAnswer(f, l2[q.id] ?? null);
    out[q.id] = one && two ? 'agreed' : one ? 'l1' : two ? 'l2' : 'edited';
  }
  return out;
}

export const leaseEnd = (now: number, leaseMinutes: number) => now + leaseMinutes * 60_000;
export const leaseOver = (expiresAt: number, now: number) => expiresAt <= now;

/** Why an unfinished row is not moving: what a lead sees beside it (rule 3: never silently stuck). */
export type WaitingReason =
  | 'waiting_for_labelers' | 'no_eligible_labeler' | 'labeling_in_progress'
  | 'waiting_for_qa' | 'waiting_for_expert' | 'no_eligible_reviewer' | 'qa_in_progress'
  | 'waiting_for_lead';

export interface RowProgress {
  state: RowState;
  labelsTaken: number;
  qaTaken: number;
  /** Domains still lacking an expert among the row's current holders. */
  needs: readonly string[];
  /** Annotators of the project who never held a slot on the row. */
  freshLabelers: number;
  /** Reviewers who never held a slot on the row, with their expertise. */
  freshReviewers: readonly (readonly string[])[];
}

export function waitingReason(r: RowProgress): WaitingReason | null {
  switch (r.state) {
    case 'final': case 'gold': return null;
    case 'escalated': return 'waiting_for_lead';
    case 'labeling':
      if (r.labelsTaken >= 2) return 'labeling_in_progress';
      return r.freshLabelers >= 2 - r.labelsTaken ? 'waiting_for_labelers' : 'no_eligible_labeler';
    case 'qa':
      if (r.qaTaken) return 'qa_in_progress';
      if (r.freshReviewers.some((e) => reviewerCovers(e, r.needs))) return 'waiting_for_qa';
      return r.needs.length ? 'waiting_for_expert' : 'no_eligible_reviewer';
  }
}

export type EmptyReason = 'all_done' | 'waiting_for_others' | 'waiting_for_expert' | 'not_a_member_role';

/** What an empty queue tells the person asking, in words they can act on. */
export function emptyQueueMessage(reason: EmptyReason, kind: AssignmentKind): string {
  switch (reason) {
    case 'all_done': return kind === 'label'
      ? 'Nothing left to label: every row is done or already has your label.'
      : 'Nothing left to review: every row is final or already had you on it.';
    case 'waiting_for_others': return kind === 'label'
      ? 'No row is free for you right now: the open rows are being labeled or reviewed by others. Try again in a few minutes.'
      : 'No row is ready for QA right now: rows reach QA once both labels are in. Try again in a few minutes.';
    case 'waiting_for_expert': return 'The rows waiting for QA need a domain expert you are not: a reviewer with that expertise will take them.';
    case 'not_a_member_role': return kind === 'label'
      ? 'You are not an annotator in this project: ask a lead for the annotator role.'
      : 'You are not a reviewer in this project: ask a lead for the reviewer role.';
  }
}

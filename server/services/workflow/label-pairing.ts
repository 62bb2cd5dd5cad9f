import { mergeRow, rowAgreement, type RowAgreement, type RowAnswer } from '@shared/tasks/question.js';
import { itemAgreement } from '../scope-items.js';
import type { FirstLabel } from '../../repos/submit-hints.js';
import type { WorkflowProject } from './project.js';

export type { FirstLabel };

/** The agreement and consensus of a round's two labels. */
export interface Pairing { firstId: number; agreement: RowAgreement; items: ReturnType<typeof itemAgreement>; consensus: RowAnswer }

export function pairWith(project: WorkflowProject, first: FirstLabel, second: RowAnswer): Pairing {
  const l1 = JSON.parse(first.answerJson) as RowAnswer;
  return {
    firstId: first.id, agreement: rowAgreement(project.schema, l1, second), items: itemAgreement(project.schema, l1, second),
    consensus: mergeRow(project.schema, [l1, second]),
  };
}

/**
 * The row's columns after its second label, short of its next state. The schema's fingerprint tells the
 * dashboard fill whether it may reuse these scores (stats.ts); `items` (schemas with scoped questions): per
 * question, which items agreed, for the dashboard.
 */
export function pairedRow(project: WorkflowProject, { agreement, items }: Pairing) {
  const stored = { ...agreement, schemaKey: project.schemaKey, ...(Object.keys(items).length ? { items } : {}) };
  return { labelsDone: 2 as const, agreementJson: JSON.stringify(stored), agree: agreement.agree };
}

import { notFound } from '../../http.js';
import { getRow, updateRow } from '../../repos/row-state.js';
import { audit } from '../../repos/audit.js';
import { type Caller, type WorkDeps, inTx } from './transaction.js';

/** Priorities a lead may set: the import's range. Higher is handed out first. */
export const PRIORITY_MIN = -1_000_000;
export const PRIORITY_MAX = 1_000_000;

/**
 * A lead moves a row up or down the queue (the rows browser). Any state: a priority also orders QA, and a
 * final row keeps it for a reopen. Audited with the old and new value.
 */
export async function leadSetPriority(deps: WorkDeps, lead: Caller, projectId: number, rowId: number, priority: number) {
  const now = deps.now();
  return inTx(deps, async (t) => {
    const row = await getRow(t, projectId, rowId, deps.engine);
    if (!row) return notFound('row');
    if (row.priority !== priority) {
      await updateRow(t, row.id, { priority, updated_at: now });
      await audit(t, { at: now, userId: lead.id, projectId, rowId, action: 'row.priority', details: { from: row.priority, to: priority } });
    }
    return { rowId, priority };
  });
}

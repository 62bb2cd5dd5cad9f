import { fail, notFound } from '../../http.js';
import { audit } from '../../repos/audit.js';
import { getRow } from '../../repos/row-state.js';
import { inTx, type WorkDeps } from '../workflow/transaction.js';

/**
 * A lead makes a finalized row gold: its final answer becomes the reference, and the row is served to
 * labelers who never held it. Its final stays in the row's history; as a gold row it leaves the exports of
 * final labels and the project's progress.
 */
export async function promoteToGold(deps: WorkDeps, leadId: number, projectId: number, rowId: number) {
  const now = deps.now();
  return inTx(deps, async (t) => {
    const row = await getRow(t, projectId, rowId, deps.engine);
    if (!row) return notFound('row');
    if (row.state === 'gold') return fail(409, 'conflict', 'this row is already a gold row');
    if (row.state !== 'final' || row.final_id === null) return fail(409, 'conflict', `only a finalized row can become gold (this one is ${row.state}): its final answer becomes the reference`);
    const f = await t.selectFrom('finals').select(['id', 'answer_json']).where('id', '=', row.final_id).executeTakeFirstOrThrow();
    await t.insertInto('gold_rows').values({
      row_id: row.id, project_id: projectId, reference_json: f.answer_json, source: 'promoted', final_id: Number(f.id), created_by: leadId, created_at: now,
    }).execute();
    await t.updateTable('rows').set({ state: 'gold', updated_at: now }).where('id', '=', row.id).execute();
    await audit(t, { at: now, userId: leadId, projectId, rowId: row.id, action: 'row.gold', details: { finalId: Number(f.id) } });
    return { rowId: row.id, state: 'gold' as const, reference: JSON.parse(f.answer_json) as Record<string, unknown> };
  });
}

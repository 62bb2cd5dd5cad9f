import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';
import type { ImportReport } from '@shared/api/console.js';
import { claimedRows, goldReferences, isStarted, skipStarted } from './classify.js';
import type { ImportJob, StagedUpdate } from './stage.js';

/**
 * Publishes an import inside the caller's transaction: its new rows by one switch (they are written
 * already, hidden), then the staged updates of rows nobody had started, each checked again here, where the answer holds (a
 * row claimed since it was staged keeps its data and is reported as started).
 */
export async function publishImport(tx: Kysely<DB>, job: ImportJob, now: number, report: ImportReport): Promise<void> {
  report.imported = await job.publishNew(tx);
  let page: StagedUpdate[] = [];
  for await (const u of job.updates(tx)) {
    page.push(u);
    if (page.length >= 500) { await applyUpdates(tx, job.projectId, page, now, report); page = []; }
  }
  if (page.length) await applyUpdates(tx, job.projectId, page, now, report);
}

async function applyUpdates(tx: Kysely<DB>, projectId: number, page: StagedUpdate[], now: number, report: ImportReport) {
  const ids = page.map((u) => u.id);
  const claimed = await claimedRows(tx, ids);
  const goldOf = await goldReferences(tx, ids);
  const states = new Map<number, Parameters<typeof isStarted>[0]>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await tx.selectFrom('rows').select(['id', 'state', 'round', 'labels_taken', 'labels_done']).where('id', 'in', ids.slice(i, i + 500)).execute()) states.set(Number(r.id), r);
  }
  for (const c of page) {
    const now_ = states.get(c.id);
    if (!now_ || isStarted(now_) || claimed.has(c.id)) { skipStarted(report, c.line, c.row.externalId); continue; }
    await tx.updateTable('rows').set({
      data_json: JSON.stringify(c.row.data), prelabels_json: c.row.prelabels ? JSON.stringify(c.row.prelabels) : null,
      expertise_json: JSON.stringify(c.row.expertise), priority: c.row.priority, updated_at: now,
    }).where('id', '=', c.id).execute();
    await tx.deleteFrom('row_needs').where('row_id', '=', c.id).execute();
    if (c.row.gold) {
      // A row nobody started becomes a gold row (or stays one with its new reference).
      await tx.updateTable('rows').set({ state: 'gold' }).where('id', '=', c.id).execute();
      const ref = { reference_json: JSON.stringify(c.row.gold), source: 'import' as const, final_id: null, created_at: now };
      await tx.insertInto('gold_rows').values({ row_id: c.id, project_id: projectId, created_by: null, ...ref })
        .onConflict((oc) => oc.column('row_id').doUpdateSet(ref)).execute();
      report.updated++;
      continue;
    }
    if (goldOf.has(c.id)) {
      // The line no longer marks it gold: an ordinary row again.
      await tx.deleteFrom('gold_rows').where('row_id', '=', c.id).execute();
      await tx.updateTable('rows').set({ state: 'labeling' }).where('id', '=', c.id).execute();
    }
    if (c.row.expertise.length) await tx.insertInto('row_needs').values(c.row.expertise.map((domain) => ({ row_id: c.id, project_id: projectId, domain }))).execute();
    report.updated++;
  }
}

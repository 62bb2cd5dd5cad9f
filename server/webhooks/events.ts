import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
import type { DeliveryEvent } from '@shared/api/webhooks.js';
import { enabledWebhooks, insertDeliveries } from '../repos/webhooks.js';

/**
 * Emitting an event writes one delivery per subscribed webhook, with `t`: called inside the transaction
 * of the change it reports, the delivery commits (or rolls back) with it, so a crash between the change
 * and the send loses nothing (the outbox pattern). A project without webhooks pays one indexed read.
 *
 * Bodies carry ids and states, never label content: a receiver fetches what it needs with an API token,
 * under that token's own rights.
 */

/** Delivery workers of this process, told to look at once when something was emitted. */
const workers = new Set<() => void>();
export function onEmitted(kick: () => void): () => void {
  workers.add(kick);
  return () => workers.delete(kick);
}

/** `data` may be a function: it is only called (and its reads made) when some webhook wants the event. */
export async function emitEvent(t: Kysely<DB>, projectId: number, event: DeliveryEvent, now: number,
  data: Record<string, unknown> | (() => Promise<Record<string, unknown>>), onlyWebhook?: number): Promise<number[]> {
  const hooks = (await enabledWebhooks(t, projectId))
    .filter((h) => (onlyWebhook === undefined ? h.events.includes(event) : h.id === onlyWebhook));
  if (!hooks.length) return [];
  const body = typeof data === 'function' ? await data() : data;
  const ids = await insertDeliveries(t, hooks.map((h) => {
    const uid = randomUUID();
    return {
      webhook_id: h.id, project_id: projectId, event, delivery_uid: uid, created_at: now,
      payload_json: JSON.stringify({ id: uid, event, createdAt: new Date(now).toISOString(), projectId, data: body }),
    };
  }));
  // After the caller's transaction commits, which is not long: the worker's poll is the fallback.
  for (const kick of workers) kick();
  return ids;
}

const externalIdOf = async (t: Kysely<DB>, rowId: number) =>
  (await t.selectFrom('rows').select('external_id').where('id', '=', rowId).executeTakeFirst())?.external_id ?? null;

/** A row got its final answer: QA accepted it (`qa`) or its two labels agreed (`consensus`). */
export const emitRowFinalized = (t: Kysely<DB>, e: { projectId: number; rowId: number; finalId: number; round: number; source: 'qa' | 'consensus'; now: number }) =>
  emitEvent(t, e.projectId, 'row.finalized', e.now, async () => ({
    rowId: e.rowId, externalId: await externalIdOf(t, e.rowId), state: 'final', finalId: e.finalId, round: e.round, source: e.source,
  }));

/** A question on a row went to the leads; `rowState` is `escalated` when QA sent the row itself. */
export const emitRowEscalated = (t: Kysely<DB>, e: { projectId: number; rowId: number; escalationId: number; by: 'label' | 'qa'; rowState: string; now: number }) =>
  emitEvent(t, e.projectId, 'row.escalated', e.now, async () => ({
    rowId: e.rowId, externalId: await externalIdOf(t, e.rowId), escalationId: e.escalationId, raisedIn: e.by, state: e.rowState,
  }));

/** An import committed: its counts (the report's lines stay with the person who imported). */
export const emitImportFinished = (t: Kysely<DB>, e: {
  projectId: number; userId: number | null; now: number;
  report: { format: string; mode: string; total: number; imported: number; updated: number; unchanged: number; errorCount: number; skipped: unknown[] };
}) => emitEvent(t, e.projectId, 'import.finished', e.now, {
  format: e.report.format, mode: e.report.mode, total: e.report.total, imported: e.report.imported, updated: e.report.updated,
  unchanged: e.report.unchanged, skipped: e.report.skipped.length, errors: e.report.errorCount, by: e.userId,
});

/** An export finished streaming: what was exported and by whom (the file went to them). */
export const emitExportReady = (db: Kysely<DB>, e: { projectId: number; userId: number; format: string; state: string; filtered: boolean; bytes: number; now: number }) =>
  emitEvent(db, e.projectId, 'export.ready', e.now, { format: e.format, state: e.state, filtered: e.filtered, bytes: e.bytes, by: e.userId });

/** A person was paused on a project (issue 16 calls this where it pauses someone, in that transaction). */
export const emitPersonPaused = (t: Kysely<DB>, e: { projectId: number; userId: number; pausedBy: number | null; reason: string | null; now: number }) =>
  emitEvent(t, e.projectId, 'person.paused', e.now, { userId: e.userId, pausedBy: e.pausedBy, reason: e.reason });

/**
 * Passes an export's chunks through and emits `export.ready` once the last one was produced (an export
 * the client dropped halfway emits nothing). No transaction: the export changed nothing to commit with.
 */
export async function* reportingExportReady(db: Kysely<DB>, chunks: AsyncIterable<string | Uint8Array>,
  e: { projectId: number; userId: number; format: string; state: string; filtered: boolean; now: () => number }): AsyncIterable<string | Uint8Array> {
  let bytes = 0;
  for await (const c of chunks) {
    bytes += typeof c === 'string' ? Buffer.byteLength(c) : c.length;
    yield c;
  }
  try {
    await emitExportReady(db, { ...e, bytes, now: e.now() });
  } catch (err) {
    // The file is complete and with its reader: a failed notice must not turn it into a broken download.
    console.error('export.ready could not be queued:', err);
  }
}

import type { Kysely, Selectable } from 'kysely';
import type { DB, WebhookDeliveriesTable, WebhooksTable } from '../db/types.js';
import type { DeliveryDto, WebhookDto, WebhookEvent } from '@shared/api/webhooks.js';

// A project's webhooks and their deliveries (the outbox and the delivery log): small Kysely functions.

type HookRow = Pick<Selectable<WebhooksTable>, 'id' | 'url' | 'events_json' | 'enabled' | 'secret_hint' | 'created_at' | 'created_by'>;

const toWebhookDto = (r: HookRow): WebhookDto => ({
  id: Number(r.id), url: r.url, events: JSON.parse(r.events_json) as WebhookEvent[], enabled: r.enabled === 1,
  secretHint: r.secret_hint, createdAt: Number(r.created_at), createdBy: r.created_by === null ? null : Number(r.created_by),
});

const hookColumns = ['id', 'url', 'events_json', 'enabled', 'secret_hint', 'created_at', 'created_by'] as const;

export async function listWebhooks(db: Kysely<DB>, projectId: number): Promise<WebhookDto[]> {
  const rows = await db.selectFrom('webhooks').select(hookColumns).where('project_id', '=', projectId).orderBy('id').execute();
  return rows.map(toWebhookDto);
}

export async function countWebhooks(db: Kysely<DB>, projectId: number): Promise<number> {
  const r = await db.selectFrom('webhooks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function webhookDto(db: Kysely<DB>, projectId: number, id: number): Promise<WebhookDto | undefined> {
  const r = await db.selectFrom('webhooks').select(hookColumns).where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
  return r && toWebhookDto(r);
}

export async function insertWebhook(db: Kysely<DB>, w: {
  projectId: number; url: string; events: WebhookEvent[]; enabled: boolean; secret: string; secretHint: string; createdBy: number; now: number;
}): Promise<number> {
  const r = await db.insertInto('webhooks').values({
    project_id: w.projectId, url: w.url, events_json: JSON.stringify(w.events), secret: w.secret, secret_hint: w.secretHint,
    enabled: w.enabled ? 1 : 0, created_by: w.createdBy, created_at: w.now,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateWebhook(db: Kysely<DB>, projectId: number, id: number, set: { enabled?: boolean; events?: WebhookEvent[] }): Promise<boolean> {
  const r = await db.updateTable('webhooks').set({
    ...(set.enabled === undefined ? {} : { enabled: set.enabled ? 1 : 0 }),
    ...(set.events === undefined ? {} : { events_json: JSON.stringify(set.events) }),
  }).where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Deletes a webhook and its log (the deliveries go with it: nothing is sent for a removed hook). */
export async function deleteWebhook(db: Kysely<DB>, projectId: number, id: number): Promise<boolean> {
  await db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).where('project_id', '=', projectId).execute();
  const r = await db.deleteFrom('webhooks').where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** The enabled webhooks of a project with their events: one indexed read per event emitted. */
export async function enabledWebhooks(db: Kysely<DB>, projectId: number): Promise<Array<{ id: number; events: string[] }>> {
  const rows = await db.selectFrom('webhooks').select(['id', 'events_json']).where('project_id', '=', projectId).where('enabled', '=', 1).execute();
  return rows.map((r) => ({ id: Number(r.id), events: JSON.parse(r.events_json) as string[] }));
}

export type NewDelivery = Pick<WebhookDeliveriesTable, 'webhook_id' | 'project_id' | 'event' | 'delivery_uid' | 'payload_json' | 'created_at'>;

export async function insertDeliveries(db: Kysely<DB>, ds: NewDelivery[]): Promise<number[]> {
  if (!ds.length) return [];
  const rows = await db.insertInto('webhook_deliveries')
    .values(ds.map((d) => ({ ...d, status: 'pending' as const, attempts: 0, next_attempt_at: d.created_at })))
    .returning('id').execute();
  return rows.map((r) => Number(r.id));
}

/** Deliveries due now whose webhook is enabled and that no worker holds, oldest due first, with what sending needs. */
export async function dueDeliveries(db: Kysely<DB>, now: number, limit: number) {
  const rows = await db.selectFrom('webhook_deliveries as d').innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select(['d.id', 'd.event', 'd.delivery_uid', 'd.payload_json', 'd.attempts', 'w.url', 'w.secret'])
    .where('d.status', '=', 'pending').where('d.next_attempt_at', '<=', now).where('w.enabled', '=', 1)
    .where((eb) => eb.or([eb('d.locked_until', 'is', null), eb('d.locked_until', '<', now)]))
    .orderBy('d.next_attempt_at').orderBy('d.id').limit(limit).execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), attempts: Number(r.attempts) }));
}
export type DueDelivery = Awaited<ReturnType<typeof dueDeliveries>>[number];

/** Takes a delivery for one worker until `until`; false when another worker (or process) took it first. */
export async function lockDelivery(db: Kysely<DB>, id: number, attempts: number, now: number, until: number): Promise<boolean> {
  const r = await db.updateTable('webhook_deliveries').set({ locked_until: until })
    .where('id', '=', id).where('status', '=', 'pending').where('attempts', '=', attempts)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Records an attempt: delivered, failed for good, or pending again at `nextAt`. */
export async function recordAttempt(db: Kysely<DB>, id: number, a: {
  at: number; statusCode: number | null; error: string | null; status: 'delivered' | 'failed' | 'pending'; nextAt: number | null;
}): Promise<void> {
  await db.updateTable('webhook_deliveries').set((eb) => ({
    attempts: eb('attempts', '+', 1), status: a.status, status_code: a.statusCode, error: a.error, last_attempt_at: a.at,
    next_attempt_at: a.nextAt, locked_until: null, delivered_at: a.status === 'delivered' ? a.at : null,
  })).where('id', '=', id).execute();
}

/** Gives a delivery back untried (the server is stopping): the next worker sends it at once. */
export async function releaseDelivery(db: Kysely<DB>, id: number): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ locked_until: null }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Forgets settled deliveries (delivered or given up) made before `before`: the log keeps what is recent. */
export async function pruneDeliveries(db: Kysely<DB>, before: number): Promise<number> {
  const r = await db.deleteFrom('webhook_deliveries').where('status', 'in', ['delivered', 'failed']).where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The delivery log, newest first, paged by id. */
export async function listDeliveries(db: Kysely<DB>, projectId: number, q: { webhookId?: number; before?: number; limit: number }): Promise<{ deliveries: DeliveryDto[]; nextBefore: number | null }> {
  let query = db.selectFrom('webhook_deliveries')
    .select(['id', 'delivery_uid', 'webhook_id', 'event', 'status', 'attempts', 'status_code', 'error', 'created_at', 'last_attempt_at', 'next_attempt_at', 'delivered_at'])
    .where('project_id', '=', projectId);
  if (q.webhookId !== undefined) query = query.where('webhook_id', '=', q.webhookId);
  if (q.before !== undefined) query = query.where('id', '<', q.before);
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    deliveries: page.map((r) => ({
      id: Number(r.id), deliveryId: r.delivery_uid, webhookId: Number(r.webhook_id), event: r.event, status: r.status, attempts: Number(r.attempts),
      statusCode: n(r.status_code), error: r.error, createdAt: Number(r.created_at), lastAttemptAt: n(r.last_attempt_at),
      nextAttemptAt: r.status === 'pending' ? n(r.next_attempt_at) : null, deliveredAt: n(r.delivered_at),
    })),
    nextBefore: rows.length > q.limit ? Number(page[page.length - 1].id) : null,
  };
}

export async function deliveryDto(db: Kysely<DB>, projectId: number, id: number): Promise<DeliveryDto | undefined> {
  const page = await listDeliveries(db, projectId, { before: id + 1, limit: 1 });
  return page.deliveries.find((d) => d.id === id);
}

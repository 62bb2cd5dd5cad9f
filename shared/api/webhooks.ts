import { z } from 'zod';

/**
 * Webhooks (issue 17): a project's leads register URLs that Triad POSTs signed JSON to when something
 * happens. The secret is returned once, by the create call.
 */

/** Events a webhook can subscribe to. `webhook.test` is sent by "Send test" only, whatever the subscription. */
export const WEBHOOK_EVENTS = ['row.finalized', 'row.escalated', 'import.finished', 'export.ready', 'person.paused'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_TEST_EVENT = 'webhook.test';
export type DeliveryEvent = WebhookEvent | typeof WEBHOOK_TEST_EVENT;

/** What each event means, for the console and the README. */
export const WEBHOOK_EVENT_HELP: Record<WebhookEvent, string> = {
  'row.finalized': 'a row got its final answer (QA accepted it, or the two labels agreed)',
  'row.escalated': 'a question on a row was sent to the leads',
  'import.finished': 'an import was committed',
  'export.ready': 'an export finished downloading',
  'person.paused': 'a person was paused on the project',
};

export const WEBHOOK_URL_MAX = 2000;
/** Webhooks a project may hold: enough for every consumer, bounded so one event cannot fan out without end. */
export const WEBHOOKS_PER_PROJECT = 20;
/** The secret's prefix, so secret scanners and people recognise one. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

const url = z.string('expected the receiver\'s address').trim()
  .min(1, 'give the address Triad should POST to')
  .max(WEBHOOK_URL_MAX, `at most ${WEBHOOK_URL_MAX} characters`)
  // The server parses it whole (server/webhooks/address-policy.ts); here only the scheme, shared with the client.
  .regex(/^https?:\/\/[^\s/?#]+/i, 'expected an http:// or https:// address, like https://ml.example.com/triad-hook');

const events = z.array(z.enum(WEBHOOK_EVENTS, `expected one of ${WEBHOOK_EVENTS.join(', ')}`), 'expected a list of events')
  .min(1, 'choose at least one event').max(WEBHOOK_EVENTS.length, 'each event once')
  .refine((e) => new Set(e).size === e.length, 'each event once');

export const createWebhookBody = z.object({
  url,
  events,
  enabled: z.boolean('expected true or false').default(true),
});
export type CreateWebhookBody = z.input<typeof createWebhookBody>;

export const updateWebhookBody = z.object({
  enabled: z.boolean('expected true or false').optional(),
  events: events.optional(),
}).refine((b) => b.enabled !== undefined || b.events !== undefined, 'send enabled or events (the address cannot change: add a new webhook)');
export type UpdateWebhookBody = z.input<typeof updateWebhookBody>;

const positiveId = (what: string) => z.coerce.number(`expected a positive ${what} id`).int(`expected a positive ${what} id`)
  .positive(`expected a positive ${what} id`).max(Number.MAX_SAFE_INTEGER, `${what} id out of range`);

export const webhookParam = z.object({ projectId: positiveId('project'), webhookId: positiveId('webhook') });

export const DELIVERY_PAGE_MAX = 100;
export const deliveriesQuery = z.object({
  /** Only this webhook's deliveries. */
  webhookId: positiveId('webhook').optional(),
  /** Deliveries older than this id (the previous page's `nextBefore`). */
  before: positiveId('delivery').optional(),
  limit: z.coerce.number('expected a number').int('expected a whole number').min(1, 'at least 1').max(DELIVERY_PAGE_MAX, `at most ${DELIVERY_PAGE_MAX}`).default(20),
});
export type DeliveriesQuery = z.input<typeof deliveriesQuery>;

const ms = z.number().int().describe('epoch milliseconds');

export const webhookDto = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  enabled: z.boolean(),
  /** The secret's first characters, to tell secrets apart: never enough to sign with. */
  secretHint: z.string(),
  createdAt: ms,
  createdBy: z.number().int().nullable(),
});
export type WebhookDto = z.infer<typeof webhookDto>;

/** The create call's answer: `secret` signs every delivery, shown this once. */
export const createdWebhookDto = z.object({ webhook: webhookDto, secret: z.string() });
export type CreatedWebhookDto = z.infer<typeof createdWebhookDto>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const deliveryDto = z.object({
  id: z.number().int(),
  /** The X-Triad-Delivery header: the same on every attempt, for the receiver to drop repeats. */
  deliveryId: z.string(),
  webhookId: z.number().int(),
  event: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  /** The last attempt's HTTP status, when the receiver answered. */
  statusCode: z.number().int().nullable(),
  /** Why the last attempt failed (timeout, refused address, the receiver's answer), or null. */
  error: z.string().nullable(),
  createdAt: ms,
  lastAttemptAt: ms.nullable(),
  /** When the next attempt is due, while pending. */
  nextAttemptAt: ms.nullable(),
  deliveredAt: ms.nullable(),
});
export type DeliveryDto = z.infer<typeof deliveryDto>;

export const deliveryPageDto = z.object({ deliveries: z.array(deliveryDto), nextBefore: z.number().int().nullable() });
export type DeliveryPageDto = z.infer<typeof deliveryPageDto>;

export const webhookListDto = z.object({ webhooks: z.array(webhookDto) });

import { z } from 'zod';
import { createdWebhookDto, deliveryDto, deliveryPageDto, webhookDto, webhookListDto, WEBHOOK_EVENTS } from '@shared/api/webhooks.js';
import type { Operations } from './operation.js';

const who = 'The project\'s leads, or an administrator (member or not).';
const noHook = { 404: 'no such webhook in this project' };

/** Webhooks: signed JSON POSTs to a lead's receiver when something happens in the project. */
export const webhookOps: Operations = {
  'GET /api/projects/{projectId}/webhooks': {
    tag: 'Webhooks', auth: 'user', roles: ['lead'], summary: 'The project\'s webhooks', description: who,
    ok: { status: 200, description: 'webhooks (never their secrets: only `secretHint`)', schema: webhookListDto },
  },
  'POST /api/projects/{projectId}/webhooks': {
    tag: 'Webhooks', auth: 'user', roles: ['lead'], summary: 'Register a receiver (the signing secret is in this answer only)',
    description: `${who} Events: ${WEBHOOK_EVENTS.join(', ')}. Each delivery is signed with HMAC-SHA256 of \`<timestamp>.<body>\` `
      + 'under the secret; it is retried with backoff until the receiver answers 2xx. Addresses must be allowed by the instance setting '
      + '(internal addresses are refused by default).',
    ok: { status: 201, description: 'registered; store `secret` now', schema: createdWebhookDto },
    errors: { 400: 'the address is not allowed (the message says why)', 409: 'the project already holds its maximum of webhooks' },
  },
  'GET /api/projects/{projectId}/webhooks/deliveries': {
    tag: 'Webhooks', auth: 'user', roles: ['lead'], summary: 'The delivery log, newest first', description: who,
    ok: { status: 200, description: 'a page of deliveries with their status codes', schema: deliveryPageDto },
  },
  'PATCH /api/projects/{projectId}/webhooks/{webhookId}': {
    tag: 'Webhooks', auth: 'user', roles: ['lead'], summary: 'Enable, disable or change the events of a webhook', description: who,
    ok: { status: 200, description: 'the webhook as changed', schema: z.object({ webhook: webhookDto }) }, errors: noHook,
  },
  'DELETE /api/projects/{projectId}/webhooks/{webhookId}': {
    tag: 'Webhooks', auth: 'user', roles: ['lead'], summary: 'Delete a webhook', description: who,
    ok: { status: 200, description: 'deleted', schema: z.object({ deleted: z.literal(true), webhookId: z.number().int() }) }, errors: noHook,
  },
  'POST /api/projects/{projectId}/webhooks/{webhookId}/test': {
    tag: 'Webhooks', auth: 'user', roles: ['lead'], summary: 'Send a `webhook.test` event to this webhook',
    description: `${who} It goes through the same queue as real events, so it shows in the log.`,
    ok: { status: 202, description: 'queued', schema: z.object({ delivery: deliveryDto }) },
    errors: { ...noHook, 409: 'the webhook is disabled' },
  },
};

import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.js';
import { fail, notFound, zv } from '../http.js';
import { projectAccess, requireUser } from '../middleware.js';
import {
  createWebhookBody, deliveriesQuery, updateWebhookBody, webhookParam, WEBHOOK_TEST_EVENT, WEBHOOKS_PER_PROJECT,
  type CreatedWebhookDto,
} from '@shared/api/webhooks.js';
import { countWebhooks, deleteWebhook, deliveryDto, insertWebhook, listDeliveries, listWebhooks, updateWebhook, webhookDto } from '../repos/webhooks.js';
import { rolesIn } from '../repos/members.js';
import { audit } from '../repos/audit.js';
import { inTokenScope } from '../services/token-auth.js';
import { urlRefusal } from '../webhooks/address-policy.js';
import { emitEvent } from '../webhooks/events.js';
import { newWebhookSecret, secretHint } from '../webhooks/signing.js';
import { webhookAllowList } from '../webhooks/settings.js';

/**
 * The project's leads, or an administrator (who may not be a member): webhooks send the project's events
 * out of Triad, so nobody else sees, changes or tests them, nor reads their log.
 */
const leadsOrAdmins = createMiddleware<AppEnv>(async (c, next) => {
  const id = Number(c.req.param('projectId'));
  if (c.var.user.isAdmin && Number.isInteger(id) && id > 0 && inTokenScope(c, id)) {
    const { db } = c.var.deps;
    if (await db.selectFrom('projects').select('id').where('id', '=', id).executeTakeFirst()) {
      c.set('project', { id, roles: await rolesIn(db, id, c.var.user.id) });
      return next();
    }
  }
  return projectAccess('lead')(c, next);
});

/** Webhooks of a project, their "send test", and the delivery log (server/webhooks/ sends them). */
export const webhookRoutes = new Hono<AppEnv>()
  .use(requireUser)
  .get('/:projectId/webhooks', leadsOrAdmins, async (c) => c.json({ webhooks: await listWebhooks(c.var.deps.db, c.var.project.id) }))
  .post('/:projectId/webhooks', leadsOrAdmins, zv('json', createWebhookBody), async (c) => {
    const body = c.req.valid('json');
    const { db, now } = c.var.deps;
    const projectId = c.var.project.id;
    if ((await countWebhooks(db, projectId)) >= WEBHOOKS_PER_PROJECT) {
      return fail(409, 'conflict', `this project already has ${WEBHOOKS_PER_PROJECT} webhooks: delete one it no longer needs first`);
    }
    const refused = await urlRefusal(body.url, webhookAllowList());
    if (refused) return fail(400, 'bad_request', refused, [{ path: 'url', message: refused.replace(/^url: /, '') }]);
    const secret = newWebhookSecret();
    const at = now();
    const id = await insertWebhook(db, { projectId, url: body.url, events: body.events, enabled: body.enabled, secret, secretHint: secretHint(secret), createdBy: c.var.user.id, now: at });
    await audit(db, { at, userId: c.var.user.id, projectId, action: 'webhook.create', details: { id, url: body.url, events: body.events } });
    const answer: CreatedWebhookDto = { webhook: (await webhookDto(db, projectId, id))!, secret };
    return c.json(answer, 201);
  })
  .get('/:projectId/webhooks/deliveries', leadsOrAdmins, zv('query', deliveriesQuery), async (c) => {
    return c.json(await listDeliveries(c.var.deps.db, c.var.project.id, c.req.valid('query')));
  })
  .patch('/:projectId/webhooks/:webhookId', leadsOrAdmins, zv('param', webhookParam), zv('json', updateWebhookBody), async (c) => {
    const { webhookId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { db, now } = c.var.deps;
    if (!(await updateWebhook(db, c.var.project.id, webhookId, body))) return notFound('webhook');
    await audit(db, { at: now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'webhook.update', details: { id: webhookId, ...body } });
    return c.json({ webhook: (await webhookDto(db, c.var.project.id, webhookId))! });
  })
  .delete('/:projectId/webhooks/:webhookId', leadsOrAdmins, zv('param', webhookParam), async (c) => {
    const { webhookId } = c.req.valid('param');
    const { db, now } = c.var.deps;
    if (!(await deleteWebhook(db, c.var.project.id, webhookId))) return notFound('webhook');
    await audit(db, { at: now(), userId: c.var.user.id, projectId: c.var.project.id, action: 'webhook.delete', details: { id: webhookId } });
    return c.json({ deleted: true as const, webhookId });
  })
  // Sends `webhook.test` to this one webhook through the same queue as real events: it shows in the log.
  .post('/:projectId/webhooks/:webhookId/test', leadsOrAdmins, zv('param', webhookParam), async (c) => {
    const { webhookId } = c.req.valid('param');
    const { db, now } = c.var.deps;
    const hook = await webhookDto(db, c.var.project.id, webhookId);
    if (!hook) return notFound('webhook');
    if (!hook.enabled) return fail(409, 'conflict', 'this webhook is disabled: enable it to send a test');
    const [id] = await emitEvent(db, c.var.project.id, WEBHOOK_TEST_EVENT, now(), {
      webhookId, message: 'A test from Triad: this webhook is set up.', sentBy: c.var.user.id,
    }, webhookId);
    return c.json({ delivery: (await deliveryDto(db, c.var.project.id, id))! }, 202);
  });
